"""Every read of the documents app."""

from django.db.models import Q, QuerySet

from motcua.core.errors import NotFoundError
from motcua.documents.models import Result, ResultEvent


def _results() -> QuerySet[Result]:
    return Result.objects.select_related(
        "agency", "procedure", "replaced_by", "replaced_by__agency"
    )


def result_get_public(*, key: str) -> Result:
    """A result by its number, or by its id (both appear in links); public information."""
    key = (key or "").strip()
    lookup = Q(number=key)
    if key.isdigit():
        lookup |= Q(pk=int(key))
    result = _results().filter(lookup).first()
    if result is None:
        raise NotFoundError("Không tìm thấy kết quả.", "Result not found.")
    return result


def result_list_for_owner(
    *, personal_id: str | None = None, tax_code: str | None = None
) -> QuerySet[Result]:
    """The owner's results, newest first; none when no identity is given."""
    lookup = Q()
    if personal_id:
        lookup |= Q(owner_personal_id=personal_id)
    if tax_code:
        lookup |= Q(owner_tax_code=tax_code)
    if not lookup:
        return Result.objects.none()
    return _results().filter(lookup).order_by("-issued_at", "-id")


def result_list_for_dossier(*, dossier_code: str) -> QuerySet[Result]:
    return _results().filter(dossier_code=dossier_code).order_by("-issued_at", "-id")


def result_events(*, result: Result) -> QuerySet[ResultEvent]:
    return (
        ResultEvent.objects.filter(result=result)
        .select_related("by", "related")
        .order_by("at", "id")
    )
