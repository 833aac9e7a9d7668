"""Demo PAKN: one in each state an officer meets, with history and outbox rows, made once."""

import pytest

from motcua.feedback.models import Feedback, FeedbackEvent
from motcua.web.demo import (
    DEMO_PROVINCE_CODE,
    DemoReport,
    demo_agencies_ensure,
    demo_people_ensure,
)
from motcua.web.demo_feedback import demo_feedback_ensure


@pytest.fixture
def demo_people(db, settings):
    from motcua.agencies.tests.factories import hung_yen_units

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    hung_yen_units()
    report = DemoReport()
    demo_agencies_ensure(report)
    demo_people_ensure(report)


def test_demo_feedback_in_every_state_once(demo_people):
    assert demo_feedback_ensure(province_code=DEMO_PROVINCE_CODE) == 9
    statuses = set(Feedback.objects.values_list("status", flat=True))
    assert statuses == {
        "pending",
        "processing",
        "supplement",
        "awaiting_publication",
        "published",
        "rejected",
    }
    assert Feedback.objects.filter(repeat_of__isnull=False).count() == 1
    assert FeedbackEvent.objects.count() >= Feedback.objects.count()
    assert demo_feedback_ensure(province_code=DEMO_PROVINCE_CODE) == 0
    assert Feedback.objects.count() == 9
