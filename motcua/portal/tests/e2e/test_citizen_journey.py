"""End to end in a real browser (Debian's chromium driven by Playwright): a citizen logs in
with the personal ID, finds a procedure typed without diacritics, submits it with data
prefilled from the population register and an earlier result reused instead of an upload;
an officer receives it in the workspace; the citizen sees the new status.

The server is pytest-django's `live_server` (a real HTTP server on a free port, on the test
database). Skipped loudly when chromium is missing (conftest.require_binary)."""

import os
import shutil

import pytest
from django.db import connection

from conftest import require_binary
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import PDF_BYTES
from motcua.portal.tests.factories import EARLIER_RESULT, earlier_result, portal_world

# Playwright's sync API runs an event loop in this thread; the ORM calls below are plain
# synchronous test set-up and checks, never concurrent with it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "motcua-demo-2026"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.slow


@pytest.fixture
def browser():
    require_binary("chromium", "chromium")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()
        # The connection the test's queries opened inside Playwright's sync context is not the
        # one the session's database teardown closes: left open, PostgreSQL refuses to drop
        # the test database ("being accessed by other users").
        connection.close()


@pytest.fixture
def journey_world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.MOTCUA_PROVINCE = "33"
    settings.MOTCUA_REGISTRY_CONNECTOR = "reference"
    world = portal_world()
    for name in ("citizen", "center_receiver"):
        world.users[name].set_password(PASSWORD)
        world.users[name].save()
    earlier_result(world)
    return world


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Số định danh cá nhân hoặc tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def _logout(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()


def test_citizen_submits_officer_receives_citizen_sees_it(
    browser, live_server, journey_world, tmp_path
):
    world = journey_world
    base = live_server.url
    page = browser.new_page(java_script_enabled=False)  # the portal must work without script
    page.set_default_timeout(20_000)

    # 1. The citizen logs in with the personal ID and finds the procedure without diacritics.
    _login(page, base, "033090001234")
    page.goto(f"{base}/dich-vu-cong/")
    page.get_by_label("Tên thủ tục, mã số hoặc từ khóa (có thể gõ không dấu)").fill(
        "cap lai chung chi buc xa"
    )
    page.get_by_role("button", name="Tìm kiếm").click()
    page.get_by_role("link", name="Cấp lại chứng chỉ nhân viên bức xạ").click()
    page.get_by_role("button", name="Nộp hồ sơ trực tuyến").click()

    # 2. Step 1: prefilled from the population register, marked as such.
    assert page.get_by_text("Lấy từ Cơ sở dữ liệu quốc gia về dân cư").first.is_visible()
    name = page.locator("#id_name")
    assert name.input_value() == "Nguyễn Văn An" and name.get_attribute("readonly") is not None
    page.locator("#id_email").fill("an@example.vn")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # 3. Step 2: the e-form, prefilled where x-prefill says so.
    assert page.locator("#id_f_full_name").input_value() == "Nguyễn Văn An"
    assert page.locator("#id_f_date_of_birth").input_value() == "1990-05-12"
    page.locator("#id_f_reason").select_option("Bị mất")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # 4. Step 3: upload the application, reuse the earlier certificate (offered by default).
    upload = tmp_path / "don-de-nghi.pdf"
    upload.write_bytes(PDF_BYTES)
    page.locator("#id_doc0_file").set_input_files(str(upload))
    reuse = page.get_by_label(EARLIER_RESULT, exact=False)
    assert reuse.is_checked()
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # 5. Step 4: review, choose where it is received, submit.
    assert page.get_by_text("100.000").first.is_visible()
    page.get_by_label(world.province_center.name).check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    assert page.get_by_text("Đã nộp hồ sơ thành công").is_visible()
    assert page.locator("#status").inner_text() == "Mới đăng ký"
    dossier = Dossier.objects.get(applicant_user=world.users["citizen"])
    reused = dossier.documents.get(requirement_code="TP2")
    assert reused.reused_from == EARLIER_RESULT
    assert dossier.form_data["full_name"] == "Nguyễn Văn An"
    _logout(page)

    # 6. The officer of the receiving desk receives it in the workspace.
    _login(page, base, "center_receiver")
    page.goto(f"{base}/workspace/{dossier.code}/")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    page.wait_for_load_state()
    dossier.refresh_from_db()
    assert dossier.status == 2
    _logout(page)

    # 7. The citizen sees the new status in "Hồ sơ của tôi".
    _login(page, base, "033090001234")
    page.goto(f"{base}/cong-dan/ho-so/")
    page.get_by_role("link", name=dossier.code).click()
    assert page.locator("#status").inner_text() == "Được tiếp nhận"
    assert page.get_by_text("Tiếp nhận hồ sơ").first.is_visible()
