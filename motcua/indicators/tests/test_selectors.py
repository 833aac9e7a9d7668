"""Indicators of a unit from the rollups only: hand-computed for the March scenario, with the
query counts pinned (a dashboard never scans the dossiers)."""

from datetime import date
from decimal import Decimal as D

import pytest

from motcua.indicators.periods import (
    period_custom,
    period_month,
    period_quarter,
    period_year,
    split_months,
    split_months_signed,
)
from motcua.indicators.selectors import (
    Filters,
    alerts_from_rankings,
    indicators_for_unit,
    province_page_cached,
    rankings_for_province,
    trend_by_month,
    unit_agency,
    unit_commune,
    unit_province,
)
from motcua.indicators.tests.conftest import drain
from motcua.indicators.tests.scenario import build_march

TODAY = date(2026, 11, 28)
MARCH = period_month(2026, 3)


@pytest.fixture
def march(world):
    out = build_march(world)
    drain()
    return out


def subs(card):
    return {s.code: s for s in card.subs}


def test_department_march_by_hand(world, march, django_assert_num_queries):
    unit = unit_agency(agency=world.dost)
    # rollup cells, procedures used (3.2, 3.5), open cells, catalog, weights, and one statement
    # for the PAKN and complained dossiers of group 5 (feedback_figures)
    with django_assert_num_queries(6):
        data = indicators_for_unit(unit=unit, period=MARCH, today=TODAY)
    s = subs(data.card)
    assert (s["2.1"].num, s["2.1"].den, s["2.1"].value, s["2.1"].score) == (
        3,
        6,
        D("50.00"),
        D("10.00"),
    )
    assert s["2.2"].value == D("12.00")  # (8 + 6 + 18 + 12 + 16) days / 5
    # Catalog of the department: 1.004447 (toàn trình, fee) and 1.004440 (một phần, no fee).
    assert (s["3.1"].num, s["3.1"].den, s["3.1"].score) == (2, 2, D("4.00"))
    assert (s["3.2"].num, s["3.2"].den, s["3.2"].score) == (0, 2, D("0.00"))
    assert (s["3.3"].num, s["3.3"].den, s["3.3"].score) == (0, 8, D("0.00"))
    assert (s["3.5"].num, s["3.5"].den, s["3.5"].score) == (1, 1, D("5.00"))
    assert (s["3.6"].num, s["3.6"].den) == (0, 8)
    assert (s["4.1"].num, s["4.1"].den, s["4.1"].score) == (5, 5, D("4.00"))
    assert (s["4.2"].num, s["4.2"].den) == (0, 8)
    assert (s["4.5"].num, s["4.5"].den) == (0, 8)
    # 5.4 = 100 − 3/6 late = 50 %, below the 90 % threshold: 50 × 6 / 90 = 3.33
    assert (s["5.4"].value, s["5.4"].score) == (D("50.00"), D("3.33"))
    assert not s["1.1"].computed and not s["5.2"].computed and s["1.1"].score == 0
    # 10 + 4 + 5 + 4 + 3.33 = 26.33 of the 70 computable points ⇒ 37.61 / 100: yếu kém
    assert data.card.raw_total == D("26.33") and data.card.computed_max == D(70)
    assert (data.card.total, data.card.band_key) == (D("37.61"), "weak")
    assert data.counters["refused"] == 1 and data.counters["stopped"] == 1


def test_period_containing_today_counts_open_dossiers(world, march, django_assert_num_queries):
    unit = unit_agency(agency=world.dost)
    period = period_custom(date(2026, 3, 1), TODAY)
    with django_assert_num_queries(6):  # month and edge-day cells in one query; 1 for PAKN
        data = indicators_for_unit(unit=unit, period=period, today=TODAY)
    # J is past its due date (late), H waits for one supplement asked in time (on time).
    assert (data.open.open, data.open.overdue, data.open.paused) == (2, 1, 1)
    s = subs(data.card)
    assert (s["2.1"].num, s["2.1"].den) == (4, 8)
    # Mid-March, before J's due date, J is running on time and due soon.
    mid = indicators_for_unit(unit=unit, period=MARCH, today=date(2026, 3, 15))
    assert (mid.open.overdue, mid.open.due_soon) == (0, 1)
    assert (subs(mid.card)["2.1"].num, subs(mid.card)["2.1"].den) == (5, 8)


def test_zero_denominators_give_no_value_and_no_points(world, march):
    data = indicators_for_unit(
        unit=unit_agency(agency=world.khoai_chau_pc), period=MARCH, today=TODAY
    )
    s = subs(data.card)
    assert s["2.1"].value is None and s["2.1"].score == 0 and s["3.3"].value is None
    assert data.card.total is None and data.card.band_key == "none"


def test_province_commune_field_and_procedure_filters(world, march):
    province = unit_province(province_code="33")
    assert indicators_for_unit(unit=province, period=MARCH, today=TODAY).counters["received"] == 9
    commune = unit_commune(admin_unit_id=world.pho_hien_pc.admin_unit_id, province_code="33")
    c = indicators_for_unit(unit=commune, period=MARCH, today=TODAY).counters
    assert (c["received"], c["received_online"], c["identity_verified"]) == (1, 1, 1)
    other_field = Filters(field_id=world.copy_cert.field_id)
    assert (
        indicators_for_unit(unit=province, period=MARCH, today=TODAY, filters=other_field).counters[
            "received"
        ]
        == 0
    )
    xray = Filters(procedure_id=world.xray.pk)
    assert (
        indicators_for_unit(unit=province, period=MARCH, today=TODAY, filters=xray).counters[
            "received"
        ]
        == 9
    )
    assert (
        indicators_for_unit(unit=province, period=period_month(2026, 4), today=TODAY).counters[
            "received"
        ]
        == 0
    )
    assert (
        indicators_for_unit(unit=province, period=period_quarter(2026, 1), today=TODAY).counters[
            "finished"
        ]
        == 6
    )
    assert (
        indicators_for_unit(unit=province, period=period_year(2026), today=TODAY).counters[
            "received"
        ]
        == 9
    )


def test_average_processing_time_in_the_procedures_unit(world, march, django_assert_num_queries):
    """766 spec 2.2: in the unit of the selected procedure's time limit (DonViTinh); without a
    single procedure, calendar days, and the note says so."""
    unit = unit_agency(agency=world.dost)
    xray = Filters(procedure_id=world.xray.pk)  # 10 working days
    with django_assert_num_queries(7):  # the 6 of the page and the procedure's unit
        data = indicators_for_unit(unit=unit, period=MARCH, today=TODAY, filters=xray)
    s = subs(data.card)["2.2"]
    # (6 + 4 + 14 + 8 + 12) working days / 5 (test_incremental.test_processing_workdays_by_hand)
    assert (s.num, s.den, s.value, s.unit) == (44, 5, D("8.80"), "ngày làm việc")
    assert s.note.startswith("Ngày làm việc") and s.score == 0
    world.xray.processing_time_unit = "hours"
    world.xray.save(update_fields=["processing_time_unit"])
    s = subs(indicators_for_unit(unit=unit, period=MARCH, today=TODAY, filters=xray).card)["2.2"]
    assert (s.value, s.unit) == (D("288.00"), "giờ")  # 12 days of 24 hours
    s = subs(indicators_for_unit(unit=unit, period=MARCH, today=TODAY).card)["2.2"]
    assert (s.value, s.unit) == (D("12.00"), "ngày") and "Chọn một thủ tục" in s.note
    other = Filters(procedure_id=world.copy_cert.pk)  # nothing completed
    s = subs(indicators_for_unit(unit=unit, period=MARCH, today=TODAY, filters=other).card)["2.2"]
    assert (s.value, s.unit) == (None, "ngày làm việc")


def test_rankings_trend_and_alerts(world, march, django_assert_num_queries):
    # agencies, one GROUP BY over the cells, one over the procedures used, open cells, catalog,
    # weights, and one statement for the PAKN and complained dossiers per agency
    with django_assert_num_queries(7):
        rankings = rankings_for_province(province_code="33", period=MARCH, today=TODAY)
    names = [r.unit.name for r in rankings["departments"]]
    assert world.dost.name in names and world.province_center.name not in names
    dost = next(r for r in rankings["departments"] if r.unit.name == world.dost.name)
    assert (dost.card.total, dost.late, dost.late_previous) == (D("37.61"), 3, 0)
    communes = {r.unit.name: r for r in rankings["communes"]}
    assert communes[world.units["pho_hien"].name].counters["received"] == 1
    # Late count rose from 0 (February) to 3 (March): the department is alerted.
    assert [r.unit.name for r in alerts_from_rankings(rankings)] == [world.dost.name]
    province = unit_province(province_code="33")
    with django_assert_num_queries(1):
        trend = trend_by_month(unit=province, end=MARCH.end)
    assert (
        len(trend) == 12
        and trend[-1].received == 9
        and trend[-1].on_time == 3
        and trend[0].received == 0
    )


def _cells_of_the_service_centre(world):
    """Rollup cells under the provincial service centre (ranked nowhere): copies of the
    department's March cells, so the province counts them and no ranked unit does."""
    from motcua.indicators.models import DailyRollup, MonthlyRollup, OpenRollup

    for model in (MonthlyRollup, DailyRollup, OpenRollup):
        for row in model.objects.filter(agency=world.dost):
            row.pk, row.agency_id = None, world.province_center.pk
            row.save()


@pytest.mark.parametrize(
    "period",
    [
        MARCH,
        period_quarter(2026, 1),
        period_custom(date(2026, 2, 20), date(2026, 3, 10)),  # edge days only
        period_month(2026, 11),  # contains TODAY: the open dossiers count in 2.1
    ],
    ids=["month", "quarter", "custom", "current month"],
)
def test_the_province_page_sums_the_rankings_rows(world, march, period):
    """The province page takes its own figures from the rankings' statements (every cell of
    the province, ranked or not): they equal the province's own queries, filtered or not; and
    each ranked unit's short score is its full scorecard's."""
    _cells_of_the_service_centre(world)
    province = unit_province(province_code="33")
    for filters in (Filters(), Filters(field_id=world.xray.field_id)):
        page = province_page_cached(unit=province, period=period, today=TODAY, filters=filters)
        direct = indicators_for_unit(unit=province, period=period, today=TODAY, filters=filters)
        assert (page.data.counters, page.data.open, page.data.catalog) == (
            direct.counters,
            direct.open,
            direct.catalog,
        )
        assert page.data.card == direct.card
        for row in page.rankings["departments"] + page.rankings["communes"]:
            card = indicators_for_unit(unit=row.unit, period=period, today=TODAY, filters=filters)
            assert (row.counters, row.open) == (card.counters, card.open)
            assert (row.card.total, row.card.band_key) == (card.card.total, card.card.band_key)
        if period == MARCH:  # the service centre's copies count in the province only
            ranked = sum(r.counters["received"] for rows in page.rankings.values() for r in rows)
            assert page.data.counters["received"] > ranked > 0


def test_split_months():
    months, edges = split_months(period_custom(date(2026, 1, 15), date(2026, 4, 10)))
    assert months == [date(2026, 2, 1), date(2026, 3, 1)]
    assert edges == [(date(2026, 1, 15), date(2026, 1, 31)), (date(2026, 4, 1), date(2026, 4, 10))]
    assert period_month(2026, 1).previous() == period_month(2025, 12)
    assert period_quarter(2026, 1).previous() == period_quarter(2025, 4)


def test_split_months_signed_reads_the_smaller_side_of_each_partial_month():
    # 15–31 Jan is 17 of 31 days: the whole January minus 1–14 Jan; 1–10 Apr stays as days.
    months, added, subtracted = split_months_signed(
        period_custom(date(2026, 1, 15), date(2026, 4, 10))
    )
    assert months == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert added == [(date(2026, 4, 1), date(2026, 4, 10))]
    assert subtracted == [(date(2026, 1, 1), date(2026, 1, 14))]
    # Inside one month, both ends: March minus 1 Mar and 31 Mar.
    assert split_months_signed(period_custom(date(2026, 3, 2), date(2026, 3, 30))) == (
        [date(2026, 3, 1)],
        [],
        [(date(2026, 3, 1), date(2026, 3, 1)), (date(2026, 3, 31), date(2026, 3, 31))],
    )
    assert split_months_signed(MARCH) == ([date(2026, 3, 1)], [], [])


@pytest.mark.parametrize(
    "start, end",
    [
        (date(2026, 3, 3), date(2026, 3, 31)),  # March minus 1–2 Mar
        (date(2026, 3, 2), date(2026, 3, 10)),  # days only
        (date(2026, 2, 25), date(2026, 3, 24)),  # days of Feb, March minus 25–31 Mar
    ],
)
def test_custom_periods_equal_the_sum_of_their_days(world, march, start, end):
    """Months minus the days outside give exactly the sum of the period's daily cells."""
    from django.db.models import Sum

    from motcua.indicators.contribution import COUNTERS
    from motcua.indicators.models import DailyRollup

    unit = unit_agency(agency=world.dost)
    got = indicators_for_unit(unit=unit, period=period_custom(start, end), today=TODAY).counters
    days = DailyRollup.objects.filter(
        agency=world.dost, procedure_id=0, day__gte=start, day__lte=end
    ).aggregate(**{n: Sum(n) for n in COUNTERS})
    assert got == {n: days[n] or 0 for n in COUNTERS}
    assert any(got.values())
