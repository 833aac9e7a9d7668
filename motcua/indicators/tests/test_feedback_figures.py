"""766 group 5 from PAKN and ratings (Decision 766/QĐ-TTg, DOMAIN.md §1.3): the pure formulas
as tables, then one March by hand on a real database."""

from datetime import date
from decimal import Decimal as D

import pytest
import time_machine

from motcua.dossiers.services.processing import dossier_refuse
from motcua.dossiers.tests.factories import (
    at,
    build_world,
    online_xray,
)
from motcua.feedback.models import Rating
from motcua.feedback.services import (
    feedback_accept,
    feedback_answer,
    feedback_publish,
    feedback_reject,
    feedback_submit,
    feedback_vote,
)
from motcua.indicators.config import default_points
from motcua.indicators.contribution import COUNTERS
from motcua.indicators.feedback_figures import feedback_counts_by_agency, feedback_counts_for_unit
from motcua.indicators.feedback_formulas import (
    FeedbackCounts,
    complaint_ratio_5_4,
    counts_from_facts,
    values_5_1_to_5_3,
)
from motcua.indicators.periods import period_custom, period_month
from motcua.indicators.rollup_queries import Unit
from motcua.indicators.scoring import Catalog, OpenCounts, scorecard
from motcua.indicators.selectors import unit_agency, unit_province

MARCH = period_month(2026, 3)


# --- Pure formulas ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "counts, expected",
    [
        # 6 PAKN: 3 classified, 4 on time, 2 satisfied.
        (
            FeedbackCounts(6, 3, 4, 2),
            {"5.1": (3, 6, D("50.00")), "5.2": (4, 6, D("66.67")), "5.3": (2, 6, D("33.33"))},
        ),
        (
            FeedbackCounts(1, 1, 1, 1),
            {"5.1": (1, 1, D("100.00")), "5.2": (1, 1, D("100.00")), "5.3": (1, 1, D("100.00"))},
        ),
        # No PAKN in the period: no ratio (shown "—").
        (FeedbackCounts(), {"5.1": (0, 0, None), "5.2": (0, 0, None), "5.3": (0, 0, None)}),
    ],
)
def test_values_5_1_to_5_3(counts, expected):
    assert values_5_1_to_5_3(counts) == expected


@pytest.mark.parametrize(
    "complained, finished, share",
    [
        (2, 6, D("33.33")),
        (0, 6, D("0.00")),
        (3, 0, None),  # nothing finished: no share
        (9, 6, D("100.00")),  # never more than every finished dossier
    ],
)
def test_complaint_ratio_5_4(complained, finished, share):
    counts = FeedbackCounts(complained_dossiers=complained)
    assert complaint_ratio_5_4(counts, finished=finished) == share


class Fact:
    def __init__(self, classified, on_time, satisfied):
        self.classified, self.on_time, self.satisfied = classified, on_time, satisfied


def test_counts_from_facts_and_sum():
    facts = [Fact(True, True, True), Fact(False, False, False), Fact(True, True, False)]
    counts = counts_from_facts(facts, complained_dossiers=1)
    assert counts == FeedbackCounts(3, 2, 2, 1, 1)
    assert counts + FeedbackCounts(1, 1, 1, 1, 0) == FeedbackCounts(4, 3, 3, 2, 1)


def _card(feedback, finished=6, on_time=3):
    c = dict.fromkeys(COUNTERS, 0)
    c.update(received=6, finished=finished, on_time=on_time)
    return {
        s.code: s
        for s in scorecard(
            c=c,
            open_counts=OpenCounts(),
            catalog=Catalog(),
            online_procedures_used=0,
            fee_procedures_used=0,
            points=default_points(),
            include_open=False,
            feedback=feedback,
        ).subs
    }


def test_scorecard_group_5():
    s = _card(FeedbackCounts(6, 3, 4, 2, complained_dossiers=2))
    # 5.1 = 50 % × 5 = 2.50; 5.2 = 66.67 % × 5 = 3.33; 5.3 = 33.33 % × 2 = 0.67
    assert [(s[k].value, s[k].score) for k in ("5.1", "5.2", "5.3")] == [
        (D("50.00"), D("2.50")),
        (D("66.67"), D("3.33")),
        (D("33.33"), D("0.67")),
    ]
    # 5.4 = 100 − (3/6 late = 50.00 + 2/6 complained = 33.33) = 16.67 → 16.67 × 6 / 90 = 1.11
    assert (s["5.4"].value, s["5.4"].score) == (D("16.67"), D("1.11"))


def test_scorecard_without_pakn_leaves_5_1_to_5_3_out_of_the_total():
    s = _card(FeedbackCounts())
    assert not any(s[k].computed for k in ("5.1", "5.2", "5.3"))
    assert "Không có phản ánh" in s["5.1"].note
    assert s["5.4"].value == D("50.00")  # 100 − 50 late − 0 complained
    hub = _card(None)  # the hub has no PAKN: 5.4 without the complaint share
    assert hub["5.4"].value == D("50.00") and "chưa có dữ liệu" in hub["5.4"].note


# --- One March by hand -------------------------------------------------------------------------


@pytest.fixture
def march(db, settings, tmp_path):
    """Sở KH&CN (dost) in March 2026, see the module docstring of each PAKN below."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    world = build_world()
    citizen, receiver = world.users["citizen"], world.users["dost_receiver"]
    specialist, leader = world.users["dost_specialist"], world.users["dost_leader"]

    def submit(day, agency=world.dost, text="Phản ánh về thủ tục cấp phép.", **kw):
        with time_machine.travel(at(2026, *day), tick=False):
            return feedback_submit(by=citizen, kind="reflection", content=text, agency=agency, **kw)

    def at_time(day, fn, **kw):
        with time_machine.travel(at(2026, *day), tick=False):
            return fn(**kw)

    def answered(item, category, answer_day, publish_day):
        item = at_time((3, 3), feedback_accept, feedback=item, by=receiver, category=category)
        item = at_time(
            answer_day, feedback_answer, feedback=item, by=specialist, answer="Nội dung trả lời."
        )
        return at_time(publish_day, feedback_publish, feedback=item, by=leader)

    # P1: classified, answered and published in time, voted satisfied.
    p1 = answered(submit((3, 2)), "policy", (3, 10), (3, 11))
    at_time((3, 12), feedback_vote, feedback=p1, by=citizen, satisfied=True)
    # P2: rejected on Thu 05/03, three working days after Mon 02/03: late, not classified.
    at_time((3, 5), feedback_reject, feedback=submit((3, 2)), by=receiver, reason="Trùng.")
    # P3: classified, in time, but voted "not satisfied".
    p3 = answered(submit((3, 2)), "conduct", (3, 5), (3, 6))
    at_time((3, 9), feedback_vote, feedback=p3, by=citizen, satisfied=False)
    # P4: classified, in time, but complained about again (P5).
    p4 = answered(submit((3, 2)), "procedure", (3, 5), (3, 6))
    # P5: the repeated complaint, pending at the end of March: 16/03 + 15 WD > 31/03, on time.
    submit((3, 16), text="Chưa đồng ý với kết quả trả lời.", repeat_of=p4)
    # P6: never handled: 02/03 + 15 WD = 23/03 < end of March, late.
    submit((3, 2))
    # Not in dost's March: P7 in February, P8 at the ward.
    submit((2, 25))
    submit((3, 2), agency=world.pho_hien_pc)

    # 5.4: dossiers refused in March: D1 has a PAKN, D2 a "dislike", D3 a good rating.
    def refused(day):
        d = online_xray(world, now=at(2026, *day))
        return dossier_refuse(
            dossier=d, by=world.users["center_receiver"], reason="Thiếu.", now=at(2026, *day)
        )

    d1, d2, d3 = refused((3, 3)), refused((3, 4)), refused((3, 5))
    with time_machine.travel(at(2026, 3, 6), tick=False):
        feedback_submit(by=citizen, kind="reflection", content="Bị từ chối sai.", dossier=d1)
    Rating.objects.create(dossier=d2, score=1)
    Rating.objects.create(dossier=d3, score=5)
    return world


def test_march_by_hand(march, django_assert_num_queries):
    with time_machine.travel(at(2026, 4, 10), tick=False):
        with django_assert_num_queries(2):  # PAKN and complained dossiers, the working calendar
            counts = feedback_counts_for_unit(unit=unit_agency(agency=march.dost), period=MARCH)
        # P1–P6 plus the PAKN about D1 (received 06/03, pending: late by 31/03? 06/03 + 15 WD
        # = 27/03 < 31/03, so late, not classified, not satisfied).
        assert counts == FeedbackCounts(
            total=7, classified=3, on_time=4, satisfied=2, complained_dossiers=2
        )
        province = feedback_counts_for_unit(unit=unit_province(province_code="33"), period=MARCH)
        assert (province.total, province.complained_dossiers) == (8, 2)  # + P8 at the ward
        by_agency = feedback_counts_by_agency(province_code="33", period=MARCH)
        assert by_agency[march.dost.pk] == counts
        assert by_agency[march.pho_hien_pc.pk].total == 1
        february = feedback_counts_for_unit(
            unit=unit_agency(agency=march.dost), period=period_month(2026, 2)
        )
        assert (february.total, february.complained_dossiers) == (1, 0)


@pytest.mark.parametrize(
    "period",
    [MARCH, period_month(2026, 2), period_custom(date(2026, 3, 2), date(2026, 3, 5))],
    ids=["march", "february", "custom"],
)
def test_the_one_statement_selects_what_the_feedback_selectors_do(march, period):
    """feedback_figures reads PAKN and complained dossiers in one statement; the feedback app's
    selectors (one ORM query each) are the reference, for every scope and filter."""
    from motcua.feedback.selectors import complained_dossiers_by_agency, feedback_facts
    from motcua.indicators.feedback_figures import period_bounds
    from motcua.indicators.rollup_queries import Filters

    start, end, as_of = period_bounds(period)
    scopes = [
        {"agency_ids": None, "province_code": "33"},
        {"agency_ids": (march.dost.pk,), "province_code": "33"},
        {"agency_ids": (march.dost.pk, march.pho_hien_pc.pk), "province_code": "33"},
    ]
    filters = [
        Filters(),
        Filters(procedure_id=march.xray.pk),
        Filters(field_id=march.xray.field_id),
        Filters(field_id=march.copy_cert.field_id),
    ]
    seen = []
    with time_machine.travel(at(2026, 4, 10), tick=False):
        for scope in scopes:
            for f in filters:
                kw = {**scope, "field_id": f.field_id, "procedure_id": f.procedure_id}
                if kw["agency_ids"] is not None:
                    kw["province_code"] = ""
                facts = feedback_facts(start=start, end=end, as_of=as_of, **kw)
                complained = complained_dossiers_by_agency(
                    first_day=period.start, last_day=period.end, **kw
                )
                expected = {
                    agency_id: counts_from_facts(
                        [x for x in facts if x.agency_id == agency_id],
                        complained_dossiers=complained.get(agency_id, 0),
                    )
                    for agency_id in {x.agency_id for x in facts} | complained.keys()
                }
                if scope["agency_ids"] is None:
                    got = feedback_counts_by_agency(province_code="33", period=period, filters=f)
                    assert got == expected, (scope, f)
                unit = Unit("commune", "0", "", "33", scope["agency_ids"], None)
                if scope["agency_ids"] is None:
                    unit = unit_province(province_code="33")
                total = feedback_counts_for_unit(unit=unit, period=period, filters=f)
                assert total == counts_from_facts(
                    facts, complained_dossiers=sum(complained.values())
                ), (scope, f)
                seen.append(total)
    if period == MARCH:  # not vacuous: PAKN, complained dossiers, and filtered-out ones
        assert seen[0] == FeedbackCounts(8, 3, 4, 2, 2) and seen[3] == FeedbackCounts()


def test_a_period_still_running_judges_open_pakn_at_today(march):
    # On 20/03, P6 (02/03 + 15 WD = 23/03) is not yet late; P5 and D1's PAKN neither.
    with time_machine.travel(at(2026, 3, 20), tick=False):
        counts = feedback_counts_for_unit(
            unit=unit_agency(agency=march.dost),
            period=period_month(2026, 3),
        )
    assert (counts.total, counts.on_time) == (7, 6)  # only P2's late rejection is late


def test_the_dashboard_table_shows_group_5(client, march):
    client.force_login(march.users["monitor"])
    with time_machine.travel(at(2026, 4, 10), tick=False):
        response = client.get(
            "/chi-so/",
            {"period": "month", "year": "2026", "month": "3", "unit": f"agency:{march.dost.pk}"},
        )
    assert response.status_code == 200
    subs = {s.code: s for s in response.context["card"].subs}
    assert (subs["5.1"].num, subs["5.1"].den, subs["5.1"].value) == (3, 7, D("42.86"))
    assert (subs["5.2"].value, subs["5.3"].value) == (D("57.14"), D("28.57"))
    page = response.content.decode()
    assert "42,86" in page or "42.86" in page
