"""The Django side: the per-process index follows the catalog stored in the database."""

import copy

import pytest

from motcua.assistant import selectors
from motcua.procedures.importer import catalog_import


@pytest.fixture(autouse=True)
def _fresh_cache(settings, monkeypatch):
    settings.MOTCUA_ASSISTANT_CATALOG_FILE = None
    settings.MOTCUA_ASSISTANT_LLM_URL = None
    monkeypatch.setattr(selectors, "CHECK_SECONDS", 0.0)  # check the catalog on every call
    selectors._cache.update({"key": None, "index": None, "checked": 0.0})
    yield
    selectors._cache.update({"key": None, "index": None, "checked": 0.0})


@pytest.mark.django_db
def test_index_is_built_from_the_database_and_rebuilt_when_the_catalog_changes(
    fixture_catalog,
):
    catalog_import(document=fixture_catalog)
    answer = selectors.assistant_answer(question="lệ phí giấy phép bưu chính", mode="citizen")
    assert "6.000.000 đồng" in answer.answer

    changed = copy.deepcopy(fixture_catalog)
    for procedure in changed["procedures"]:
        if procedure["code"] == "1.003456":
            procedure["fees"][0]["amount_vnd"] = 7000000
    catalog_import(document=changed)
    answer = selectors.assistant_answer(question="lệ phí giấy phép bưu chính", mode="citizen")
    assert "7.000.000 đồng" in answer.answer
