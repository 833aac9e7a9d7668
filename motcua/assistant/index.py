"""A BM25F index over a catalog document in the interchange format (pure Python).

Each procedure is a document with weighted fields (name and keywords count most). Terms
are folded and accented syllable unigrams and bigrams plus lexicon words (analysis.py,
segment.py). Per-field length normalisation is applied at build time, so a query only sums
precomputed pseudo term frequencies: fast enough for thousands of procedures.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from motcua.assistant.analysis import folded_syllables, terms_for_text
from motcua.assistant.segment import build_lexicon, words

K1 = 1.2

# field → (weight, length-normalisation b). Names and keywords say what a procedure is;
# long free texts mention many things in passing, so they weigh less and normalise more.
FIELD_WEIGHTS: dict[str, tuple[float, float]] = {
    "name": (3.0, 0.5),
    "keywords": (2.0, 0.3),
    "result": (1.5, 0.5),
    "field": (1.0, 0.3),
    "requirements": (0.6, 0.75),
    "authority": (0.3, 0.5),
    "conditions": (0.4, 0.75),
    "procedure_text": (0.4, 0.75),
    "legal_bases": (0.3, 0.75),
}
# Short fields whose distinct strings teach the segmenter the catalog's words.
_LEXICON_FIELDS = ("name", "keywords", "result", "field")


def _field_texts(procedure: dict, field_names: dict[str, str]) -> dict[str, list[str]]:
    result = procedure.get("result") or {}
    return {
        "name": [procedure.get("name", "")],
        "keywords": list(procedure.get("keywords") or []),
        "result": [result.get("name", "")],
        "field": [field_names.get(procedure.get("field", ""), "")],
        "requirements": [r.get("name", "") for r in procedure.get("requirements") or []],
        "authority": [procedure.get("competent_authority", "")],
        "conditions": [procedure.get("conditions") or ""],
        "procedure_text": [procedure.get("procedure_text") or ""],
        "legal_bases": list(procedure.get("legal_bases") or []),
    }


@dataclass
class CatalogIndex:
    procedures: list[dict]
    fields: dict[str, dict]
    postings: dict[str, dict[int, float]]
    idf: dict[str, float]
    lexicon: frozenset[tuple[str, ...]]
    unigrams: list[str]
    known_documents: list[str] = field(default_factory=list)
    # idf given to a question word the catalog does not know (median of unigram idfs)
    typical_idf: float = 1.0
    # per procedure: the folded syllables of its name with their idf (for name_match)
    name_terms: list[dict[str, float]] = field(default_factory=list)
    # per procedure: terms of what it *is* (name, keywords, result, field), for coverage
    title_terms: list[frozenset[str]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.procedures)

    def by_code(self, code: str) -> dict | None:
        for procedure in self.procedures:
            if procedure.get("code") == code:
                return procedure
        return None

    def field_name(self, procedure: dict) -> str:
        return (self.fields.get(procedure.get("field", "")) or {}).get("name", "")

    def idf_of(self, term: str) -> float:
        return self.idf.get(term, 0.0)

    def score(self, query_terms: dict[str, float]) -> dict[int, float]:
        """BM25F score of every matching procedure for weighted query terms."""
        scores: dict[int, float] = defaultdict(float)
        for term, qweight in query_terms.items():
            posting = self.postings.get(term)
            if not posting:
                continue
            factor = self.idf[term] * qweight * (K1 + 1)
            for doc, tf in posting.items():
                scores[doc] += factor * tf / (K1 + tf)
        return scores

    def has_term(self, doc: int, term: str) -> bool:
        return doc in self.postings.get(term, ())

    def name_match(self, doc: int, syllables: set[str]) -> float:
        """Share (idf-weighted) of the procedure name's syllables that the question holds.

        "Đăng ký kết hôn có yếu tố nước ngoài" or "Gia hạn giấy phép …" match a question
        about marriage or a licence as well as the plain procedure does, but their names
        say more than was asked; without this they tie with the procedure meant.
        """
        terms = self.name_terms[doc]
        total = sum(terms.values())
        if not total:
            return 0.0
        return sum(w for t, w in terms.items() if t in syllables) / total


def index_build(catalog: dict) -> CatalogIndex:
    """Build the index from a catalog document (`{"fields": [...], "procedures": [...]}`)."""
    procedures = list(catalog.get("procedures") or [])
    fields = {f["code"]: f for f in catalog.get("fields") or [] if "code" in f}
    field_names = {code: f.get("name", "") for code, f in fields.items()}
    texts = [_field_texts(p, field_names) for p in procedures]
    lexicon = build_lexicon(t for doc in texts for name in _LEXICON_FIELDS for t in doc[name])

    per_doc: list[dict[str, Counter]] = []
    lengths: dict[str, list[int]] = {name: [] for name in FIELD_WEIGHTS}
    for doc in texts:
        counters: dict[str, Counter] = {}
        for name, values in doc.items():
            counter: Counter = Counter()
            for value in values:
                if not value:
                    continue
                counter.update(terms_for_text(value))
                counter.update(words(folded_syllables(value), lexicon))
            counters[name] = counter
            lengths[name].append(sum(counter.values()))
        per_doc.append(counters)

    average = {name: (sum(v) / len(v) if v and sum(v) else 1.0) for name, v in lengths.items()}
    postings: dict[str, dict[int, float]] = defaultdict(dict)
    for doc_id, counters in enumerate(per_doc):
        pseudo: dict[str, float] = defaultdict(float)
        for name, counter in counters.items():
            weight, b = FIELD_WEIGHTS[name]
            norm = 1 - b + b * lengths[name][doc_id] / average[name]
            for term, tf in counter.items():
                pseudo[term] += weight * tf / norm
        for term, value in pseudo.items():
            postings[term][doc_id] = value

    n = max(len(procedures), 1)
    idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in postings.items()}
    unigrams = sorted(t for t in postings if " " not in t and not t.startswith(("~", "w:")))
    known_documents = sorted(
        {r.get("name", "") for p in procedures for r in p.get("requirements") or []} - {""}
    )
    name_terms = [
        {t: idf[t] for t in set(folded_syllables(p.get("name", ""))) if t in idf}
        for p in procedures
    ]
    title_terms = [
        frozenset(t for name in ("name", "keywords", "result", "field") for t in counters[name])
        for counters in per_doc
    ]
    unigram_idf = sorted(idf[t] for t in unigrams)
    typical_idf = unigram_idf[len(unigram_idf) // 2] if unigram_idf else 1.0
    return CatalogIndex(
        procedures=procedures,
        fields=fields,
        postings=dict(postings),
        idf=idf,
        lexicon=lexicon,
        unigrams=unigrams,
        known_documents=known_documents,
        typical_idf=typical_idf,
        name_terms=name_terms,
        title_terms=title_terms,
    )
