"""A hand-checked March 2026 at the Department of Science and Technology (procedure 1.004447,
10 working days: received Mon 02/03 09:00 ⇒ due Mon 16/03 09:00), driven through the real
services. Each dossier is one DOMAIN.md edge case; the expected counts are in the tests."""

from motcua.dossiers.constants import Action
from motcua.dossiers.services.intake import (
    DocumentInput,
    dossier_receive_at_counter,
    dossier_submit_online,
)
from motcua.dossiers.services.processing import (
    dossier_advance,
    dossier_assign,
    dossier_extend,
    dossier_receive,
    dossier_refuse,
    dossier_request_supplement,
    dossier_stop,
    dossier_supplement,
    dossier_transfer,
)
from motcua.dossiers.tests.factories import (
    PDF_BYTES,
    XRAY_FORM,
    at,
    citizen_applicant,
    xray_documents,
)


def _counter(world, day=2):
    return dossier_receive_at_counter(
        procedure=world.xray,
        receiving_agency=world.province_center,
        applicant=citizen_applicant(),
        form_data=XRAY_FORM,
        documents=xray_documents(),
        by=world.users["center_receiver"],
        now=at(2026, 3, day, 9),
    )


def _online(world, *, verified=False, day=1):
    docs = [DocumentInput("TP1", "a.pdf", PDF_BYTES), DocumentInput("TP2", "b.pdf", PDF_BYTES)]
    return dossier_submit_online(
        procedure=world.xray,
        receiving_agency=world.province_center,
        applicant=citizen_applicant(),
        form_data=XRAY_FORM,
        documents=docs,
        by=world.users["citizen"],
        identity_verified=verified,
        now=at(2026, 3, day, 20),
    )


def _finish(world, d, *, sign_day, month=3):
    u = world.users
    if d.status == 2:
        d = dossier_assign(
            dossier=d, by=u["dost_leader"], assignee=u["dost_specialist"], now=at(2026, 3, 2, 10)
        )
    d = dossier_advance(
        dossier=d, action=Action.APPRAISE, by=u["dost_specialist"], now=at(2026, month, sign_day, 8)
    )
    d = dossier_advance(
        dossier=d, action=Action.APPROVE, by=u["dost_leader"], now=at(2026, month, sign_day, 8, 30)
    )
    return dossier_advance(
        dossier=d, action=Action.SIGN, by=u["dost_signer"], now=at(2026, month, sign_day, 9)
    )


def _supplement(world, d, *, asked, back=None):
    u = world.users
    d = dossier_request_supplement(
        dossier=d, by=u["dost_specialist"], items=["Bản vẽ"], reason="Thiếu", now=asked
    )
    if back is not None:
        d = dossier_supplement(dossier=d, by=u["center_receiver"], now=back)
    return d


def build_march(world) -> dict:
    """Returns the dossiers by letter. All received 02/03 unless said otherwise."""
    u = world.users
    out = {}
    # A: counter, signed 10/03, returned 11/03: on time.
    a = _finish(world, _counter(world), sign_day=10)
    out["A"] = dossier_advance(
        dossier=a, action=Action.RETURN_RESULT, by=u["center_receiver"], now=at(2026, 3, 11, 9)
    )
    # B: two supplement requests, signed early (10/03): late (766 spec: > 1 request ⇒ late).
    b = dossier_assign(
        dossier=_counter(world),
        by=u["dost_leader"],
        assignee=u["dost_specialist"],
        now=at(2026, 3, 2, 10),
    )
    b = _supplement(world, b, asked=at(2026, 3, 3, 9), back=at(2026, 3, 4, 9))
    b = _supplement(world, b, asked=at(2026, 3, 5, 9), back=at(2026, 3, 6, 9))
    out["B"] = _finish(world, b, sign_day=10)
    # C: signed 20/03, after the due date 16/03: late.
    out["C"] = _finish(world, _counter(world), sign_day=20)
    # D: one supplement 03/03 → 13/03 (10 days at the citizen), signed 24/03:
    #    24/03 − 10 days = 14/03 ≤ 16/03 ⇒ on time (supplement time subtracted).
    d = dossier_assign(
        dossier=_counter(world),
        by=u["dost_leader"],
        assignee=u["dost_specialist"],
        now=at(2026, 3, 2, 10),
    )
    d = _supplement(world, d, asked=at(2026, 3, 3, 9), back=at(2026, 3, 13, 9))
    out["D"] = _finish(world, d, sign_day=24)
    # E: withdrawn 03/03 then stopped: finished, not resolved, on time.
    e = dossier_advance(
        dossier=_counter(world),
        action=Action.REQUEST_WITHDRAWAL,
        by=u["center_receiver"],
        now=at(2026, 3, 3, 9),
    )
    out["E"] = dossier_stop(
        dossier=e, by=u["center_receiver"], reason="Công dân xin rút hồ sơ", now=at(2026, 3, 3, 10)
    )
    # F: online, refused at reception 02/03: counted as refused only (never received).
    out["F"] = dossier_refuse(
        dossier=_online(world),
        by=u["center_receiver"],
        reason="Không thuộc thẩm quyền",
        now=at(2026, 3, 2, 9),
    )
    # G: online with VNeID, received 02/03 08:00, then transferred to the commune of Phố Hiến:
    #    every figure goes to the handling agency after the transfer; still open.
    g = dossier_receive(
        dossier=_online(world, verified=True), by=u["center_receiver"], now=at(2026, 3, 2, 8)
    )
    out["G"] = dossier_transfer(
        dossier=g,
        to_agency=world.pho_hien_pc,
        by=u["dost_leader"],
        reason="Thuộc thẩm quyền cấp xã",
        now=at(2026, 3, 2, 11),
    )
    # H: one supplement asked 03/03 and not returned: open, judged at 03/03 ⇒ on time.
    h = dossier_assign(
        dossier=_counter(world),
        by=u["dost_leader"],
        assignee=u["dost_specialist"],
        now=at(2026, 3, 2, 10),
    )
    out["H"] = _supplement(world, h, asked=at(2026, 3, 3, 9))
    # I: extended with an apology 12/03 (new date 20/03), signed 18/03: late all the same.
    i = _counter(world)
    i = dossier_extend(
        dossier=i,
        by=u["dost_leader"],
        new_due_at=at(2026, 3, 20, 17),
        reason="Cần thẩm định thực tế",
        now=at(2026, 3, 12, 9),
    )
    out["I"] = _finish(world, i, sign_day=18)
    # J: open, received 02/03, nothing since: due 16/03.
    out["J"] = _counter(world)
    return out
