"""Public pages: accent-insensitive search, the procedure page with the way in, the login
label; every page works without JavaScript (no script at all) and names its language."""

import re

from django.urls import reverse

from motcua.portal.tests.wizard_helpers import start, step_url


def test_search_without_diacritics_finds_the_procedure(client, world):
    page = client.get(reverse("portal:catalog"), {"q": "cap lai chung chi buc xa"}).content.decode()
    assert "Cấp lại chứng chỉ nhân viên bức xạ" in page
    assert reverse("portal:procedure", args=["1.014761"]) in page


def test_procedure_page_shows_fees_documents_time_and_the_submit_button(client, world):
    page = client.get(reverse("portal:procedure", args=["1.014761"])).content.decode()
    for text in ("Nộp hồ sơ trực tuyến", "100.000", "Chứng chỉ nhân viên bức xạ đã cấp",
                 "5 ngày làm việc", "Toàn trình"):  # fmt: skip
        assert text in page, text
    assert reverse("portal:start", args=["1.014761"]) in page


def test_login_page_asks_for_the_personal_id(client, world):
    page = client.get(reverse("web:login")).content.decode()
    assert "Số định danh cá nhân hoặc tên đăng nhập" in page


def test_demo_citizen_logs_in_with_the_personal_id(client, world):
    user = world.users["citizen"]
    user.set_password("motcua-demo-2026")
    user.save()
    response = client.post(
        reverse("web:login"), {"username": "033090001234", "password": "motcua-demo-2026"}
    )
    assert response.status_code == 302


def test_no_page_needs_javascript(client, world):
    client.force_login(world.users["citizen"])
    draft = start(client, world.reissue)
    urls = [
        reverse("portal:catalog"),
        reverse("portal:procedure", args=["1.014761"]),
        step_url(draft, "nguoi-nop"),
        reverse("portal:my_dossiers"),
        reverse("portal:tracking"),
        reverse("portal:feedback"),
    ]
    for url in urls:
        page = client.get(url).content.decode()
        assert "<script" not in page, url
        assert re.search(r'<html lang="(vi|en)">', page), url


def test_english_is_available(client, world):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("portal:tracking")).content.decode()
    assert '<html lang="en">' in page
