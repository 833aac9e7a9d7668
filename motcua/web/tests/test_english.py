"""English on request: the switcher turns the public pages into English, and the English
catalog (locale/en/LC_MESSAGES/django.po and the committed .mo) has every message translated.

The msgids are Vietnamese (docs/decisions/0001-vietnamese-source-strings.md), so a missing
translation shows Vietnamese on an English page; these tests catch that for the main pages.
"""

import gettext
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from motcua.procedures.importer import catalog_import
from motcua.procedures.tests.factories import catalog_document

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


@pytest.fixture
def english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


@pytest.fixture
def catalog():
    catalog_import(document=catalog_document())


def _cells(html: str, tag: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", html, re.S)
    ]


@pytest.mark.django_db
def test_the_home_page_in_english(english):
    response = english.get("/")

    html = response.content.decode()
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in html
    assert "Administrative procedures" in html
    assert "<h1>One-stop public services</h1>" in html
    assert "Electronic one-stop shop" in html
    assert "<h2>Ask the virtual assistant</h2>" in html
    assert "Thủ tục hành chính" not in html and "Dịch vụ công một cửa" not in html


@pytest.mark.django_db
def test_the_catalog_page_in_english(english, catalog):
    response = english.get(reverse("procedures:list"), {"q": "chung thuc"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Search administrative procedures</h1>" in html
    assert _cells(html, "th") == [
        "Code",
        "Procedure name",
        "Field",
        "Level",
        "Processing time",
        "Online",
    ]
    assert "1 procedure</p>" in html
    assert "Chứng thực bản sao từ bản chính giấy tờ, văn bản" in html  # catalog data stays


@pytest.mark.django_db
def test_the_catalog_page_shows_the_time_limit_in_english(english, catalog):
    response = english.get(reverse("procedures:list"), {"q": "chung thuc"})

    row = _cells(response.content.decode(), "td")
    assert row[0] == "2.000815"
    time_label = row[4]
    assert "working day" in time_label
    assert "ngày" not in time_label


@pytest.mark.django_db
def test_a_procedure_page_in_english(english, catalog):
    response = english.get(reverse("procedures:detail", args=["1.004447"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert _cells(html, "h2") == [
        "Required documents",
        "Requirements and conditions",
        "Steps to follow",
        "Internal workflow",
        "Legal basis",
    ]
    for label in ("Procedure code", "Processing time", "Fees and charges", "Who can apply"):
        assert f"<dt>{label}</dt>" in html
    assert "Provincial Public Administrative Service Center" in html
    assert (
        "Accepted at any service center in the province, regardless of administrative "
        "boundaries" in html
    )
    assert "valid for 36 months" in html
    assert "Time (working days)" in html
    assert "Thành phần hồ sơ" not in html and "Căn cứ pháp lý" not in html


# The .po file, read with a tiny parser (no dependency beyond the standard library).

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def _po_entries(path: Path) -> list[dict]:
    """Every non-obsolete entry: msgctxt, msgid, msgid_plural, msgstr (list), flags."""
    entries: list[dict] = []
    entry: dict = {}
    key = None

    def close():
        if "msgid" in entry:
            entries.append(entry)

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if "msgid" in entry and key is not None:  # comments start the next entry
                close()
                entry, key = {}, None
            if line.startswith("#,"):
                entry.setdefault("flags", set()).update(
                    flag.strip() for flag in line[2:].split(",")
                )
            continue
        if line.startswith('"'):
            if key[0] == "msgstr":
                entry["msgstr"][key[1]] += _unquote(line)
            else:
                entry[key[0]] += _unquote(line)
            continue
        keyword, _, value = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and "msgstr" in entry:
            close()
            entry = {}
        if keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if "[" in keyword else 0
            strings = entry.setdefault("msgstr", [])
            strings.extend([""] * (index + 1 - len(strings)))
            strings[index] = _unquote(value)
            key = ("msgstr", index)
        else:
            entry[keyword] = _unquote(value)
            key = (keyword, None)
    close()
    return entries


def _messages() -> list[dict]:
    return [e for e in _po_entries(LC_MESSAGES / "django.po") if e["msgid"] != ""]


def test_every_english_message_is_translated():
    messages = _messages()
    assert len(messages) > 100
    untranslated = [e["msgid"] for e in messages if not all(e.get("msgstr", [""]))]
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e.get("flags", ())]
    plurals = [e["msgid"] for e in messages if "msgid_plural" in e and len(e["msgstr"]) != 2]
    assert untranslated == []
    assert fuzzy == []
    assert plurals == []


def test_english_translations_keep_their_placeholders():
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w*\}|<[^>]+>")
    broken = [
        e["msgid"]
        for e in _messages()
        for source, translation in zip(
            [e["msgid"], e.get("msgid_plural", e["msgid"])], e["msgstr"], strict=False
        )
        if sorted(placeholder.findall(source)) != sorted(placeholder.findall(translation))
    ]
    assert broken == []


def test_the_committed_mo_file_matches_the_po_file():
    with (LC_MESSAGES / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for e in _messages():
        msgid = e["msgid"] if "msgctxt" not in e else f"{e['msgctxt']}\x04{e['msgid']}"
        if "msgid_plural" in e:
            got = [compiled.ngettext(msgid, e["msgid_plural"], n) for n in (1, 2)]
        else:
            got = [compiled.gettext(msgid)]
        if got != e["msgstr"]:
            stale.append(e["msgid"])
    assert stale == [], "run: manage.py compilemessages -l en"


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="gettext (xgettext) missing: apt-get install gettext"
)
def test_the_english_catalog_has_every_message_of_the_code(tmp_path, settings, monkeypatch):
    """A string added to the code but not to django.po shows Vietnamese on an English page
    (seven had slipped through). makemessages on a copy of the tree must find nothing new."""
    copy = tmp_path / "src"
    shutil.copytree(
        Path(settings.BASE_DIR) / "motcua",
        copy / "motcua",
        ignore=shutil.ignore_patterns("__pycache__", "tests", "static"),
    )
    shutil.copytree(LC_MESSAGES, copy / "locale" / "en" / "LC_MESSAGES")
    settings.LOCALE_PATHS = [str(copy / "locale")]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["en"], verbosity=0)
    committed = {e["msgid"] for e in _messages()}
    found = {e["msgid"] for e in _po_entries(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")}
    assert sorted(found - committed - {""}) == [], "run: manage.py makemessages -l en"
