"""Word segmentation: which runs of syllables form one Vietnamese word.

underthesea segments accented text well (offline, no model download for `word_tokenize`)
but costs ~0.3 ms a sentence, too slow to run over every field of thousands of procedures
and unreliable on folded text. So it runs once per distinct short catalog string (names,
keywords, results, requirement names) to learn the catalog's multi-syllable words; queries
and long texts are then segmented by greedy longest match against that lexicon, folded, in
microseconds. Without underthesea the lexicon is empty and bigrams alone carry compounds.
"""

from collections.abc import Iterable
from functools import lru_cache

from motcua.assistant.analysis import folded_syllables

MAX_WORD_SYLLABLES = 4

try:  # pragma: no cover - exercised implicitly; the fallback is the tested path's absence
    from underthesea import word_tokenize as _word_tokenize
except ImportError:  # pragma: no cover
    _word_tokenize = None


def segmenter_available() -> bool:
    return _word_tokenize is not None


@lru_cache(maxsize=16384)
def _segment(text: str) -> tuple[tuple[str, ...], ...]:
    """Folded multi-syllable words of one text (cached: a rebuild re-segments only changes)."""
    found = []
    for word in _word_tokenize(text):  # type: ignore[misc]
        syllables = tuple(folded_syllables(word))
        if 2 <= len(syllables) <= MAX_WORD_SYLLABLES:
            found.append(syllables)
    return tuple(found)


def build_lexicon(texts: Iterable[str]) -> frozenset[tuple[str, ...]]:
    """Folded multi-syllable words found by underthesea in the given accented texts."""
    if _word_tokenize is None:
        return frozenset()
    lexicon: set[tuple[str, ...]] = set()
    for text in set(texts):
        if text:
            lexicon.update(_segment(text))
    return frozenset(lexicon)


def words(syllables: list[str], lexicon: frozenset[tuple[str, ...]]) -> list[str]:
    """Multi-syllable lexicon words in a folded syllable sequence, greedy longest match."""
    found: list[str] = []
    i = 0
    while i < len(syllables):
        for size in range(min(MAX_WORD_SYLLABLES, len(syllables) - i), 1, -1):
            candidate = tuple(syllables[i : i + size])
            if candidate in lexicon:
                found.append("w:" + " ".join(candidate))
                i += size
                break
        else:
            i += 1
    return found
