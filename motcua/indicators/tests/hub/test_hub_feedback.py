"""766 group 5 on the hub (contract v1.2): PAKN and dossier ratings made on the province node
go through its "hub" outbox and the real ingest; the hub's 5.1–5.3 and the complaint share of
5.4 for the province, its agencies and the nation then equal the province node's own, by the
same rules, and enter the composite score and rankings the same way.

By hand, March 2026 (Mon 02/03; deadlines in working days, DOMAIN.md §1.3 / feedback.rules),
at the Department of Science and Technology (dost) unless said otherwise:
* P1 general, accepted 03/03 "policy", answered 10/03, published 11/03, voted satisfied:
  classified, on time, satisfied.
* P2 rejected Thu 05/03, three working days after submission (> 2): late, not classified.
* P3 accepted "conduct", answered 05/03, published 06/03, voted not satisfied: classified, on
  time, not satisfied.
* P4 accepted "procedure", answered 05/03, published 06/03, then complained about again (P5):
  classified, on time, not satisfied.
* P5 the repeat, submitted 16/03, pending on 31/03 (16/03 + 15 WD > 31/03): on time, satisfied.
* P6 submitted 02/03, never handled: 02/03 + 15 WD = 23/03 < 31/03, late.
* PL about dossier L, submitted Fri 13/03, pending (13/03 + 15 WD = 03/04): on time, satisfied.
* P8 submitted 02/03 to dost, transferred 03/03 to the ward of Phố Hiến (H31.50.001): its clock
  restarts there, pending, 03/03 + 15 WD = 24/03 < 31/03: late; it counts for the ward.
* P7 submitted 25/02: not in March.
dost: 7 PAKN, 3 classified, 5 on time, 3 satisfied; the ward: 1, 0, 0, 0; the province 8, 3,
5, 3 ⇒ 5.1 = 37.50 %, 5.2 = 62.50 %, 5.3 = 37.50 %.
5.4: dossiers finished in March with a PAKN or a "dislike": K (rated 1) and L (PAKN PL); M was
rated 2 then 4 (not a dislike any more): 2 complained dossiers, all dost's.
"""

from decimal import Decimal

import pytest

from motcua.dossiers.services.processing import dossier_receive
from motcua.dossiers.tests.factories import at
from motcua.feedback.services import (
    feedback_accept,
    feedback_answer,
    feedback_publish,
    feedback_reject,
    feedback_submit,
    feedback_transfer,
    feedback_vote,
    rating_submit,
)
from motcua.indicators.feedback_figures import feedback_counts_by_agency, feedback_counts_for_unit
from motcua.indicators.feedback_formulas import FeedbackCounts
from motcua.indicators.hub_feedback import hub_feedback_counts
from motcua.indicators.hub_selectors import HubScope
from motcua.indicators.periods import period_month
from motcua.indicators.selectors import (
    indicators_for_unit,
    rankings_for_province,
    unit_agency,
    unit_province,
)
from motcua.indicators.tests.conftest import drain
from motcua.indicators.tests.hub.test_hub_views import MARCH, NATION, PROVINCE
from motcua.indicators.tests.scenario import _finish, _online, build_march
from motcua.outbox.models import OutboxMessage
from motcua.sync import signing
from motcua.sync.client import _bodies
from motcua.sync.models import ReplicaFeedback, ReplicaRating

MARCH_PERIOD = period_month(2026, 3)
DOST = FeedbackCounts(total=7, classified=3, on_time=5, satisfied=3, complained_dossiers=2)
WARD = FeedbackCounts(total=1, classified=0, on_time=0, satisfied=0, complained_dossiers=0)
PROVINCE_COUNTS = FeedbackCounts(8, 3, 5, 3, 2)
NO_SOURCE_NOTE = "Cần Hệ thống phản ánh, kiến nghị của Cổng DVCQG."  # the hub before v1.2
NONE_IN_PERIOD_NOTE = "Không có phản ánh, kiến nghị trong kỳ"


def build_pakn(world) -> None:
    """The PAKN and ratings of the module docstring, through the feedback services."""
    u = world.users
    citizen, receiver = u["citizen"], u["dost_receiver"]
    specialist, leader = u["dost_specialist"], u["dost_leader"]

    def submit(day, text="Phản ánh về thủ tục cấp phép.", **kw):
        kw.setdefault("agency", world.dost)
        return feedback_submit(
            by=citizen, kind="reflection", content=text, now=at(2026, *day), **kw
        )

    def answered(item, category, answer_day, publish_day):
        item = feedback_accept(feedback=item, by=receiver, category=category, now=at(2026, 3, 3))
        item = feedback_answer(
            feedback=item, by=specialist, answer="Nội dung trả lời.", now=at(2026, *answer_day)
        )
        return feedback_publish(feedback=item, by=leader, now=at(2026, *publish_day))

    p1 = answered(submit((3, 2)), "policy", (3, 10), (3, 11))
    feedback_vote(feedback=p1, by=citizen, satisfied=True, now=at(2026, 3, 12))
    feedback_reject(feedback=submit((3, 2)), by=receiver, reason="Trùng.", now=at(2026, 3, 5))
    p3 = answered(submit((3, 2)), "conduct", (3, 5), (3, 6))
    feedback_vote(feedback=p3, by=citizen, satisfied=False, now=at(2026, 3, 9))
    p4 = answered(submit((3, 2)), "procedure", (3, 5), (3, 6))
    submit((3, 16), text="Chưa đồng ý với kết quả trả lời.", repeat_of=p4)
    submit((3, 2))
    submit((2, 25))
    feedback_transfer(
        feedback=submit((3, 2)),
        by=receiver,
        to_agency=world.pho_hien_pc,
        reason="Thuộc thẩm quyền UBND phường.",
        now=at(2026, 3, 3),
    )

    def finished(sign_day):
        received = dossier_receive(
            dossier=_online(world), by=u["center_receiver"], now=at(2026, 3, 2, 9)
        )
        return _finish(world, received, sign_day=sign_day)

    k, l_, m = finished(12), finished(13), finished(16)
    rating_submit(dossier=k, by=citizen, score=1)
    submit((3, 13), text="Kết quả chưa đúng tên.", dossier=l_, agency=None)
    rating_submit(dossier=l_, by=citizen, score=5)
    rating_submit(dossier=m, by=citizen, score=2)
    rating_submit(dossier=m, by=citizen, score=4)


@pytest.fixture
def province_node(world, settings):
    """The March dossier scenario and the PAKN above on the province node, its "hub" outbox
    filled (nothing sent yet), and this process playing the hub as well."""
    settings.MOTCUA_ROLE = "hub"
    settings.MOTCUA_OUTBOX_HANDLERS = {
        **settings.MOTCUA_OUTBOX_HANDLERS,
        "hub": "motcua.sync.client.hub_handle",
    }
    settings.MOTCUA_DOSSIER_EVENT_DESTINATIONS = ["indicators", "hub"]
    settings.MOTCUA_FEEDBACK_EVENT_DESTINATIONS = ["hub"]
    settings.MOTCUA_SYNC_INGEST_HOOKS = ["motcua.indicators.hub.hub_ingest_hook"]
    settings.MOTCUA_SYNC_FEEDBACK_INGEST_HOOKS = ["motcua.indicators.hub.hub_feedback_ingest_hook"]
    build_march(world)
    build_pakn(world)
    drain()  # the province node's own rollups
    return world


def sync(client, secret, capture, *, kinds=None) -> int:
    """Post the "hub" outbox as the province's client would (its envelopes, signed) to the
    hub's ingest, running the after-commit hooks; returns the number of events applied."""
    messages = OutboxMessage.objects.filter(destination="hub").order_by("key", "sequence")
    if kinds is not None:
        messages = messages.filter(kind__in=kinds)
    applied = 0
    for _batch_id, body, _messages in _bodies(list(messages), "33"):
        headers = signing.headers_sign(
            secret=secret, province="33", method="POST", path="/api/sync/ingest", body=body
        )
        with capture(execute=True):
            response = client.post(
                "/api/sync/ingest", data=body, content_type="application/json", headers=headers
            )
        assert response.status_code == 200, response.content
        data = response.json()
        assert data["rejected"] == 0, data
        applied += data["applied"]
    return applied


@pytest.fixture
def synced(client, province_node, secret, django_capture_on_commit_callbacks):
    sync(client, secret, django_capture_on_commit_callbacks)
    return province_node


def test_the_province_node_counts_by_hand(province_node):
    assert feedback_counts_for_unit(
        unit=unit_province(province_code="33"), period=MARCH_PERIOD
    ) == (PROVINCE_COUNTS)
    by_agency = feedback_counts_by_agency(province_code="33", period=MARCH_PERIOD)
    assert by_agency == {province_node.dost.pk: DOST, province_node.pho_hien_pc.pk: WARD}


def test_the_hub_counts_equal_the_province_nodes(synced):
    assert ReplicaFeedback.objects.count() == 9  # P1–P8 and PL
    assert sorted(ReplicaRating.objects.values_list("score", "event_seq")) == [
        (1, 1),  # K
        (4, 2),  # M, rated again
        (5, 1),  # L
    ]
    province = HubScope(province_code="33")
    assert hub_feedback_counts(scope=province, period=MARCH_PERIOD) == {"": PROVINCE_COUNTS}
    assert hub_feedback_counts(scope=province, period=MARCH_PERIOD, unit="agency") == {
        "H31.12": DOST,
        "H31.50.001": WARD,
    }
    assert hub_feedback_counts(scope=HubScope(), period=MARCH_PERIOD, unit="province") == {
        "33": PROVINCE_COUNTS
    }
    dost = HubScope(province_code="33", agency_eids=("H31.12",))
    node_dost = feedback_counts_for_unit(unit=unit_agency(agency=synced.dost), period=MARCH_PERIOD)
    assert hub_feedback_counts(scope=dost, period=MARCH_PERIOD) == {"": node_dost} == {"": DOST}
    # A filter keeps the PAKN about a dossier of the procedure, as on the province node.
    xray = HubScope(province_code="33", procedure_code=synced.xray.code)
    assert hub_feedback_counts(scope=xray, period=MARCH_PERIOD) == {
        "": FeedbackCounts(1, 0, 1, 1, 2)
    }
    # P7 (Wed 25/02) is still within its 15 working days at the end of February: on time.
    february = hub_feedback_counts(scope=province, period=period_month(2026, 2))
    assert february == {"": FeedbackCounts(1, 0, 1, 1, 0)}
    assert february[""] == feedback_counts_for_unit(
        unit=unit_province(province_code="33"), period=period_month(2026, 2)
    )


def test_applying_the_same_events_again_changes_nothing(
    client, synced, secret, django_capture_on_commit_callbacks
):
    before = hub_feedback_counts(scope=HubScope(province_code="33"), period=MARCH_PERIOD)
    assert sync(client, secret, django_capture_on_commit_callbacks) == 0  # all duplicates
    after = hub_feedback_counts(scope=HubScope(province_code="33"), period=MARCH_PERIOD)
    assert before == after == {"": PROVINCE_COUNTS}


def _subs(response) -> dict:
    return {s.code: s for s in response.context["card"].subs}


def test_the_hub_pages_show_group_5_and_score_it_like_the_province_node(
    client,
    province_node,
    secret,
    ministry,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    client.force_login(ministry)
    # Dossier events only (a province before v1.2): no PAKN on the hub, 5.1–5.3 left out.
    sync(client, secret, django_capture_on_commit_callbacks, kinds=["dossier.event"])
    before = client.get(PROVINCE, MARCH)
    assert not _subs(before)["5.1"].computed and NONE_IN_PERIOD_NOTE in before.content.decode()
    # Then the PAKN and ratings: the page (cached until the mark moves) shows them at once.
    sync(
        client, secret, django_capture_on_commit_callbacks, kinds=["feedback.event", "rating.event"]
    )
    # The page's 15 queries on a miss (test_hub_views) + the working calendar: there are PAKN.
    with django_assert_num_queries(16):
        response = client.get(PROVINCE, MARCH)
    subs = _subs(response)
    assert [(subs[c].num, subs[c].den, subs[c].value) for c in ("5.1", "5.2", "5.3")] == [
        (3, 8, Decimal("37.50")),
        (5, 8, Decimal("62.50")),
        (3, 8, Decimal("37.50")),
    ]
    page = response.content.decode()
    assert NO_SOURCE_NOTE not in page and NONE_IN_PERIOD_NOTE not in page
    assert "3 / 8" in page and "Trừ 2 hồ sơ có phản ánh" in page
    # The province node's own card for March: the same 766 table and composite.
    node = indicators_for_unit(
        unit=unit_province(province_code="33"),
        period=MARCH_PERIOD,
        today=response.context["today"],
    )
    hub = response.context["page"].total.card
    assert [(s.code, s.num, s.den, s.value, s.score) for s in hub.subs] == [
        (s.code, s.num, s.den, s.value, s.score) for s in node.card.subs
    ]
    assert hub.total == node.card.total is not None
    # Rankings: group 5 moves the departments' and communes' scores the same way.
    ranked = rankings_for_province(
        province_code="33", period=MARCH_PERIOD, today=response.context["today"]
    )
    assert {r.name: r.card.total for r in response.context["page"].rankings["departments"]} == {
        r.unit.name: r.card.total for r in ranked["departments"]
    }
    assert {r.name: r.card.total for r in response.context["page"].rankings["communes"]} == {
        r.unit.name: r.card.total for r in ranked["communes"]
    }
    # The nation (one province) and the agency page say the same.
    nation = _subs(client.get(NATION, MARCH))
    assert (nation["5.2"].num, nation["5.2"].den, nation["5.4"].value) == (
        5,
        8,
        subs["5.4"].value,
    )
    agency = client.get(f"{PROVINCE}co-quan/H31.12/", MARCH)
    assert agency.status_code == 200
    dost = _subs(agency)
    assert (dost["5.1"].num, dost["5.1"].den, dost["5.3"].num) == (3, 7, 3)
    node_dost = indicators_for_unit(
        unit=unit_agency(agency=province_node.dost),
        period=MARCH_PERIOD,
        today=response.context["today"],
    )
    assert agency.context["page"].total.card.total == node_dost.card.total
