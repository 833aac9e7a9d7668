"""Decision 766/QĐ-TTg indicator 5.2 deadlines and 5.3 satisfaction, as tables (DOMAIN.md §1.3).

Dates in March 2026: Mon 2, Tue 3, Wed 4, Thu 5, Fri 6, Mon 9 … (no holiday in the month).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.core.calendar import WorkingCalendar
from motcua.feedback import rules
from motcua.feedback.constants import FeedbackAction as A
from motcua.feedback.constants import FeedbackStatus as S
from motcua.feedback.rules import Timeline, on_time_5_2, satisfied_5_3

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkingCalendar()


def at(d, hh=9, mm=0, month=3):
    return datetime(2026, month, d, hh, mm, tzinfo=TZ)


START = at(2, 9)  # Mon 02/03/2026 09:00


@pytest.mark.parametrize(
    "status, answered, due",
    [
        # Decision 766/QĐ-TTg 5.2: a rejection within 2 working days of submission.
        (S.PENDING, None, at(4, 9)),
        # … the answer within 15 working days: Mon 02/03 + 15 WD = Mon 23/03 09:00.
        (S.ACCEPTED, None, at(23, 9)),
        (S.PROCESSING, None, at(23, 9)),
        (S.SUPPLEMENT, None, at(23, 9)),
        # … publication within 2 working days of "chờ công khai": Fri 06/03 → Tue 10/03.
        (S.AWAITING_PUBLICATION, at(6, 10), at(10, 10)),
        (S.PUBLISHED, at(6, 10), None),
        (S.REJECTED, None, None),
    ],
)
def test_current_step_deadline(status, answered, due):
    assert rules.due_at(CAL, status=status, started_at=START, answered_at=answered) == due


@pytest.mark.parametrize(
    "case, timeline, as_of, on_time",
    [
        # Decision 766/QĐ-TTg 5.2, rejection ≤ 2 WD after submission (or transfer).
        ("rejected on day 2", Timeline(START, rejected_at=at(4, 9)), at(31, 17), True),
        ("rejected on day 3", Timeline(START, rejected_at=at(5, 9)), at(31, 17), False),
        ("transfer restarts", Timeline(at(9, 9), rejected_at=at(11, 8)), at(31, 17), True),
        # first supplement request ≤ 5 WD (Mon 02/03 + 5 WD = Mon 09/03 09:00).
        (
            "supplement day 5, answered day 10",
            Timeline(START, first_supplement_at=at(9, 9), answered_at=at(16, 9)),
            at(31, 17),
            False,  # answered but never published: 2 WD after 16/03 have passed
        ),
        (
            "supplement day 5, answered, published",
            Timeline(START, first_supplement_at=at(9, 9), answered_at=at(16), published_at=at(17)),
            at(31, 17),
            True,
        ),
        (
            "supplement on day 6",
            Timeline(START, first_supplement_at=at(10), answered_at=at(16), published_at=at(17)),
            at(31, 17),
            False,
        ),
        # answer ≤ 15 WD (Mon 23/03 09:00) and publication ≤ 2 WD after it.
        (
            "answered on day 15",
            Timeline(START, answered_at=at(23, 9), published_at=at(25, 9)),
            at(31, 17),
            True,
        ),
        (
            "answered on day 16",
            Timeline(START, answered_at=at(24, 9), published_at=at(24, 10)),
            at(31, 17),
            False,
        ),
        (
            "published 3 WD later",
            Timeline(START, answered_at=at(10), published_at=at(13, 11)),
            at(31, 17),
            False,
        ),
        # in progress at the period end: (period end − start) ≤ 15 WD.
        ("open, 15 WD", Timeline(START), at(23, 9), True),
        ("open, past 15 WD", Timeline(START), at(23, 10), False),
        # what happens after the period end is not known at the period end.
        ("answered after the end", Timeline(START, answered_at=at(20)), at(13, 17), True),
        (
            "awaiting publication within 2 WD at the end",
            Timeline(START, answered_at=at(12, 10)),
            at(13, 17),
            True,
        ),
    ],
)
def test_on_time_5_2(case, timeline, as_of, on_time):
    assert on_time_5_2(CAL, timeline, as_of=as_of) is on_time, case


def test_holidays_do_not_count():
    # Tết 2026: Mon 16/02 – Fri 20/02 off (TB 9441/TB-BNV); received Fri 13/02 09:00, the two
    # working days to reject end on Tue 24/02 09:00.
    start = datetime(2026, 2, 13, 9, tzinfo=TZ)
    assert rules.due_at(CAL, status=S.PENDING, started_at=start, answered_at=None) == datetime(
        2026, 2, 24, 9, tzinfo=TZ
    )


@pytest.mark.parametrize(
    "likes, dislikes, on_time, repeated, satisfied",
    [
        (0, 0, True, False, True),  # no vote, on time, no complaint again
        (1, 0, True, False, True),
        (1, 1, True, False, True),  # a tie is not "dislikes > likes"
        (0, 1, True, False, False),  # Decision 766/QĐ-TTg 5.3: not satisfied
        (2, 0, False, False, False),  # overdue
        (2, 0, True, True, False),  # repeated complaint about the result
    ],
)
def test_satisfied_5_3(likes, dislikes, on_time, repeated, satisfied):
    assert (
        satisfied_5_3(likes=likes, dislikes=dislikes, on_time=on_time, repeated=repeated)
        is satisfied
    )


@pytest.mark.parametrize(
    "action, status, after",
    [
        (A.ACCEPT, S.PENDING, S.ACCEPTED),
        (A.REJECT, S.PENDING, S.REJECTED),
        (A.REJECT, S.ACCEPTED, None),
        (A.TRANSFER, S.ACCEPTED, S.PENDING),
        (A.TRANSFER, S.PROCESSING, None),
        (A.REQUEST_SUPPLEMENT, S.PROCESSING, S.SUPPLEMENT),
        (A.SUPPLEMENT, S.SUPPLEMENT, S.PROCESSING),
        (A.ANSWER, S.PENDING, None),
        (A.ANSWER, S.PROCESSING, S.AWAITING_PUBLICATION),
        (A.PUBLISH, S.AWAITING_PUBLICATION, S.PUBLISHED),
        (A.PUBLISH, S.PROCESSING, None),
        (A.VOTE, S.PUBLISHED, S.PUBLISHED),
        (A.VOTE, S.AWAITING_PUBLICATION, None),
    ],
)
def test_transitions(action, status, after):
    assert rules.next_status(action, status) == after


@pytest.mark.parametrize(
    "status, roles, actions",
    [
        (S.PENDING, {"receiver"}, [A.ACCEPT, A.REJECT, A.TRANSFER]),
        (S.PENDING, {"specialist"}, []),
        (S.ACCEPTED, {"specialist"}, [A.START, A.REQUEST_SUPPLEMENT, A.ANSWER]),
        (S.AWAITING_PUBLICATION, {"specialist"}, []),
        (S.AWAITING_PUBLICATION, {"leader"}, [A.PUBLISH]),
        (S.PROCESSING, {"monitor", "province_admin"}, []),
        (S.SUPPLEMENT, {"citizen"}, []),  # the citizen acts on the portal, not here
    ],
)
def test_officer_actions_by_role(status, roles, actions):
    assert rules.allowed_actions(status=status, roles=roles) == actions
