"""From a question to weighted index terms and the "concepts" used to judge coverage.

Order matters: synonyms are matched first on the raw question (their everyday words are
usually not in the catalog and must not be "corrected" into catalog words), then intent
cues and stop words are set aside, then each remaining syllable that the catalog does not
know is corrected against the catalog vocabulary (edit distance, or a split of two merged
syllables). Bigrams are formed between adjacent remaining syllables.
"""

from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from motcua.assistant.analysis import folded_syllables, terms_for_text
from motcua.assistant.index import CatalogIndex
from motcua.assistant.intent import intent_detect
from motcua.assistant.phrases import Token, find, tokenize
from motcua.assistant.segment import words
from motcua.assistant.stopwords import ENGLISH_WORDS, is_stop
from motcua.assistant.synonyms import SYNONYMS

ACCENT_BONUS = 0.3
WORD_WEIGHT = 0.5
EXPANSION_WEIGHT = 1.0
TYPO_WEIGHT = 0.8
PAIR_WEIGHT = 0.5


@dataclass
class Concept:
    """One thing the question mentions; covered by a procedure holding any evidence term."""

    label: str
    evidence: set[str]
    weight: float = 0.0
    # a typo-corrected word is weaker evidence that the catalog is about the question
    certainty: float = 1.0
    # two adjacent words: supporting evidence, weighs half
    pair: bool = False


@dataclass
class Query:
    text: str
    intent: str
    english: bool
    terms: dict[str, float] = field(default_factory=dict)
    concepts: list[Concept] = field(default_factory=list)
    corrections: dict[str, list[str]] = field(default_factory=dict)

    def add(self, term: str, weight: float) -> None:
        self.terms[term] = max(self.terms.get(term, 0.0), weight)


def is_english(tokens: tuple[Token, ...]) -> bool:
    """No Vietnamese marks and mostly English words ("khaisinh online" is not English)."""
    if not tokens or any(t.marked for t in tokens):
        return False
    known = sum(1 for t in tokens if t.folded in ENGLISH_WORDS)
    return known >= 2 and known / len(tokens) >= 0.4


def _correct(syllable: str, index: CatalogIndex) -> list[str]:
    """Catalog syllables the user probably meant by an unknown one."""
    if syllable.isdigit() or len(syllable) < 3:
        return []
    limit = 2 if len(syllable) >= 7 else 1
    matches = process.extract(
        syllable, index.unigrams, scorer=Levenshtein.distance, score_cutoff=limit, limit=4
    )
    if matches:
        best = min(m[1] for m in matches)
        return [m[0] for m in matches if m[1] == best]
    known = index.postings
    for cut in range(2, len(syllable) - 1):  # "khaisinh" → "khai sinh"
        left, right = syllable[:cut], syllable[cut:]
        if left in known and right in known:
            return [f"{left} {right}"]
    return []


def query_build(question: str, index: CatalogIndex) -> Query:
    tokens = tokenize(question)
    english = is_english(tokens)
    intent, cue_positions = intent_detect(tokens)
    query = Query(text=question, intent=intent, english=english)

    taken: set[int] = set()
    for sayings, targets in SYNONYMS:
        for saying in sayings:
            size = len(saying.split())
            for start in find(tokens, saying):
                span = set(range(start, start + size))
                if span & taken:
                    continue
                taken |= span
                evidence: set[str] = set()
                for target in targets:
                    syllables = folded_syllables(target)
                    for term in terms_for_text(target, accented=False):
                        query.add(term, EXPANSION_WEIGHT)
                    # A multi-syllable target counts as present only as a whole phrase.
                    evidence.add(" ".join(syllables[:2]) if len(syllables) > 1 else syllables[0])
                query.concepts.append(Concept(saying, evidence))

    # Positions still to search: not a cue, not a stop word, not inside a synonym.
    slots: list[list[tuple[str, float]] | None] = []
    for i, token in enumerate(tokens):
        if i in taken:
            # Keep the user's own words too (e.g. "x quang"), they may be catalog words.
            slots.append([(token.folded, 1.0)] if token.folded in index.postings else None)
            continue
        if i in cue_positions or is_stop(token, english=english):
            slots.append(None)
            continue
        if token.folded in index.postings or english:
            options = [(token.folded, 1.0)]
        else:
            fixes = _correct(token.folded, index)
            query.corrections[token.folded] = fixes
            options = [(fix, TYPO_WEIGHT) for fix in fixes] or [(token.folded, 1.0)]
        slots.append(options)
        evidence = {s for option, _ in options for s in option.split()}
        certainty = min(weight for _, weight in options)
        query.concepts.append(Concept(token.folded, evidence, certainty=certainty))

    for i, options in enumerate(slots):
        if not options:
            continue
        for syllable, weight in options:
            for term in terms_for_text(syllable, accented=False):
                query.add(term, weight)
            if i + 1 < len(slots) and slots[i + 1]:
                for nxt, nweight in slots[i + 1]:
                    query.add(f"{syllable.split()[-1]} {nxt.split()[0]}", min(weight, nweight))
        token = tokens[i]
        if token.marked and not english:
            query.add("~" + token.accented, ACCENT_BONUS)
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is not None and slots[i + 1] and nxt.marked:
                query.add(f"~{token.accented} {nxt.accented}", ACCENT_BONUS)
    # Adjacent words are a concept too: "xây dựng" is not covered by "sử dụng" + "xây".
    for i in range(len(slots) - 1):
        if slots[i] and slots[i + 1] and i not in taken and i + 1 not in taken:
            pairs = {
                f"{a.split()[-1]} {b.split()[0]}" for a, _ in slots[i] for b, _ in slots[i + 1]
            }
            query.concepts.append(Concept(" ".join(sorted(pairs)), pairs, pair=True))
    best = [options[0][0] for options in slots if options]
    for word in words(" ".join(best).split(), index.lexicon):
        query.add(word, WORD_WEIGHT)

    for concept in query.concepts:
        weights = [index.idf_of(t) for t in concept.evidence if t in index.postings]
        concept.weight = max(weights) if weights else index.typical_idf
        if concept.pair:
            concept.weight *= PAIR_WEIGHT
    return query
