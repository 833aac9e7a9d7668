"""Answer a question from the catalog index: retrieve, judge confidence, compose.

Confidence has two parts. Coverage: the share (weighted by idf) of the things the question
mentions that the best procedure actually contains — low coverage means the catalog is
probably not about what was asked. Margin: for a question about a fact (fee, time …), two
procedures scoring almost alike mean the fact could belong to either; then the assistant
says it is unsure and shows the fact for each candidate, each one cited, rather than pick.
"""

from dataclasses import dataclass, field
from urllib.parse import quote_plus

from motcua.assistant import compose
from motcua.assistant.index import CatalogIndex
from motcua.assistant.query import Query, query_build

MIN_COVERAGE = 0.55
# Final score = BM25F × (1 − NAME_WEIGHT + NAME_WEIGHT × name match); see CatalogIndex.name_match.
NAME_WEIGHT = 0.3
RERANK_DEPTH = 30
# A fact question is unsure when the runner-up scores at least this share of the best.
MAX_TIE_RATIO = 0.92
TOP_K = 3
FACT_INTENTS = frozenset({"fee", "time", "documents", "where", "online", "steps"})
SEARCH_URL = "/procedures/?q="


@dataclass
class Answer:
    answer: str
    intent: str
    procedures: list[dict] = field(default_factory=list)
    citations: list[dict] = field(default_factory=list)
    confident: bool = False
    english: bool = False
    coverage: float = 0.0

    def as_dict(self) -> dict:
        return {
            "answer": self.answer,
            "intent": self.intent,
            "procedures": self.procedures,
            "citations": self.citations,
        }


# A concept found only in a procedure's long texts (documents, conditions …) is weaker
# evidence than one in what the procedure is (name, keywords, result, field).
BODY_ONLY_CREDIT = 0.5


def coverage_of(query: Query, index: CatalogIndex, doc: int) -> float:
    total = sum(c.weight for c in query.concepts)
    if not total:
        return 0.0
    title = index.title_terms[doc]
    covered = 0.0
    for concept in query.concepts:
        if any(t in title for t in concept.evidence):
            covered += concept.weight * concept.certainty
        elif any(index.has_term(doc, t) for t in concept.evidence):
            covered += concept.weight * concept.certainty * BODY_ONLY_CREDIT
    return covered / total


def _rerank(query: Query, index: CatalogIndex, scores: dict[int, float]) -> list[tuple[int, float]]:
    first = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:RERANK_DEPTH]
    syllables = {
        s for term in query.terms if term[0] != "~" and ":" not in term for s in term.split()
    }
    final = [
        (doc, score * (1 - NAME_WEIGHT + NAME_WEIGHT * index.name_match(doc, syllables)))
        for doc, score in first
    ]
    return sorted(final, key=lambda item: (-item[1], item[0]))


def search_url(question: str) -> str:
    return SEARCH_URL + quote_plus(question)


def _intro(intent: str, procedure: dict, *, english: bool) -> str:
    title = compose._title(procedure)
    if english:
        return {"fee": f"Fees for {title}:", "documents": f"Documents for {title}:"}.get(
            intent, f"{title}:"
        )
    return {
        "fee": f"Phí, lệ phí của thủ tục {title}:",
        "documents": f"Hồ sơ thủ tục {title} gồm:",
    }.get(intent, f"Thủ tục {title}:")


def _not_found(query: Query, intent: str) -> Answer:
    if query.english:
        text = (
            "I could not find a procedure in the catalog matching your question. "
            f"Please try other words or search the catalog: {search_url(query.text)}"
        )
    else:
        text = (
            "Tôi chưa tìm thấy thủ tục nào trong danh mục phù hợp với câu hỏi. "
            f"Bạn thử hỏi bằng từ khác hoặc tra cứu tại: {search_url(query.text)}"
        )
    return Answer(answer=text, intent=intent, english=query.english)


def ask(index: CatalogIndex, question: str, *, mode: str = "citizen") -> Answer:
    """The grounded answer to `question` (mode "citizen" or "officer")."""
    query = query_build(question, index)
    officer = mode == "officer"
    english = query.english
    if not query.terms:
        return _not_found(query, "unknown")
    scores = index.score(query.terms)
    if not scores:
        return _not_found(query, query.intent)
    ranked = _rerank(query, index, scores)[:TOP_K]
    top_doc, top_score = ranked[0]
    coverage = coverage_of(query, index, top_doc)
    tie = len(ranked) > 1 and ranked[1][1] >= MAX_TIE_RATIO * top_score
    confident = coverage >= MIN_COVERAGE and not (query.intent in FACT_INTENTS and tie)
    candidates = [
        {
            "code": index.procedures[doc]["code"],
            "name": index.procedures[doc].get("name", ""),
            "score": round(score, 3),
        }
        for doc, score in ranked
    ]
    intent = query.intent
    if confident:
        procedure = index.procedures[top_doc]
        lines, fields = compose.fact_lines(
            procedure, intent, index, english=english, officer=officer
        )
        if intent != "which":
            lines = [_intro(intent, procedure, english=english), *lines]
        more = "Details" if english else "Chi tiết"
        lines.append(f"{more}: {compose.fmt.procedure_url(procedure['code'])}")
        return Answer(
            answer="\n".join(lines),
            intent=intent,
            procedures=candidates,
            citations=compose.citations_for(procedure, fields),
            confident=True,
            english=english,
            coverage=coverage,
        )

    lines = [
        "I am not sure which procedure you mean. The closest ones in the catalog:"
        if english
        else "Tôi chưa chắc chắn bạn hỏi về thủ tục nào. Các thủ tục gần nhất trong danh mục:"
    ]
    citations: list[dict] = []
    for doc, _ in ranked:
        procedure = index.procedures[doc]
        lines.append(
            f"- {compose._title(procedure)}: {compose.fmt.procedure_url(procedure['code'])}"
        )
        if intent in FACT_INTENTS:
            facts, fields = compose.fact_lines(
                procedure, intent, index, english=english, officer=officer
            )
            lines += ["  " + fact for fact in facts]
        else:
            fields = ["name"]
        citations += compose.citations_for(procedure, fields)
    search = "Search the catalog" if english else "Tra cứu thêm"
    lines.append(f"{search}: {search_url(question)}")
    return Answer(
        answer="\n".join(lines),
        intent=intent,
        procedures=candidates,
        citations=citations,
        confident=False,
        english=english,
        coverage=coverage,
    )
