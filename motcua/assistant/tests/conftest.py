import json
from pathlib import Path

import pytest

from motcua.assistant.index import index_build

DATA = Path(__file__).resolve().parent / "data"
EVAL = Path(__file__).resolve().parents[1] / "eval"
DEMO_CATALOG = Path(__file__).resolve().parents[2] / "procedures" / "demo" / "catalog.json"


@pytest.fixture(scope="session")
def fixture_catalog() -> dict:
    return json.loads((DATA / "catalog.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def fixture_index(fixture_catalog):
    return index_build(fixture_catalog)
