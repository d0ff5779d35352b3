"""Coarse parts of speech from the tagger's tags by the model's own attribute-ruler table, hash-indexed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

COMPONENT = "storyline_pos"
FIELDS = ("TAG", "LOWER", "DEP", "IS_SPACE")  # the token attributes a rule may test, in array order
SET = ("POS", "TAG", "DEP")  # the attributes a rule may set that storyline reads (LEMMA, MORPH: unused)

Test = tuple[int, Callable[[int], bool]]  # (field, predicate on the field's hash)


@dataclass(frozen=True)
class Rule:
    """One attribute-ruler pattern: tests per token of the pattern, the token it sets, what it sets,
    and the (field, hash) keys under which its first token can be looked up (empty: test always)."""

    order: int
    tests: tuple[tuple[Test, ...], ...]
    index: int
    sets: tuple[tuple[str, str], ...]
    keys: tuple[tuple[int, int], ...]


def _values(strings: Any, spec: Any) -> list[int] | None:
    """The hashes a test accepts when they can be listed (a string, True, an IN list), else None."""
    if spec is True:
        return [1]
    if isinstance(spec, str):
        return [strings.add(spec)]
    if isinstance(spec, dict) and set(spec) == {"IN"}:
        return [strings.add(x) for x in spec["IN"]]
    return None


def _predicate(strings: Any, spec: Any) -> Callable[[int], bool]:
    if isinstance(spec, bool):
        return (lambda v: bool(v)) if spec else (lambda v: not v)
    if isinstance(spec, str):
        want = strings.add(spec)
        return lambda v: v == want
    if isinstance(spec, dict) and len(spec) == 1 and set(spec) <= {"IN", "NOT_IN"}:
        (op, values), = spec.items()
        hashes = frozenset(strings.add(x) for x in values)
        return (lambda v: v in hashes) if op == "IN" else (lambda v: v not in hashes)
    raise ValueError(f"attribute-ruler pattern value {spec!r} is not supported by {COMPONENT}")


def _token_tests(strings: Any, token: dict[str, Any]) -> tuple[Test, ...]:
    unknown = set(token) - set(FIELDS)
    if unknown:
        raise ValueError(f"attribute-ruler pattern key(s) {sorted(unknown)} are not supported by {COMPONENT}")
    return tuple((FIELDS.index(k), _predicate(strings, v)) for k, v in token.items())


def _keys(strings: Any, token: dict[str, Any]) -> tuple[tuple[int, int], ...]:
    """Lookup keys of a first token: the values of its most selective listable test (word, then
    dependency, then space, then tag: a rule for "was" is tried on "was" only, not on every VBD)."""
    for field in ("LOWER", "DEP", "IS_SPACE", "TAG"):
        if field in token and (values := _values(strings, token[field])) is not None:
            return tuple((FIELDS.index(field), v) for v in values)
    return ()


def compile_rules(strings: Any, patterns: Sequence[dict[str, Any]]) -> tuple[Rule, ...]:
    """The rules of `AttributeRuler.patterns`, in their order (a later rule wins, as in spaCy)."""
    rules = []
    for order, p in enumerate(patterns):
        sets = tuple((k, str(v)) for k, v in p["attrs"].items() if k in SET)
        if not sets:
            continue
        for pattern in p["patterns"]:
            index = p.get("index", 0)
            rules.append(Rule(order, tuple(_token_tests(strings, t) for t in pattern),
                              index if index >= 0 else len(pattern) + index, sets, _keys(strings, pattern[0])))
    return tuple(rules)


class PosFromTags:
    """Sets POS (and the few TAG/DEP fixes for spaces) exactly as the model's attribute ruler does.

    spaCy's AttributeRuler runs its Matcher over every pattern at every token; here each rule is
    filed under the values its first token needs (its tag, its word, ...), so a token is tested only
    against the rules it can match, in the ruler's order (a later rule overrides an earlier one).
    """

    def __init__(self, strings: Any, patterns: Sequence[dict[str, Any]]) -> None:
        self.rules = compile_rules(strings, patterns)
        self.always = tuple(r for r in self.rules if not r.keys)
        self.index: tuple[dict[int, list[Rule]], ...] = tuple({} for _ in FIELDS)
        for r in self.rules:
            for field, value in r.keys:
                self.index[field].setdefault(value, []).append(r)

    def __call__(self, doc: Any) -> Any:
        import numpy
        from spacy.attrs import DEP, IS_SPACE, LOWER, POS, TAG
        from spacy.parts_of_speech import IDS

        n = len(doc)
        if not n:
            return doc
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        pos, order = [0] * n, [-1] * n
        other: dict[tuple[int, str], tuple[int, str]] = {}
        for i in range(n):
            for rule in self._candidates(rows[i]):
                if not self._matches(rule, rows, i):
                    continue
                t = i + rule.index
                for attr, value in rule.sets:
                    if attr == "POS":
                        if order[t] <= rule.order:
                            pos[t], order[t] = IDS[value], rule.order
                    elif (t, attr) not in other or other[t, attr][0] <= rule.order:
                        other[t, attr] = (rule.order, value)
        doc.from_array([POS], numpy.array(pos, dtype="uint64").reshape(n, 1))
        for (t, attr), (_, value) in other.items():
            setattr(doc[t], attr.lower() + "_", value)
        return doc

    def _candidates(self, row: list[int]) -> Sequence[Rule]:
        found: list[Rule] = []
        lists = 0
        for field, value in enumerate(row):
            hit = self.index[field].get(value)
            if hit:
                found += hit
                lists += 1
        if self.always:
            found += self.always
            lists += 1
        if lists > 1:
            found.sort(key=_order)
        return found

    @staticmethod
    def _matches(rule: Rule, rows: list[list[int]], i: int) -> bool:
        if i + len(rule.tests) > len(rows):
            return False
        for k, tests in enumerate(rule.tests):
            row = rows[i + k]
            for field, test in tests:
                if not test(row[field]):
                    return False
        return True


def _order(rule: Rule) -> int:
    return rule.order


def replace_attribute_ruler(nlp: Any) -> None:
    """Swap the pipeline's "attribute_ruler" for PosFromTags built from its patterns (idempotent)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    patterns = nlp.get_pipe("attribute_ruler").patterns
    nlp.add_pipe(COMPONENT, before="attribute_ruler", config={"patterns": patterns})
    nlp.remove_pipe("attribute_ruler")


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.factory(COMPONENT, default_config={"patterns": []}, func=_make)


def _make(nlp: Any, name: str, patterns: list[dict[str, Any]]) -> PosFromTags:
    return PosFromTags(nlp.vocab.strings, patterns)


_register()
