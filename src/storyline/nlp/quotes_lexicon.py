"""Word lists for quotation finding, loaded once from storyline/data (cue verbs, phrases, titles)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from storyline import resources

_VOWELS = "aeiou"


def inflect(base: str, past: str | None = None, participle: str | None = None) -> set[str]:
    """The surface forms of a regular English verb (irregular pasts given explicitly)."""
    forms = {base}
    if base.endswith("y") and base[-2:-1] not in _VOWELS:
        forms |= {base[:-1] + "ies", base[:-1] + "ied"}
    elif base.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms |= {base + "es", base + "ed"}
    else:
        forms |= {base + "s", base + ("d" if base.endswith("e") else "ed")}
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        forms.add(base[:-1] + "ing")
    else:
        forms.add(base + "ing")
    if past:
        forms.discard(base + "ed")
        forms.discard(base + "d")
        forms.add(past)
        if past.endswith("ed") and past[-3] == past[-4]:  # doubled consonant: admitted -> admitting
            forms.discard(base + "ing")
            forms.add(past[:-2] + "ing")
    if participle:
        forms.add(participle)
    return forms


@dataclass(frozen=True)
class Lexicon:
    """Lowercase lookup tables; cue verb forms map to (base, classes)."""

    verbs: dict[str, tuple[str, frozenset[str]]]
    preps: tuple[tuple[str, ...], ...]
    channels: tuple[tuple[str, ...], ...]
    nouns: frozenset[str]
    cue_preps: frozenset[str]
    source_preps: frozenset[str]
    feeling_cues: frozenset[str]
    channel_nouns: frozenset[str]
    titles: frozenset[str]
    generic_titles: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    self_pronouns: frozenset[str]
    group_nouns: frozenset[str]

    def verb(self, word: str) -> tuple[str, frozenset[str]] | None:
        return self.verbs.get(word.lower())


def _tagged(name: str) -> list[tuple[str, str]]:
    out = []
    for line in resources.lines(name):
        tag, sep, rest = line.partition(":")
        out.append((tag.strip(), rest.strip()) if sep else ("", line.strip()))
    return out


@cache
def lexicon() -> Lexicon:
    classes: dict[str, set[str]] = {}
    forms_of: dict[str, set[str]] = {}
    for cls, rest in _tagged("cue_verbs.txt"):
        base, *irregular = rest.lower().split()
        classes.setdefault(base, set()).add(cls)
        forms_of.setdefault(base, set()).update(inflect(base, *irregular[:2]))
    verbs: dict[str, tuple[str, frozenset[str]]] = {}
    for base, forms in forms_of.items():
        for f in forms:
            verbs.setdefault(f, (base, frozenset(classes[base])))
    phrases = _tagged("quote_cue_phrases.txt")
    titles = _tagged("speaker_titles.txt")
    words = _tagged("quote_speaker_words.txt")

    def pick(table: list[tuple[str, str]], tag: str) -> frozenset[str]:
        return frozenset(w.lower() for t, w in table if t == tag)

    return Lexicon(
        verbs=verbs,
        preps=tuple(tuple(p.lower().split()) for t, p in phrases if t == "prep"),
        channels=tuple(tuple(p.lower().split()) for t, p in phrases if t == "channel"),
        nouns=frozenset(p.lower() for t, p in phrases if t == "noun"),
        cue_preps=frozenset(p.lower() for t, p in phrases if t == "cue-prep"),
        source_preps=frozenset(p.lower() for t, p in phrases if t == "source-prep"),
        feeling_cues=frozenset(p.lower() for t, p in phrases if t == "feeling-cue"),
        channel_nouns=frozenset(p.lower() for t, p in phrases if t == "channel-noun"),
        titles=pick(titles, "") | pick(titles, "generic"),
        generic_titles=pick(titles, "generic"),
        person_pronouns=pick(words, "pronoun-person"),
        group_pronouns=pick(words, "pronoun-group"),
        self_pronouns=pick(words, "pronoun-self"),
        group_nouns=pick(words, "group"),
    )
