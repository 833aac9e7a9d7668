"""Reads of the catalog: search for the public pages, the API and the assistant; one
procedure with everything a dossier needs."""

from collections.abc import Iterable, Sequence

from django.db.models import QuerySet

from motcua.core.errors import NotFoundError
from motcua.core.text import fold_words
from motcua.procedures.models import Field, Procedure

# Long texts and the form are not shown in a result list.
_LIST_DEFERRED = ("form", "conditions", "procedure_text")


def field_list() -> QuerySet[Field]:
    return Field.objects.order_by("code")


def procedure_search(
    *,
    q: str = "",
    field_code: str | None = None,
    level: str | None = None,
    online_level: str | None = None,
    limit: int = 50,
) -> list[Procedure]:
    """Active procedures matching every folded word of `q`, best first, in one query.

    A word matches when it is, or starts, a word of the code, name, field, keywords or
    requirement names ("giay phep buc xa" finds "Cấp giấy phép … bức xạ"). The database
    narrows the rows (each word occurs somewhere in `search_text`); the score is computed in
    Python over them — a province has at most a few thousand procedures. See `_score`.
    An empty `q` lists every procedure by code.
    """
    rows = Procedure.objects.filter(is_active=True).select_related("field").defer(*_LIST_DEFERRED)
    if field_code:
        rows = rows.filter(field__code=field_code)
    if level:
        rows = rows.filter(level=level)
    if online_level:
        rows = rows.filter(online_level=online_level)
    words = tuple(fold_words(q or ""))
    if not words:
        return list(rows.order_by("code")[:limit])
    for word in words:
        rows = rows.filter(search_text__contains=word)
    code = (q or "").strip()
    ranked = []
    for procedure in rows:
        if not _all_match(words, procedure.search_text.split(), whole=False):
            continue  # a word occurs only inside a word ("inh" in "sinh")
        ranked.append((_score(procedure, words, code), procedure))
    ranked.sort(key=lambda item: item[0])
    return [procedure for _, procedure in ranked[:limit]]


# Tiers of `_score`, best first.
_TIER_CODE = 5  # the query is the procedure's code
_TIER_NAME_PHRASE = 4  # the query, word for word and in order, in the name
_TIER_KEYWORD_PHRASE = 3  # … in one keyword
_TIER_SAME_UNIT = 2  # every word in the name, or every word in one keyword, in any order
_TIER_SCATTERED = 1  # every word somewhere (name, field, keywords, requirement names)


def _score(procedure: Procedure, words: tuple[str, ...], code: str) -> tuple:
    """Sort key, smallest first: the tier reached with whole words, then the tier reached
    when the words may also start a longer word (so "so" = "sổ" beats "so" in "song" and a
    word still being typed keeps its place), then how many keywords hold every word (the
    procedure a keyword set is about), then the shorter name, then the code."""
    name = fold_words(procedure.name)
    keywords = {tuple(fold_words(keyword)) for keyword in procedure.keywords or ()}
    keywords.discard(())
    tokens = procedure.search_text.split()
    if procedure.code == code:
        return (-_TIER_CODE, -_TIER_CODE, 0, len(procedure.name), procedure.code)
    whole = _tier(words, name, keywords, tokens, whole=True)
    prefix = _tier(words, name, keywords, tokens, whole=False)
    keyword_hits = sum(1 for keyword in keywords if _all_match(words, keyword, whole=False))
    return (-whole, -prefix, -keyword_hits, len(procedure.name), procedure.code)


def _tier(
    words: tuple[str, ...],
    name: list[str],
    keywords: set[tuple[str, ...]],
    tokens: list[str],
    *,
    whole: bool,
) -> int:
    if _phrase_in(words, name, whole=whole):
        return _TIER_NAME_PHRASE
    if any(_phrase_in(words, keyword, whole=whole) for keyword in keywords):
        return _TIER_KEYWORD_PHRASE
    if _all_match(words, name, whole=whole) or any(
        _all_match(words, keyword, whole=whole) for keyword in keywords
    ):
        return _TIER_SAME_UNIT
    if _all_match(words, tokens, whole=whole):
        return _TIER_SCATTERED
    return 0


def _matches(word: str, token: str, *, whole: bool) -> bool:
    return token == word if whole else token.startswith(word)


def _all_match(words: Sequence[str], tokens: Sequence[str], *, whole: bool) -> bool:
    return all(any(_matches(word, token, whole=whole) for token in tokens) for word in words)


def _phrase_in(words: Sequence[str], tokens: Sequence[str], *, whole: bool) -> bool:
    """`words` occur in `tokens` consecutively and in order."""
    span = len(words)
    return any(
        all(
            _matches(word, token, whole=whole)
            for word, token in zip(words, tokens[i : i + span], strict=True)
        )
        for i in range(len(tokens) - span + 1)
    )


def procedure_get(*, code: str) -> Procedure:
    """One active procedure with its field, requirements, fees and steps (four queries)."""
    try:
        return (
            Procedure.objects.select_related("field")
            .prefetch_related("requirements", "fees", "steps")
            .get(code=code, is_active=True)
        )
    except Procedure.DoesNotExist:
        raise NotFoundError(
            f"Không tìm thấy thủ tục hành chính có mã {code}.",
            f"No administrative procedure with code {code}.",
        ) from None


def procedure_names_by_code(*, codes: Iterable[str]) -> dict[str, str]:
    """Names of the active procedures among `codes` (for "reuse the result of …")."""
    codes = set(codes)
    if not codes:
        return {}
    return dict(
        Procedure.objects.filter(code__in=codes, is_active=True).values_list("code", "name")
    )
