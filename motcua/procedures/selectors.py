"""Reads of the catalog: search for the public pages, the API and the assistant; one
procedure with everything a dossier needs."""

from collections.abc import Iterable

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

    A word matches when it starts a word of the code, name, field, keywords or requirement
    names ("giay phep buc xa" finds "Cấp giấy phép … bức xạ"). Ranking: the code itself, then
    how many words hit the name, then the words as a phrase in the name, then the code —
    so a name match beats a keyword-only match. The score is computed in Python over the
    rows the database already narrowed: a province has at most a few thousand procedures.
    """
    rows = Procedure.objects.filter(is_active=True).select_related("field").defer(*_LIST_DEFERRED)
    if field_code:
        rows = rows.filter(field__code=field_code)
    if level:
        rows = rows.filter(level=level)
    if online_level:
        rows = rows.filter(online_level=online_level)
    words = fold_words(q or "")
    if not words:
        return list(rows.order_by("code")[:limit])
    for word in words:
        rows = rows.filter(search_text__contains=word)
    phrase = " ".join(words)
    ranked = []
    for procedure in rows:
        tokens = procedure.search_text.split()
        if not all(_starts_any(word, tokens) for word in words):
            continue
        name_tokens = fold_words(procedure.name)
        score = (
            procedure.code == (q or "").strip(),
            sum(1 for word in words if _starts_any(word, name_tokens)),
            phrase in " ".join(name_tokens),
        )
        ranked.append((score, procedure))
    ranked.sort(key=lambda item: (tuple(-int(part) for part in item[0]), item[1].code))
    return [procedure for _, procedure in ranked[:limit]]


def _starts_any(word: str, tokens: Iterable[str]) -> bool:
    return any(token.startswith(word) for token in tokens)


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
