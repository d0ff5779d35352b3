"""Storyline's one search query syntax: parsed once, translated for SQLite FTS5 and PostgreSQL tsquery.

Syntax (`SYNTAX_HELP` is the short version):

* `palmyra assad`: both words must appear (an uppercase `AND` between items is allowed, a no-op).
* `"syrian army"`: a phrase, the words adjacent and in order.
* `storm OR museum` (uppercase OR): either. OR binds tighter than AND: `a b OR c` = a AND (b OR c).
* `-word`, `-"a phrase"`, `-(group)`, `NOT x` (uppercase): articles matching these are left out.
* `palm*`: words starting with "palm"; `"syrian arm"*`: the phrase's last word is a prefix.
* `(storm OR flood) coast`: parentheses group. Lowercase `or`, `and`, `not` are ordinary words.

Words are lowercased, lose the accents of Latin letters and split into runs of letters and digits
as FTS5's unicode61 tokenizer does (`al-Assad` is the phrase "al assad"); a word with no letters or
digits is ignored. At most `MAX_QUERY_CHARS` characters, `MAX_TERMS` words in all, `MAX_DEPTH` levels
of parentheses; a bad query raises `QuerySyntaxError` saying what is wrong and where.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

__all__ = [
    "MAX_DEPTH", "MAX_QUERY_CHARS", "MAX_TERMS", "SYNTAX_HELP", "All", "AnyOf", "Node", "QuerySyntaxError",
    "Term", "describe", "fold", "index_text", "parse", "to_fts5", "to_tsquery", "tokens",
]  # fmt: skip

MAX_QUERY_CHARS = 1000
MAX_TERMS = 50
MAX_DEPTH = 10

SYNTAX_HELP = """\
Search syntax: words must all appear (palmyra assad); "quoted words" must be adjacent, in order;
storm OR museum matches either (OR binds tighter: a b OR c = a AND (b OR c)); -word, -"phrase",
-(group) or NOT word excludes; palm* matches words starting with palm; parentheses group:
(storm OR flood) coast. AND, OR, NOT are operators only in uppercase. Case and Latin accents are ignored."""

_TOKEN = re.compile(r"[^\W_]+")
#: The same runs where every letter and digit is ASCII (folded: lower case), found faster than by Unicode classes.
_ASCII_TOKEN = re.compile(r"[a-z0-9]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: bytes.translate table: ASCII lower-case letters and digits kept, every other byte a space.
_SEPARATE = bytes(c if chr(c).isdigit() or "a" <= chr(c) <= "z" else 32 for c in range(128)) + b" " * 128
#: The combining-diacritics blocks, the marks Latin letters decompose into (a small class: big ones make re slow).
_MARKS = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
#: Any such mark (a quick test: most text has none, and then there is nothing to take out).
_ANY_MARK = re.compile(_MARKS)
_LEXEME = re.compile(r'(?P<space>\s+)|(?P<paren>[()])|(?P<phrase>"[^"]*"\**)|(?P<quote>")|(?P<word>[^\s()"]+)')


class QuerySyntaxError(ValueError):
    """A search query that cannot be understood; the message says what is wrong and where."""


@dataclass(frozen=True)
class Term:
    """One word or phrase: folded tokens that must be adjacent, in order; `prefix` applies to the last."""

    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class All:
    """Every `include` node must match and no `exclude` node may."""

    include: tuple[Node, ...]
    exclude: tuple[Node, ...] = ()


@dataclass(frozen=True)
class AnyOf:
    """At least one of `options` must match."""

    options: tuple[Node, ...]


Node = Term | All | AnyOf


def fold(text: str) -> str:
    """`text` lowercased, without the accents of ASCII letters (`Électeurs` -> `electeurs`), in NFC.

    This is what FTS5's unicode61 tokenizer (remove_diacritics 2) does to NFC text: marks on other
    letters are kept (`й`, `ά`, `أ` stay; dropping them would make FTS5 miss such words). Marks are
    those of the combining-diacritics blocks (the ones Latin letters decompose into).
    """
    if text.isascii():
        return text.lower()
    bare = unicodedata.normalize("NFD", text)
    if _ANY_MARK.search(bare):
        bare = _without_ascii_marks(bare)
    return unicodedata.normalize("NFC", bare.lower())


def _without_ascii_marks(bare: str) -> str:
    """NFD text without the diacritic-block marks on ASCII letters, wherever canonical order put them
    among the letter's other marks (in "A\u0e48\u0300" the grave follows a Thai tone mark)."""
    out: list[str] = []
    on_ascii = False
    for c in bare:
        if not unicodedata.combining(c):
            on_ascii = c.isascii() and c.isalpha()
        elif on_ascii and _ANY_MARK.match(c):
            continue
        out.append(c)
    return "".join(out)


def tokens(text: str) -> list[str]:
    """The folded runs of letters and digits in `text` (underscore and punctuation separate them)."""
    folded = fold(text)
    if _ascii_words(folded):
        return _ASCII_TOKEN.findall(folded)
    return _TOKEN.findall(folded)


def utf8_tokens(text: str) -> list[bytes]:
    """`tokens(text)`, each UTF-8 encoded (a tsvector's lexemes): where every letter and digit is
    ASCII, split by a byte table instead of a pattern, which is faster."""
    folded = fold(text)
    if _ascii_words(folded):
        return folded.encode().translate(_SEPARATE).split()
    return [t.encode() for t in _TOKEN.findall(folded)]


def _ascii_words(folded: str) -> bool:
    """Whether every letter and digit of `folded` is ASCII (other characters, e.g. curly quotes, may not be)."""
    return folded.isascii() or not _TOKEN.search("".join(_NON_ASCII.findall(folded)))


def index_text(text: str) -> str:
    """`text` as space-separated tokens, for PostgreSQL's to_tsvector('simple', ...) to index.

    Put a position gap between columns, or a phrase matches across them (an FTS5 phrase never does):
    `ts_delete(to_tsvector('simple', t) || $$'_':1$$::tsvector || to_tsvector('simple', b), '_')`.
    """
    return " ".join(tokens(text))


class _Tok(NamedTuple):
    kind: str  # "(", ")", "AND", "OR", "NOT", "-" or "TERM"
    pos: int  # 1-based character position, for error messages
    term: Term | None = None


def _lex(text: str) -> list[_Tok]:
    """The query's tokens; checks quotes, parentheses, nesting depth and the number of terms."""
    out: list[_Tok] = []
    opens: list[int] = []
    for m in _LEXEME.finditer(text):
        kind, at = m.lastgroup, m.start() + 1
        if kind == "paren":
            _paren(m.group(), at, opens)
            out.append(_Tok(m.group(), at))
        elif kind == "quote":
            raise QuerySyntaxError(f"unclosed quote at character {at}")
        elif kind == "phrase":
            _phrase(m.group(), at, out)
        elif kind == "word":
            _word(m.group(), at, text[m.end() : m.end() + 1], out)
    if opens:
        raise QuerySyntaxError(f"unbalanced parenthesis: '(' at character {opens[-1]} is never closed")
    count = sum(len(t.term.tokens) for t in out if t.term)
    if count > MAX_TERMS:
        raise QuerySyntaxError(f"too many terms: {count} (at most {MAX_TERMS})")
    return out


def _paren(char: str, at: int, opens: list[int]) -> None:
    if char == ")" and not opens:
        raise QuerySyntaxError(f"unbalanced parenthesis: ')' at character {at} has no matching '('")
    if char == ")":
        opens.pop()
    elif len(opens) == MAX_DEPTH:
        raise QuerySyntaxError(f"too deeply nested: more than {MAX_DEPTH} levels of parentheses at character {at}")
    else:
        opens.append(at)


def _phrase(text: str, at: int, out: list[_Tok]) -> None:
    words = tuple(tokens(text.rstrip("*")[1:-1]))
    if words:
        out.append(_Tok("TERM", at, Term(words, text.endswith("*"))))
    elif out and out[-1].kind == "-" and out[-1].pos == at - 1:
        out.pop()  # `-""`: the exclusion of nothing goes with it


def _word(word: str, at: int, following: str, out: list[_Tok]) -> None:
    if word in ("AND", "OR", "NOT"):
        out.append(_Tok(word, at))
    elif word == "-" and following in ('"', "("):
        out.append(_Tok("-", at))
    else:
        negated = word.startswith("-")
        words = tuple(tokens(word[negated:]))
        if words and negated:
            out.append(_Tok("-", at))
        if words:
            out.append(_Tok("TERM", at + negated, Term(words, word.endswith("*"))))


def _all(parts: list[tuple[bool, Node]]) -> Node:
    """An All of these (excluded?, node) parts, nested Alls merged in; a lone include is itself."""
    inc: list[Node] = []
    exc: list[Node] = []
    for excluded, node in parts:
        if excluded:
            exc.append(node)
        elif isinstance(node, All):
            inc.extend(node.include)
            exc.extend(node.exclude)
        else:
            inc.append(node)
    return inc[0] if len(inc) == 1 and not exc else All(tuple(inc), tuple(exc))


def _any(options: list[Node]) -> Node:
    flat = [o for node in options for o in (node.options if isinstance(node, AnyOf) else (node,))]
    return flat[0] if len(flat) == 1 else AnyOf(tuple(flat))


class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks, self.i = toks, 0

    def peek(self) -> str:
        return self.toks[self.i].kind if self.i < len(self.toks) else ""

    def pos(self) -> int:
        return self.toks[self.i].pos

    def next(self) -> _Tok:
        self.i += 1
        return self.toks[self.i - 1]

    def items(self, group_at: int) -> Node:
        """Items up to the closing parenthesis (or the end): included nodes and exclusions."""
        parts: list[tuple[bool, Node]] = []
        while self.peek() not in ("", ")"):
            kind, at = self.peek(), self.pos()
            if kind == "AND":
                self.next()
                if not parts or self.peek() in ("", ")", "AND", "OR"):
                    raise QuerySyntaxError(f"AND needs a term on both sides (character {at})")
            elif kind == "OR":
                raise QuerySyntaxError(f"OR needs a term on both sides (character {at})")
            elif kind in ("-", "NOT"):
                parts.append((True, self.exclusion()))
            else:
                parts.append((False, self.alternatives()))
        return self.finish(parts, group_at)

    def finish(self, parts: list[tuple[bool, Node]], group_at: int) -> Node:
        if parts and all(excluded for excluded, _ in parts):
            where = f"the group at character {group_at}" if group_at else "a query"
            raise QuerySyntaxError(f"{where} cannot be only exclusions: add a word to find")
        if not parts:
            where = f" in the parentheses at character {group_at}" if group_at else ": the query has no words"
            raise QuerySyntaxError("nothing to search for" + where)
        return _all(parts)

    def exclusion(self) -> Node:
        tok = self.next()
        if self.peek() not in ("TERM", "("):
            raise QuerySyntaxError(f"NOT needs a term after it (character {tok.pos})")
        node = self.primary()
        if self.peek() == "OR":
            raise QuerySyntaxError(f"an exclusion cannot be an OR alternative (character {self.pos()})")
        return node

    def alternatives(self) -> Node:
        options = [self.primary()]
        while self.peek() == "OR":
            at = self.next().pos
            if self.peek() in ("-", "NOT"):
                raise QuerySyntaxError(f"an exclusion cannot be an OR alternative (character {self.pos()})")
            if self.peek() not in ("TERM", "("):
                raise QuerySyntaxError(f"OR needs a term on both sides (character {at})")
            options.append(self.primary())
        return _any(options)

    def primary(self) -> Node:
        tok = self.next()
        if tok.term is not None:
            return tok.term
        node = self.items(tok.pos)  # tok is "(": _lex checked that a ")" closes it
        self.next()
        return node


def parse(text: str) -> Node:
    """The query `text` as a tree; raises QuerySyntaxError saying what is wrong and where."""
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"query too long: {len(text)} characters (at most {MAX_QUERY_CHARS})")
    return _Parser(_lex(text.replace("\x00", " "))).items(0)


def to_fts5(node: Node) -> str:
    """An SQLite FTS5 MATCH expression for `node` (every token quoted, every operator parenthesised)."""
    if isinstance(node, Term):
        return '"' + " ".join(node.tokens).replace('"', '""') + '"' + ("*" if node.prefix else "")
    if isinstance(node, AnyOf):
        return "(" + " OR ".join(map(_fts5_operand, node.options)) + ")"
    if not node.exclude:
        return "(" + " AND ".join(map(_fts5_operand, node.include)) + ")"
    left = _fts5_operand(node.include[0]) if len(node.include) == 1 else to_fts5(All(node.include))
    right = _fts5_operand(node.exclude[0]) if len(node.exclude) == 1 else to_fts5(AnyOf(node.exclude))
    return f"{left} NOT {right}"


def _fts5_operand(node: Node) -> str:
    text = to_fts5(node)
    return f"({text})" if isinstance(node, All) and node.exclude else text


def to_tsquery(node: Node) -> str:
    """A string for PostgreSQL's to_tsquery('simple', ...) equivalent to `to_fts5(node)`."""
    if isinstance(node, Term):
        quoted = ["'" + t.replace("'", "''") + "'" for t in node.tokens]
        if node.prefix:
            quoted[-1] += ":*"
        return quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")"
    if isinstance(node, AnyOf):
        return "(" + " | ".join(map(to_tsquery, node.options)) + ")"
    parts = [*map(to_tsquery, node.include), *("!" + to_tsquery(n) for n in node.exclude)]
    return "(" + " & ".join(parts) + ")"


def describe(node: Node) -> str:
    """The canonical text of `node` in the query syntax (parsing it gives `node` back, within the caps)."""
    if isinstance(node, Term):
        text = node.tokens[0] if len(node.tokens) == 1 else '"' + " ".join(node.tokens) + '"'
        return text + ("*" if node.prefix else "")
    if isinstance(node, AnyOf):
        return " OR ".join(map(_describe_operand, node.options))
    return " ".join([*map(_describe_operand, node.include), *("-" + _describe_operand(n) for n in node.exclude)])


def _describe_operand(node: Node) -> str:
    return describe(node) if isinstance(node, Term) else f"({describe(node)})"
