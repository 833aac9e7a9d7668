"""766 sub-indicator 2.2 (DOMAIN.md §1.3): Σ processing time of the completed dossiers / their
number, in the unit of the procedure's time limit (DonViTinh), the citizen's supplement time
left out (rule 2.1). Pure tests against the 2026 calendar (TB 9441/TB-BNV; no database)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D

import pytest

from motcua.core.calendar import TZ, WorkingCalendar
from motcua.dossiers.constants import DossierStatus as S
from motcua.indicators.contribution import DossierFacts, contribution_of, processing_workdays_of
from motcua.indicators.formulas import SupplementSpan
from motcua.indicators.processing_time import (
    average_processing_time,
    processing_workdays,
    workday_ordinals,
)

CALENDAR = WorkingCalendar()


def d(text: str) -> date:
    return date.fromisoformat(text)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


@pytest.mark.parametrize(
    ("received", "finished", "supplements", "days"),
    [
        # The day of receipt is not counted (a period counted from receipt, BLDS 2015 Art. 147.2).
        pytest.param("2026-03-02", "2026-03-02", [], 0, id="finished-on-the-day-of-receipt"),
        pytest.param("2026-03-02", "2026-03-03", [], 1, id="next-day"),
        pytest.param("2026-03-02", "2026-03-10", [], 6, id="mon-to-next-tue"),
        # Weekends (QĐ 188/1999/QĐ-TTg Art. 1) and holidays are not working days.
        pytest.param("2026-03-06", "2026-03-09", [], 1, id="over-a-weekend"),
        pytest.param("2026-02-13", "2026-02-24", [], 2, id="over-tet-14-to-22-02"),
        pytest.param("2026-04-24", "2026-05-04", [], 3, id="hung-kings-30-04-01-05"),
        pytest.param("2026-08-21", "2026-08-24", [], 2, id="swapped-saturday-22-08-counts"),
        pytest.param("2026-03-07", "2026-03-09", [], 1, id="received-on-a-saturday"),
        # The citizen's supplement time is subtracted (766 spec rule 2.1; NĐ 118/2025 Art. 17).
        pytest.param(
            "2026-03-02", "2026-03-24", [("2026-03-03", "2026-03-13")], 8, id="one-supplement"
        ),
        pytest.param(
            "2026-03-02",
            "2026-03-10",
            [("2026-03-03", "2026-03-04"), ("2026-03-05", "2026-03-06")],
            4,
            id="two-supplements",
        ),
        pytest.param(
            "2026-03-02", "2026-03-10", [("2026-03-06", "2026-03-08")], 6, id="returned-on-sunday"
        ),
        pytest.param(
            "2026-03-02", "2026-03-04", [("2026-03-02", "2026-03-03")], 1, id="asked-on-receipt-day"
        ),
        pytest.param(
            "2026-03-02", "2026-03-03", [("2026-03-02", "2026-03-06")], 0, id="floored-at-zero"
        ),
    ],
)
def test_processing_workdays(received, finished, supplements, days):
    spans = [(d(asked), d(back)) for asked, back in supplements]
    assert (
        processing_workdays(
            CALENDAR, received_day=d(received), finished_day=d(finished), supplements=spans
        )
        == days
    )


def test_an_extra_holiday_of_the_calendar_is_not_counted():
    calendar = WorkingCalendar(extra_holidays=frozenset({d("2026-03-04")}))
    assert (
        processing_workdays(calendar, received_day=d("2026-03-02"), finished_day=d("2026-03-10"))
        == 5
    )


def test_ordinal_differences_are_the_working_days_after():
    """The rebuild's table (rebuild_workdays) gives the same counts as the calendar."""
    first, last = d("2025-12-20"), d("2026-09-10")
    ordinals = dict(workday_ordinals(CALENDAR, first=first, last=last))
    assert len(ordinals) == (last - first).days + 1
    days = [first + timedelta(n) for n in range(0, (last - first).days + 1, 7)]
    days += [d("2026-02-13"), d("2026-02-23"), d("2026-08-22"), d("2026-09-02"), last]
    for a in days:
        for b in days:
            assert ordinals[b] - ordinals[a] == CALENDAR.working_days_after(a, b), (a, b)


# From a dossier's facts: local days, the supplements rule 2.1 counts, completed dossiers only


def facts(status=S.RESULT_READY, received="2026-03-02 09:00", finished="2026-03-10 09:00", **kw):
    return DossierFacts(
        status=status,
        channel=1,
        received_at=at(received),
        finished_at=at(finished) if finished else None,
        due_at=None,
        original_due_at=None,
        **kw,
    )


@pytest.mark.parametrize(
    ("dossier", "days"),
    [
        pytest.param(facts(), 6, id="result-ready"),
        pytest.param(facts(status=S.RETURNED), 6, id="returned"),
        pytest.param(facts(status=S.STOPPED), 0, id="stopped-not-completed"),
        pytest.param(facts(status=S.PROCESSING, finished=None), 0, id="open"),
        pytest.param(
            facts(
                supplements=(
                    SupplementSpan(at("2026-03-01 09:00"), at("2026-03-02 08:00")),  # before
                    SupplementSpan(at("2026-03-03 09:00"), at("2026-03-04 09:00")),
                )
            ),
            5,
            id="request-before-reception-not-counted",
        ),
        pytest.param(
            facts(
                status=S.RETURNED,
                supplements=(SupplementSpan(at("2026-03-03 09:00"), None),),
            ),
            6,
            id="unreturned-request-not-subtracted",
        ),
        pytest.param(
            DossierFacts(
                status=S.RESULT_READY,
                channel=1,
                received_at=datetime(2026, 3, 1, 17, 30, tzinfo=UTC),  # Mon 02/03 00:30 local
                finished_at=datetime(2026, 3, 10, 2, 0, tzinfo=UTC),
                due_at=None,
                original_due_at=None,
            ),
            6,
            id="local-days-in-vietnam",
        ),
    ],
)
def test_processing_workdays_of_a_dossier(dossier, days):
    assert processing_workdays_of(dossier, CALENDAR) == days


def test_contribution_counts_the_precomputed_workdays_for_completed_dossiers_only():
    done = facts(processing_workdays=6)
    assert contribution_of(done).received["processing_workdays"] == 6
    stopped = facts(status=S.STOPPED, processing_workdays=6)
    assert contribution_of(stopped).received["processing_workdays"] == 0


# The average in the procedure's unit (DonViTinh); calendar days when none is selected

COUNTERS = {"completed": 5, "processing_seconds": 60 * 86400, "processing_workdays": 44}


@pytest.mark.parametrize(
    ("time_unit", "total", "value", "unit"),
    [
        pytest.param("working_days", 44, D("8.80"), "ngày làm việc", id="working-days"),
        pytest.param("calendar_days", 60 * 86400, D("12.00"), "ngày", id="calendar-days"),
        pytest.param("hours", 60 * 86400, D("288.00"), "giờ", id="hours"),
        pytest.param(None, 60 * 86400, D("12.00"), "ngày", id="no-single-procedure"),
    ],
)
def test_average_in_the_procedures_unit(time_unit, total, value, unit):
    average = average_processing_time(counters=COUNTERS, time_unit=time_unit)
    assert (average.total, average.value, average.unit) == (total, value, unit)


def test_the_notes_say_which_days():
    def note(time_unit):
        return average_processing_time(counters=COUNTERS, time_unit=time_unit).note

    assert note("working_days").startswith("Ngày làm việc")
    assert note("calendar_days").startswith("Ngày theo lịch")
    assert note(None).startswith("Ngày theo lịch") and "Chọn một thủ tục" in note(None)


def test_no_completed_dossier_no_value():
    zero = {"completed": 0, "processing_seconds": 0, "processing_workdays": 0}
    assert average_processing_time(counters=zero, time_unit="working_days").value is None


def test_rounds_half_up_to_two_decimals():
    thirds = {"completed": 3, "processing_seconds": 0, "processing_workdays": 2}
    assert average_processing_time(counters=thirds, time_unit="working_days").value == D("0.67")
