"""Finding known phrases (synonyms, intent cues) in a tokenised question.

A question token and a phrase token match on the folded form, unless both carry
diacritics: then the accents must agree too, so "cần" (need) never fires the phrase "cân"
(scale) and "tiến hành" never fires "tiền" (money), while "can"/"tien" typed bare still match.
"""

from dataclasses import dataclass
from functools import lru_cache

from motcua.assistant.analysis import accented_syllables, has_diacritics, normalise_syllable
from motcua.core.text import fold


@dataclass(frozen=True)
class Token:
    accented: str
    folded: str
    marked: bool


def tokenize(text: str) -> tuple[Token, ...]:
    tokens = []
    for syllable in accented_syllables(text):
        folded = fold(syllable)
        tokens.append(Token(syllable, normalise_syllable(folded), has_diacritics(syllable)))
    return tuple(tokens)


@lru_cache(maxsize=4096)
def phrase_tokens(phrase: str) -> tuple[Token, ...]:
    return tokenize(phrase)


def _same(question: Token, phrase: Token) -> bool:
    if question.marked and phrase.marked:
        return question.accented == phrase.accented
    return question.folded == phrase.folded


def find(tokens: tuple[Token, ...], phrase: str) -> list[int]:
    """Start positions where `phrase` occurs in `tokens`."""
    wanted = phrase_tokens(phrase)
    size = len(wanted)
    if not size:
        return []
    return [
        start
        for start in range(len(tokens) - size + 1)
        if all(_same(tokens[start + k], wanted[k]) for k in range(size))
    ]
