"""The demo catalog shipped in motcua/procedures/demo/ obeys the format and round-trips."""

import json
from pathlib import Path

import pytest

from motcua.procedures.catalog_format import catalog_validate
from motcua.procedures.exporter import catalog_export, catalog_serialize
from motcua.procedures.importer import catalog_import

DEMO = Path(__file__).parents[1] / "demo" / "catalog.json"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not DEMO.exists(), reason="no demo catalog yet"),
]


def test_demo_catalog_is_valid_imports_and_round_trips():
    document = json.loads(DEMO.read_text(encoding="utf-8"))
    assert [(p.path, p.message_en) for p in catalog_validate(document=document)] == []

    report = catalog_import(document=document)
    exported = catalog_serialize(document=catalog_export())

    assert report.created == len(document["procedures"])
    assert catalog_import(document=json.loads(exported)).unchanged == report.created
    assert catalog_serialize(document=catalog_export()) == exported
