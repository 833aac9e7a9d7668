"""Dossier time rules (NĐ 118/2025, NĐ 61/2018 Art. 21 as amended, the 766 spec; DOMAIN.md §3.4)."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from motcua.core.calendar import WorkingCalendar
from motcua.dossiers.deadlines import (
    extension_check,
    initial_due_at,
    is_on_time,
    resumed_due_at,
    urgency,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkingCalendar()


def at(y, m, d, hh=9, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=TZ)


@pytest.mark.parametrize(
    ("received", "value", "unit", "due"),
    [
        pytest.param(
            at(2026, 2, 13, 10),
            Decimal(1),
            "working_days",
            at(2026, 2, 23, 10),
            id="Fri before Tết + 1 WD → Mon 23/02 (Tết 16–20/02 off)",
        ),
        pytest.param(
            at(2026, 2, 18, 10),
            Decimal(1),
            "working_days",
            at(2026, 2, 23, 17),
            id="received during Tết: counting starts 23/02",
        ),
        pytest.param(
            at(2026, 3, 2, 14, 59),
            Decimal(0),
            "working_days",
            at(2026, 3, 2, 17),
            id="same-day procedure at 14:59 → today 17:00",
        ),
        pytest.param(
            at(2026, 3, 2, 15, 1),
            Decimal(0),
            "working_days",
            at(2026, 3, 3, 17),
            id="same-day procedure after 15:00 → next working day",
        ),
        pytest.param(
            at(2026, 2, 13, 15, 30),
            Decimal(0),
            "working_days",
            at(2026, 2, 23, 17),
            id="after 15:00 on the eve of Tết → first day after Tết",
        ),
        pytest.param(
            at(2026, 8, 28, 9),
            Decimal(15),
            "calendar_days",
            at(2026, 9, 14, 17),
            id="15 calendar days ending Sat 12/09 → Mon 14/09 (BLDS Art. 148)",
        ),
    ],
)
def test_initial_due_at(received, value, unit, due):
    assert initial_due_at(CAL, received_at=received, value=value, unit=unit) == due


def test_supplement_pause_gives_back_the_time_that_was_left():
    # Received Mon 02/03 09:00 with 10 WD → due Mon 16/03 09:00.
    due = initial_due_at(CAL, received_at=at(2026, 3, 2, 9), value=Decimal(10), unit="working_days")
    assert due == at(2026, 3, 16, 9)
    # Paused Wed 04/03 09:00 (8 WD left); citizen returns Mon 09/03 09:00 → due Thu 19/03 09:00.
    resumed = resumed_due_at(
        CAL,
        due_at=due,
        paused_at=at(2026, 3, 4, 9),
        resumed_at=at(2026, 3, 9, 9),
        unit="working_days",
    )
    assert resumed == at(2026, 3, 19, 9)
    assert CAL.working_days_between(at(2026, 3, 9, 9), resumed) == Decimal(8)


def test_supplement_pause_across_tet_keeps_working_time_exact():
    due = initial_due_at(CAL, received_at=at(2026, 2, 9, 14), value=Decimal(5), unit="working_days")
    left = CAL.working_days_between(at(2026, 2, 11, 10, 17), due)
    resumed = resumed_due_at(
        CAL,
        due_at=due,
        paused_at=at(2026, 2, 11, 10, 17),
        resumed_at=at(2026, 2, 19, 8),
        unit="working_days",
    )
    # Returned during Tết: counting restarts on 23/02 with exactly the time that was left.
    assert resumed.date() >= datetime(2026, 2, 23).date()
    assert abs(CAL.working_days_between(at(2026, 2, 23, 7, 30), resumed) - left) < Decimal("0.001")


def test_supplement_pause_for_calendar_days_keeps_calendar_time():
    due = at(2026, 3, 17, 17)  # 15 calendar days from 02/03
    resumed = resumed_due_at(
        CAL,
        due_at=due,
        paused_at=at(2026, 3, 5, 17),
        resumed_at=at(2026, 3, 10, 17),
        unit="calendar_days",
    )
    assert resumed == at(2026, 3, 23, 17)  # 12 days left → Sun 22/03 → Mon 23/03


def test_pause_after_the_deadline_does_not_give_time_back():
    due = at(2026, 3, 5, 17)
    resumed = resumed_due_at(
        CAL,
        due_at=due,
        paused_at=at(2026, 3, 6, 9),
        resumed_at=at(2026, 3, 9, 9),
        unit="working_days",
    )
    assert resumed == due + (at(2026, 3, 9, 9) - at(2026, 3, 6, 9))


def test_resume_before_pause_is_rejected():
    with pytest.raises(ValueError):
        resumed_due_at(
            CAL,
            due_at=at(2026, 3, 16),
            paused_at=at(2026, 3, 9),
            resumed_at=at(2026, 3, 8),
            unit="working_days",
        )


@pytest.mark.parametrize(
    ("now", "due", "new_due", "so_far", "allowed"),
    [
        pytest.param(
            at(2026, 3, 10),
            at(2026, 3, 12),
            at(2026, 3, 19),
            0,
            True,
            id="first extension before the deadline",
        ),
        pytest.param(
            at(2026, 3, 10),
            at(2026, 3, 12),
            at(2026, 3, 19),
            1,
            False,
            id="second extension refused: once only",
        ),
        pytest.param(
            at(2026, 3, 12, 17),
            at(2026, 3, 12, 17),
            at(2026, 3, 19),
            0,
            False,
            id="at the deadline is too late",
        ),
        pytest.param(
            at(2026, 3, 13),
            at(2026, 3, 12),
            at(2026, 3, 19),
            0,
            False,
            id="after the deadline is too late",
        ),
        pytest.param(
            at(2026, 3, 10), at(2026, 3, 12), at(2026, 3, 11), 0, False, id="new date must be later"
        ),
    ],
)
def test_extension_once_before_deadline(now, due, new_due, so_far, allowed):
    check = extension_check(now=now, due_at=due, new_due_at=new_due, extensions_so_far=so_far)
    assert check.allowed is allowed
    assert bool(check.reason) is (not allowed)


@pytest.mark.parametrize(
    ("finished", "due", "supplements", "on_time"),
    [
        pytest.param(at(2026, 3, 12, 16), at(2026, 3, 12, 17), 0, True, id="finished before due"),
        pytest.param(
            at(2026, 3, 12, 17), at(2026, 3, 12, 17), 0, True, id="finished exactly at due"
        ),
        pytest.param(at(2026, 3, 12, 17, 1), at(2026, 3, 12, 17), 0, False, id="one minute late"),
        pytest.param(
            at(2026, 3, 10), at(2026, 3, 12, 17), 1, True, id="one supplement request is fine"
        ),
        pytest.param(
            at(2026, 3, 10),
            at(2026, 3, 12, 17),
            2,
            False,
            id="more than one supplement request is late (766)",
        ),
    ],
)
def test_on_time_per_766(finished, due, supplements, on_time):
    assert is_on_time(finished_at=finished, due_at=due, supplement_requests=supplements) is on_time


@pytest.mark.parametrize(
    ("now", "due", "overdue", "soon"),
    [
        pytest.param(at(2026, 3, 9, 9), at(2026, 3, 16, 9), False, False, id="a week left"),
        pytest.param(
            at(2026, 3, 13, 9),
            at(2026, 3, 16, 9),
            False,
            True,
            id="Fri → Mon: one working day left",
        ),
        pytest.param(
            at(2026, 2, 13, 9),
            at(2026, 2, 23, 17),
            False,
            False,
            id="Tết does not count: 1.x working days",
        ),
        pytest.param(at(2026, 3, 16, 10), at(2026, 3, 16, 9), True, False, id="past due"),
    ],
)
def test_urgency(now, due, overdue, soon):
    u = urgency(CAL, now=now, due_at=due)
    assert (u.overdue, u.due_soon) == (overdue, soon)
