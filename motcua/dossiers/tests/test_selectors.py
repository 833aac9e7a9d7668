"""The access gates: officers see their agencies' dossiers, province admins and monitors their
province, citizens their own; nobody sees another agency's or province's (missing = invisible)."""

import pytest

from motcua.core.errors import NotFoundError
from motcua.dossiers.selectors import InboxFilters, dossier_get_for_user, dossier_list_for_user
from motcua.dossiers.services.intake import (
    DocumentInput,
    dossier_receive_at_counter,
)
from motcua.dossiers.tests.factories import (
    XRAY_FORM,
    at,
    citizen_applicant,
    online_xray,
    xray_documents,
)


@pytest.fixture
def dossiers(world):
    u = world.users
    province = dossier_receive_at_counter(
        procedure=world.xray,
        receiving_agency=world.province_center,
        applicant=citizen_applicant(),
        form_data=XRAY_FORM,
        documents=xray_documents(),
        by=u["center_receiver"],
        now=at(2026, 3, 2, 9),
    )
    commune = dossier_receive_at_counter(
        procedure=world.copy_cert,
        receiving_agency=world.khoai_chau_center,
        applicant=citizen_applicant(unit_code="11953"),
        form_data={},
        documents=[
            DocumentInput("TP1", paper_received=True),
            DocumentInput("TP2", paper_received=True),
        ],
        by=u["kc_receiver"],
        now=at(2026, 3, 2, 9),
    )
    online = online_xray(world, now=at(2026, 3, 2, 10))
    return {"province": province, "commune": commune, "online": online}


VISIBILITY = [
    # user, sees province dossier, sees commune dossier (received Khoái Châu, handled Phố Hiến), sees online
    ("dost_specialist", True, False, True),
    ("center_receiver", True, False, True),
    ("kc_receiver", False, True, False),
    ("ph_specialist", False, True, False),
    ("ph_receiver", False, False, False),  # Phố Hiến's center neither received nor handles it
    ("province_admin", True, True, True),
    ("monitor", True, True, True),
    ("hanoi_receiver", False, False, False),
    ("citizen", False, False, True),
    ("other_citizen", False, False, False),
]


@pytest.mark.parametrize(("username", "province", "commune", "online"), VISIBILITY)
def test_who_sees_which_dossier(world, dossiers, username, province, commune, online):
    user = world.users[username]
    for key, expected in (("province", province), ("commune", commune), ("online", online)):
        code = dossiers[key].code
        if expected:
            assert dossier_get_for_user(user=user, code=code).code == code
        else:
            with pytest.raises(NotFoundError):
                dossier_get_for_user(user=user, code=code)
    listed = set(dossier_list_for_user(user=user).values_list("code", flat=True))
    assert listed == {
        dossiers[k].code
        for k, v in (("province", province), ("commune", commune), ("online", online))
        if v
    }


def test_missing_and_invisible_answer_the_same(world, dossiers):
    user = world.users["hanoi_receiver"]
    with pytest.raises(NotFoundError) as invisible:
        dossier_get_for_user(user=user, code=dossiers["province"].code)
    with pytest.raises(NotFoundError) as missing:
        dossier_get_for_user(user=user, code="H31.12-260302-9999")
    assert invisible.value.as_dict() == missing.value.as_dict()


def test_inbox_filters(world, dossiers):
    admin = world.users["province_admin"]
    assert [d.code for d in dossier_list_for_user(user=admin, filters=InboxFilters(status=1))] == [
        dossiers["online"].code
    ]
    assert {
        d.code for d in dossier_list_for_user(user=admin, filters=InboxFilters(field_code="CT"))
    } == {dossiers["commune"].code}
    assert {d.code for d in dossier_list_for_user(user=admin, filters=InboxFilters(channel=2))} == {
        dossiers["online"].code
    }
    assert {
        d.code for d in dossier_list_for_user(user=admin, filters=InboxFilters(q="H31.50.001"))
    } == {dossiers["commune"].code}


def test_inbox_query_count_is_fixed(world, dossiers, django_assert_num_queries):
    # The memberships, the province's agency ids, then the rows in one query.
    with django_assert_num_queries(3):
        rows = list(dossier_list_for_user(user=world.users["province_admin"]))
        for row in rows:
            _ = (
                row.procedure.name,
                row.handling_agency.name,
                row.assignee and row.assignee.username,
            )


def test_the_open_view_hides_finished_dossiers_and_lists_by_due_date(world, dossiers):
    from motcua.dossiers.services.processing import dossier_refuse

    admin = world.users["province_admin"]
    dossier_refuse(
        dossier=dossiers["online"],
        by=world.users["center_receiver"],
        reason="Không thuộc thẩm quyền",
    )
    open_codes = [
        d.code for d in dossier_list_for_user(user=admin, filters=InboxFilters(open_only=True))
    ]
    assert dossiers["online"].code not in open_codes
    assert set(open_codes) == {dossiers["province"].code, dossiers["commune"].code}
    everything = {d.code for d in dossier_list_for_user(user=admin, filters=InboxFilters())}
    assert dossiers["online"].code in everything
