"""Moving Feedback and Rating from the portal app keeps every row: a database holding PAKN and
ratings in the portal's tables is migrated and the feedback app reads them, mapped to the new
statuses and routed to an agency."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from motcua.feedback.models import Feedback, Rating, RatingEvent

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BEFORE = [("portal", "0001_initial"), ("feedback", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_migrate_keeps_portal_feedback_and_ratings(world, dossier):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        executor = _migrate(BEFORE)
        old = executor.loader.project_state([("portal", "0001_initial")]).apps
        OldFeedback = old.get_model("portal", "Feedback")
        OldRating = old.get_model("portal", "Rating")
        about_dossier = OldFeedback.objects.create(
            dossier_id=dossier.pk,
            user_id=world.users["citizen"].pk,
            kind="reflection",
            content="Phản ánh gửi trước khi có phân hệ PAKN.",
            status="received",
            received_at=datetime(2026, 3, 2, 9, tzinfo=TZ),
        )
        general = OldFeedback.objects.create(
            kind="recommendation",
            content="Kiến nghị đã được trả lời trên cổng.",
            status="answered",
            answer="Đã tiếp thu.",
            received_at=datetime(2026, 3, 3, 9, tzinfo=TZ),
            answered_at=datetime(2026, 3, 5, 9, tzinfo=TZ),
        )
        OldRating.objects.create(dossier_id=dossier.pk, score=2, comment="Chậm")
    finally:
        _migrate(latest)

    moved = Feedback.objects.get(pk=about_dossier.pk)
    assert moved.content == "Phản ánh gửi trước khi có phân hệ PAKN."
    assert moved.status == "pending" and moved.agency == dossier.handling_agency
    assert moved.started_at == moved.received_at == datetime(2026, 3, 2, 9, tzinfo=TZ)
    assert moved.due_at == datetime(2026, 3, 4, 9, tzinfo=TZ)  # 2 working days to accept
    answered = Feedback.objects.get(pk=general.pk)
    assert answered.status == "published" and answered.answer == "Đã tiếp thu."
    assert answered.published_at == answered.answered_at == datetime(2026, 3, 5, 9, tzinfo=TZ)
    assert answered.agency == world.province_center  # no dossier: the provincial center
    rating = Rating.objects.get(dossier=dossier)
    assert (rating.score, rating.comment) == (2, "Chậm")
    # Its history starts with the score it has (feedback 0004): revision 1, when it was saved.
    assert [(e.revision, e.score, e.comment, e.at) for e in RatingEvent.objects.all()] == [
        (1, 2, "Chậm", rating.updated_at)
    ]
