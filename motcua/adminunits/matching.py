"""Finding unit names inside free address text. Pure: no ORM, table-tested.

An address is written smallest unit first ("Xã Hoàng Hanh, Huyện Tiên Lữ, Tỉnh Hưng Yên"),
with or without diacritics, commas and the type words. We fold it to words, find each known
unit's bare name ("hoang hanh") as a run of words that does not cross a comma, and prefer the
run nearest the end: the province is the last name, the district the one before it, and a
village or street name in front of the commune cannot win over the commune.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from motcua.core.text import fold_words

# Never part of a name, so a run of words cannot cross it.
SEPARATOR = "|"

# Type words in front of a name, folded; the longest is tried first.
_PREFIXES: tuple[tuple[str, ...], ...] = (
    ("thanh", "pho"),
    ("thi", "tran"),
    ("thi", "xa"),
    ("dac", "khu"),
    ("tinh",),
    ("huyen",),
    ("quan",),
    ("phuong",),
    ("xa",),
)
# Abbreviations seen on forms and envelopes.
_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "tp": ("thanh", "pho"),
    "tx": ("thi", "xa"),
    "tt": ("thi", "tran"),
    "tphcm": ("thanh", "pho", "ho", "chi", "minh"),
    "hcm": ("ho", "chi", "minh"),
}
_NUMBERED = re.compile(r"^(p|q)(\d+)$")
_NUMBERED_PREFIX = {"p": "phuong", "q": "quan"}
_SPLIT_SEGMENTS = re.compile(r"[,;\n]+")


def _canonical_number(word: str) -> str:
    # "Phường 01" and "Phường 1" are the same unit.
    return str(int(word)) if word.isdigit() else word


def address_words(text: str) -> tuple[str, ...]:
    """Folded words of an address, with SEPARATOR between comma-separated parts."""
    out: list[str] = []
    for segment in _SPLIT_SEGMENTS.split(text):
        words = fold_words(segment)
        if not words:
            continue
        if out:
            out.append(SEPARATOR)
        for i, word in enumerate(words):
            numbered = _NUMBERED.match(word)
            if numbered:
                out += [_NUMBERED_PREFIX[numbered[1]], _canonical_number(numbered[2])]
            elif word in _NUMBERED_PREFIX and i + 1 < len(words) and words[i + 1].isdigit():
                out.append(_NUMBERED_PREFIX[word])
            elif word in _ABBREVIATIONS:
                out += _ABBREVIATIONS[word]
            else:
                out.append(_canonical_number(word))
    return tuple(out)


def split_prefix(words: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(type words, bare name words) of a unit's folded name."""
    for prefix in _PREFIXES:
        if tuple(words[: len(prefix)]) == prefix and len(words) > len(prefix):
            return prefix, tuple(words[len(prefix) :])
    return (), tuple(words)


def name_pattern(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(type words, words to look for) of a unit name.

    A bare number ("Phường 14", "Quận 11") means nothing alone, so it keeps its type word.
    """
    words = tuple(_canonical_number(w) for w in fold_words(name))
    prefix, bare = split_prefix(words)
    if all(w.isdigit() for w in bare):
        return prefix, prefix + bare
    return prefix, bare


@dataclass(frozen=True)
class Candidate[T]:
    """A unit that could be named in the text: `item` is the caller's object."""

    item: T
    prefix: tuple[str, ...]
    words: tuple[str, ...]


@dataclass(frozen=True)
class Match[T]:
    item: T
    start: int
    end: int  # exclusive
    prefix_agrees: bool | None  # the type word written before the name: same, other, none


def candidates_from[T](items: Iterable[T], name_of) -> list[Candidate[T]]:
    out = []
    for item in items:
        prefix, words = name_pattern(name_of(item))
        if words:
            out.append(Candidate(item=item, prefix=prefix, words=words))
    return out


def _prefix_before(words: Sequence[str], start: int) -> tuple[str, ...] | None:
    for prefix in _PREFIXES:
        if start >= len(prefix) and tuple(words[start - len(prefix) : start]) == prefix:
            return prefix
    return None


def find_matches[T](
    words: Sequence[str],
    candidates: Iterable[Candidate[T]],
    *,
    consumed: frozenset[int] = frozenset(),
) -> list[Match[T]]:
    """Every place a candidate's name occurs in `words`, outside the `consumed` positions."""
    by_first: dict[str, list[Candidate[T]]] = {}
    for cand in candidates:
        by_first.setdefault(cand.words[0], []).append(cand)
    matches: list[Match[T]] = []
    for start, word in enumerate(words):
        for cand in by_first.get(word, ()):
            end = start + len(cand.words)
            if tuple(words[start:end]) != cand.words:
                continue
            if any(i in consumed for i in range(start, end)):
                continue
            written = _prefix_before(words, start)
            agrees = None if written is None or not cand.prefix else written == cand.prefix
            if cand.prefix and cand.words[: len(cand.prefix)] == cand.prefix:
                agrees = True  # numbered names carry their type word inside the match
            matches.append(Match(cand.item, start, end, agrees))
    return matches


def best_matches[T](matches: Sequence[Match[T]], *, strict: bool = False) -> list[Match[T]]:
    """The matches the text most likely means, all of them when it cannot tell.

    `strict` (no province or district to lean on): a one-word name counts only after its
    type word, so "Khu công nghệ cao" does not find "Xã Cao".

    Longest name first among overlapping runs ("Đông Hòa" over "Đông"); then the run ending
    nearest the end of the text; then those whose written type word agrees ("Phường X" over
    "Xã X") when any does.
    """
    if strict:
        matches = [m for m in matches if m.end - m.start > 1 or m.prefix_agrees]
    if not matches:
        return []
    longest = [
        m
        for m in matches
        if not any(
            o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
            for o in matches
        )
    ]
    last_end = max(m.end for m in longest)
    last = [m for m in longest if m.end == last_end]
    longest_len = max(m.end - m.start for m in last)
    last = [m for m in last if m.end - m.start == longest_len]
    agreeing = [m for m in last if m.prefix_agrees is not False]
    return agreeing or last


def span_of[T](matches: Sequence[Match[T]]) -> frozenset[int]:
    """Positions taken by the chosen matches."""
    taken: set[int] = set()
    for m in matches:
        taken.update(range(m.start, m.end))
    return frozenset(taken)
