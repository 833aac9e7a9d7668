"""The one writer of ResultEvent rows; callers hold the transaction of the change."""

from datetime import datetime

from motcua.documents.models import Result, ResultEvent


def result_event_record(
    *,
    result: Result,
    kind: str,
    at: datetime,
    by=None,
    reason: str = "",
    related: Result | None = None,
) -> ResultEvent:
    return ResultEvent.objects.create(
        result=result, kind=kind, at=at, by=by, reason=reason, related=related
    )
