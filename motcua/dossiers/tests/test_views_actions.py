"""Changing a dossier through the workspace: each action is a POST that the service decides —
a permitted officer moves the dossier and is sent back with a message; a role that may not act
gets 403, a step out of order 409, missing input 422, and nothing is written. Counter intake
creates a dossier in one POST, or re-shows the form with every problem next to its field."""

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers.constants import DossierStatus as S
from motcua.dossiers.constants import ProcessingStep as Step
from motcua.dossiers.models import Dossier, DossierEvent, Supplement
from motcua.dossiers.tests.factories import PDF_BYTES, at, online_xray
from motcua.dossiers.tests.test_views import login, received_xray


def act(client, dossier, action: str, **data):
    return client.post(
        reverse("dossiers:act", args=[dossier.code, action]),
        {f"{action}-{key}": value for key, value in data.items()},
    )


def history(dossier) -> list[str]:
    return list(DossierEvent.objects.filter(dossier=dossier).values_list("action", flat=True))


# --- Actions ----------------------------------------------------------------------------------


def test_the_dossier_page_offers_the_actions_the_state_and_the_role_allow(client, world):
    dossier = received_xray(world)  # due Monday 16 March 2026
    login(client, world, "dost_leader")
    with time_machine.travel(at(2026, 3, 10, 9), tick=False):
        response = client.get(reverse("dossiers:detail", args=[dossier.code]))
    offered = [panel.action.value for panel in response.context["panels"]]
    assert offered == ["assign", "extend", "transfer"]
    # Past the deadline an extension would be refused (once, before the deadline), so the
    # page does not offer it.
    with time_machine.travel(at(2026, 3, 17, 9), tick=False):
        response = client.get(reverse("dossiers:detail", args=[dossier.code]))
    assert [panel.action.value for panel in response.context["panels"]] == ["assign", "transfer"]
    html = response.content.decode()
    assert reverse("dossiers:act", args=[dossier.code, "assign"]) in html
    assert "dost_specialist" in html  # the only specialist of the handling agency is offered
    assert "ph_specialist" not in html
    # A monitor sees the dossier but may do nothing to it.
    login(client, world, "monitor")
    response = client.get(reverse("dossiers:detail", args=[dossier.code]))
    assert response.context["panels"] == []
    assert "Bạn không có thao tác nào" in response.content.decode()


def test_a_permitted_officer_moves_the_dossier_and_returns_to_it_with_a_message(client, world):
    dossier = received_xray(world)
    specialist = world.users["dost_specialist"]
    login(client, world, "dost_leader")
    response = act(client, dossier, "assign", assignee=specialist.pk)
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:detail", args=[dossier.code])
    dossier.refresh_from_db()
    assert (dossier.status, dossier.step, dossier.assignee) == (
        S.PROCESSING,
        Step.ASSIGNED,
        specialist,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Đã thực hiện «Phân công thụ lý» với hồ sơ" in page

    login(client, world, "dost_specialist")
    assert act(client, dossier, "appraise", note="Hồ sơ đạt yêu cầu").status_code == 302
    dossier.refresh_from_db()
    assert dossier.step == Step.APPRAISED
    assert (
        DossierEvent.objects.get(dossier=dossier, action="appraise").reason == "Hồ sơ đạt yêu cầu"
    )


def test_a_role_that_may_not_act_gets_403_and_nothing_is_written(client, world):
    dossier = received_xray(world)
    login(client, world, "dost_specialist")  # approving is the leader's
    response = act(client, dossier, "approve", note="")
    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này với hồ sơ." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == S.RECEIVED and history(dossier) == ["receive"]
    # A monitor sees the dossier and still may not touch it.
    login(client, world, "monitor")
    assert act(client, dossier, "extend", new_due_date="2026-04-30", reason="x").status_code == 403
    assert history(dossier) == ["receive"]


def test_a_step_out_of_order_gets_409_and_nothing_is_written(client, world):
    dossier = received_xray(world)
    login(client, world, "dost_leader")  # may approve, but nothing was appraised yet
    response = act(client, dossier, "approve", note="")
    assert response.status_code == 409
    html = response.content.decode()
    assert "Không thể «Phê duyệt» khi hồ sơ đang ở trạng thái «Được tiếp nhận»." in html
    assert dossier.code in html  # the dossier page, not a bare error
    assert history(dossier) == ["receive"]


def test_an_officer_of_another_agency_cannot_act_even_by_crafting_the_post(client, world):
    dossier = received_xray(world)
    login(client, world, "ph_leader")
    response = act(client, dossier, "assign", assignee=world.users["ph_specialist"].pk)
    assert response.status_code == 404
    assert history(dossier) == ["receive"]


def test_an_unknown_action_is_404_and_a_get_is_405(client, world):
    dossier = received_xray(world)
    login(client, world, "dost_leader")
    assert client.post(reverse("dossiers:act", args=[dossier.code, "teleport"])).status_code == 404
    assert client.post(reverse("dossiers:act", args=[dossier.code, "submit"])).status_code == 404
    assert client.get(reverse("dossiers:act", args=[dossier.code, "assign"])).status_code == 405


def test_missing_input_is_shown_next_to_the_field_with_422(client, world):
    dossier = received_xray(world)
    login(client, world, "dost_receiver")
    response = act(client, dossier, "request_supplement", items="  \n ", reason="Thiếu giấy tờ")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Cần liệt kê đầy đủ các nội dung phải bổ sung (hướng dẫn một lần)." in html
    assert "Chưa có nội dung bổ sung." in html  # beside the items box
    assert "Thiếu giấy tờ" in html  # what was typed is kept
    assert history(dossier) == ["receive"] and not Supplement.objects.exists()

    response = act(
        client, dossier, "request_supplement", items="Bản sao chứng chỉ\nSơ đồ phòng", reason="x"
    )
    assert response.status_code == 302
    assert Supplement.objects.get().items == ["Bản sao chứng chỉ", "Sơ đồ phòng"]
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert reverse("dossiers:slip", args=[dossier.code, "02"]) in page
    assert "Sơ đồ phòng" in page  # listed under the timeline row


def test_the_desk_receives_an_online_dossier_with_one_click(client, world):
    online = online_xray(world, now=at(2026, 3, 2, 10))
    login(client, world, "center_receiver")
    offered = client.get(reverse("dossiers:detail", args=[online.code])).context["panels"]
    assert [p.action.value for p in offered] == [
        "receive",
        "refuse",
        "request_supplement",
        "request_withdrawal",
    ]
    assert act(client, online, "receive").status_code == 302
    online.refresh_from_db()
    assert online.status == S.RECEIVED and online.received_at is not None


def test_transfer_sends_the_officer_back_to_the_inbox(client, world):
    dossier = received_xray(world)
    login(client, world, "dost_leader")
    response = act(
        client, dossier, "transfer", to_agency=world.pho_hien_pc.pk, reason="Sai thẩm quyền"
    )
    assert response.status_code == 302 and response["Location"] == reverse("dossiers:inbox")
    dossier.refresh_from_db()
    assert dossier.handling_agency == world.pho_hien_pc
    # The leader of the old handling agency no longer sees it.
    assert client.get(reverse("dossiers:detail", args=[dossier.code])).status_code == 404


# --- Counter intake -----------------------------------------------------------------------------

INTAKE = reverse("dossiers:intake")


def intake_post(world, **overrides):
    data = {
        "receiving_agency": world.province_center.pk,
        "applicant_kind": "citizen",
        "name": "Nguyễn Thị Ngọc Ánh",
        "personal_id": "033090001234",
        "phone": "0912345678",
        "email": "anh@example.vn",
        "address": "Số 5 phố Điện Biên",
        "unit_code": "",
        "f_organization_name": "Bệnh viện Đa khoa Phố Hiến",
        "f_device_count": "2",
        "doc0_file": SimpleUploadedFile("don.pdf", PDF_BYTES, content_type="application/pdf"),
        "doc1_paper": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_step_one_finds_the_procedure_and_step_two_builds_the_form_from_its_schema(client, world):
    login(client, world, "center_receiver")
    response = client.get(INTAKE, {"q": "giay phep buc xa"})
    assert response.status_code == 200
    assert f"{INTAKE}?procedure=1.004447" in response.content.decode()
    response = client.get(INTAKE, {"procedure": "1.004447"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tên tổ chức" in html and "Số thiết bị" in html  # e-form titles as labels
    assert 'type="number"' in html and 'min="1"' in html
    assert "Đơn đề nghị cấp giấy phép" in html and "Chứng chỉ nhân viên bức xạ" in html
    assert 'enctype="multipart/form-data"' in html
    assert "autofocus" in html
    # The only desk of this receiver is preselected.
    assert f'<option value="{world.province_center.pk}" selected>' in html
    assert client.get(INTAKE, {"procedure": "9.999999"}).status_code == 404


def test_counter_intake_creates_the_dossier_and_offers_the_receipt_slip(client, world):
    login(client, world, "center_receiver")
    response = client.post(f"{INTAKE}?procedure=1.004447", intake_post(world))
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("dossiers:detail", args=[dossier.code]) + "?received=1"
    assert dossier.status == S.RECEIVED and dossier.handling_agency == world.dost
    assert dossier.form_data == {
        "organization_name": "Bệnh viện Đa khoa Phố Hiến",
        "device_count": 2,
    }
    assert [
        (d.requirement_code, bool(d.file), d.paper_received) for d in dossier.documents.all()
    ] == [
        ("TP1", True, False),
        ("TP2", False, True),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "In giấy tiếp nhận (Mẫu 01)" in page
    assert reverse("dossiers:slip", args=[dossier.code, "01"]) in page


def test_a_bad_personal_id_is_refused_with_the_message_beside_it_and_input_kept(client, world):
    login(client, world, "center_receiver")
    response = client.post(f"{INTAKE}?procedure=1.004447", intake_post(world, personal_id="12345"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Hồ sơ chưa hợp lệ, vui lòng kiểm tra các mục được đánh dấu." in html
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số, «12345» thì không." in html
    assert response.context["form"].errors["personal_id"]
    assert 'value="Nguyễn Thị Ngọc Ánh"' in html and 'value="Bệnh viện Đa khoa Phố Hiến"' in html
    assert "vui lòng chọn lại tệp" in html  # files are never kept
    assert not Dossier.objects.exists()


def test_a_file_that_is_not_really_a_pdf_is_refused(client, world):
    login(client, world, "center_receiver")
    fake = SimpleUploadedFile("don.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(f"{INTAKE}?procedure=1.004447", intake_post(world, doc0_file=fake))
    assert response.status_code == 422
    assert "Chỉ nhận tệp PDF, JPEG hoặc PNG" in response.content.decode()
    assert response.context["form"].errors["doc0_file"]
    assert not Dossier.objects.exists()


def test_a_missing_required_document_and_e_form_value_are_named(client, world):
    login(client, world, "center_receiver")
    data = intake_post(world, doc1_paper=None, f_device_count="0", f_organization_name="")
    response = client.post(f"{INTAKE}?procedure=1.004447", data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Thiếu giấy tờ bắt buộc: Chứng chỉ nhân viên bức xạ." in html
    assert "«Số thiết bị» phải lớn hơn hoặc bằng 1." in html
    assert "Chưa nhập «Tên tổ chức»." in html
    errors = response.context["form"].errors
    assert {"doc1_file", "f_device_count", "f_organization_name"} <= set(errors)
    assert not Dossier.objects.exists()


def test_intake_is_for_receivers_at_their_own_desks(client, world):
    login(client, world, "dost_specialist")
    assert client.get(INTAKE).status_code == 403
    # A receiver cannot pick a desk that is not theirs by crafting the POST.
    login(client, world, "center_receiver")
    data = intake_post(world, receiving_agency=world.pho_hien_center.pk)
    response = client.post(f"{INTAKE}?procedure=1.004447", data)
    assert response.status_code == 422
    assert not Dossier.objects.exists()
