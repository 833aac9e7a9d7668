"""Turning Vietnamese (or English) text into search terms.

Citizens type without diacritics, with typos and with spelling variants, so every text is
seen twice: accent-folded (NFD, marks dropped, đ→d, lower) and accented (lower, NFC). Both
give syllable unigrams and bigrams; Vietnamese words are 1–3 syllables, so bigrams carry
most compound words ("khai sinh", "giấy phép"). The folded form also merges the i/y spelling
variants ("kỹ/kĩ", "lý/lí", "ký/kí") that people use interchangeably.
"""

import itertools
import re
import unicodedata
from functools import lru_cache

from motcua.core.text import fold

_WORD = re.compile(r"\w+", re.UNICODE)
# Consonant + final y, spelled with i by many writers: "ky"/"ki", "ly"/"li", "quy"/"qui".
_I_Y = re.compile(r"^(b|d|h|k|l|m|n|s|t|v|qu)y$")
_VIETNAMESE_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")


def normalise_syllable(folded: str) -> str:
    """One spelling for the i/y variants of a folded syllable."""
    return _I_Y.sub(r"\1i", folded)


def accented_syllables(text: str) -> list[str]:
    """Lower-case NFC syllables keeping diacritics (for exact-accent bonus terms)."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


@lru_cache(maxsize=65536)
def fold_syllable(syllable: str) -> str:
    """Folded, i/y-normalised form of one syllable (cached: a catalog has a few thousand)."""
    return normalise_syllable(fold(syllable))


def folded_syllables(text: str) -> list[str]:
    """Folded, i/y-normalised syllables, in order (punctuation dropped)."""
    return [fold_syllable(s) for s in accented_syllables(text)]


def segments(text: str) -> list[str]:
    """Pieces of text between punctuation: bigrams never span a comma or a bracket."""
    return [p for p in re.split(r"[,;:.()\[\]\"“”/–\n-]+", text) if p.strip()]


def has_diacritics(text: str) -> bool:
    """True when the text carries Vietnamese marks (so exact-accent matches are meaningful)."""
    decomposed = unicodedata.normalize("NFD", text)
    if any(unicodedata.combining(ch) for ch in decomposed):
        return True
    return any(ch in _VIETNAMESE_LETTERS for ch in text)


@lru_cache(maxsize=16384)
def terms_for_text(text: str, *, accented: bool = True) -> tuple[str, ...]:
    """Index terms for one field value: folded unigrams and bigrams, plus accented ones.

    Cached: requirement names, authorities and legal bases repeat across procedures.
    """
    out: list[str] = []
    for piece in segments(text):
        acc = accented_syllables(piece)
        folded = [fold_syllable(s) for s in acc]
        out.extend(folded)
        out.extend(f"{a} {b}" for a, b in itertools.pairwise(folded))
        if accented:
            out.extend("~" + s for s in acc)
            out.extend(f"~{a} {b}" for a, b in itertools.pairwise(acc))
    return tuple(out)
