"""Each rule of shared/spec/catalog-format.md, one case each, with the exact path reported."""

import pytest

from motcua.procedures.catalog_format import catalog_validate
from motcua.procedures.tests.factories import catalog_document, other_province_document

RADIATION = "$.procedures[0]"


def _set(path: list, value):
    def mutate(doc: dict) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _delete(path: list):
    def mutate(doc: dict) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


def _p(*keys):
    return ["procedures", 0, *keys]


def _duplicate_procedure(doc: dict) -> None:
    doc["procedures"][1]["code"] = doc["procedures"][0]["code"]


def _duplicate_field(doc: dict) -> None:
    doc["fields"].append(dict(doc["fields"][0]))


def _add_field_without_code(doc: dict) -> None:
    doc["fields"].append({"name": "Lĩnh vực không mã"})


def _duplicate_requirement(doc: dict) -> None:
    doc["procedures"][0]["requirements"][1]["code"] = "TP1"


def _steps_over_limit(doc: dict) -> None:
    doc["procedures"][0]["steps"][1]["working_days"] = 8  # 0.5 + 8 + 2 + 0.5 > 10


CASES = [
    # (rule, mutation, expected path)
    ("format name", _set(["format"], "other-catalog"), "$.format"),
    ("format version", _set(["version"], 2), "$.version"),
    ("version is an integer", _set(["version"], "1"), "$.version"),
    ("procedures list required", _delete(["procedures"]), "$.procedures"),
    ("field name required", _delete(["fields", 0, "name"]), "$.fields[0].name"),
    ("field code required", _add_field_without_code, "$.fields[3].code"),
    ("field codes unique", _duplicate_field, "$.fields[3].code"),
    ("procedure is an object", _set(["procedures", 0], "1.004447"), RADIATION),
    ("name required", _delete(_p("name")), f"{RADIATION}.name"),
    ("name not empty", _set(_p("name"), "  "), f"{RADIATION}.name"),
    ("name length", _set(_p("name"), "x" * 501), f"{RADIATION}.name"),
    ("code digits and dots", _set(_p("code"), "1-004447"), f"{RADIATION}.code"),
    ("code no trailing dot", _set(_p("code"), "1.004447."), f"{RADIATION}.code"),
    ("code unique in file", _duplicate_procedure, "$.procedures[1].code"),
    ("field known", _set(_p("field"), "NOPE"), f"{RADIATION}.field"),
    ("level", _set(_p("level"), "district"), f"{RADIATION}.level"),
    ("subjects non-empty", _set(_p("subjects"), []), f"{RADIATION}.subjects"),
    ("subjects subset", _set(_p("subjects"), ["citizen", "alien"]), f"{RADIATION}.subjects[1]"),
    ("subjects distinct", _set(_p("subjects"), ["citizen", "citizen"]), f"{RADIATION}.subjects[1]"),
    (
        "agency kind",
        _set(_p("handling_agency_kind"), "ministry"),
        f"{RADIATION}.handling_agency_kind",
    ),
    ("competent authority", _delete(_p("competent_authority")), f"{RADIATION}.competent_authority"),
    ("delegation kind", _set(_p("delegation", "kind"), "transfer"), f"{RADIATION}.delegation.kind"),
    ("delegation object", _set(_p("delegation"), "phân cấp"), f"{RADIATION}.delegation"),
    ("time required", _delete(_p("processing_time")), f"{RADIATION}.processing_time"),
    ("time ≥ 0", _set(_p("processing_time", "value"), -1), f"{RADIATION}.processing_time.value"),
    (
        "time half steps",
        _set(_p("processing_time", "value"), 2.3),
        f"{RADIATION}.processing_time.value",
    ),
    (
        "time is a number",
        _set(_p("processing_time", "value"), "10"),
        f"{RADIATION}.processing_time.value",
    ),
    (
        "time unit",
        _set(_p("processing_time", "unit"), "weeks"),
        f"{RADIATION}.processing_time.unit",
    ),
    ("online level", _set(_p("online_level"), "level4"), f"{RADIATION}.online_level"),
    ("boundary free bool", _set(_p("boundary_free"), "yes"), f"{RADIATION}.boundary_free"),
    ("boundary free required", _delete(_p("boundary_free")), f"{RADIATION}.boundary_free"),
    ("channels subset", _set(_p("channels"), ["counter", "fax"]), f"{RADIATION}.channels[1]"),
    ("channels non-empty", _set(_p("channels"), []), f"{RADIATION}.channels"),
    ("fees list", _set(_p("fees"), {"name": "x"}), f"{RADIATION}.fees"),
    ("fee ≥ 0", _set(_p("fees", 0, "amount_vnd"), -1), f"{RADIATION}.fees[0].amount_vnd"),
    ("fee integer", _set(_p("fees", 0, "amount_vnd"), 1000.5), f"{RADIATION}.fees[0].amount_vnd"),
    ("fee not text", _set(_p("fees", 0, "amount_vnd"), "1000"), f"{RADIATION}.fees[0].amount_vnd"),
    ("fee not bool", _set(_p("fees", 0, "amount_vnd"), True), f"{RADIATION}.fees[0].amount_vnd"),
    (
        "fee amount required",
        _delete(_p("fees", 0, "amount_vnd")),
        f"{RADIATION}.fees[0].amount_vnd",
    ),
    ("fee name", _delete(_p("fees", 0, "name")), f"{RADIATION}.fees[0].name"),
    (
        "requirement name",
        _delete(_p("requirements", 0, "name")),
        f"{RADIATION}.requirements[0].name",
    ),
    (
        "requirement code",
        _delete(_p("requirements", 0, "code")),
        f"{RADIATION}.requirements[0].code",
    ),
    ("requirement codes unique", _duplicate_requirement, f"{RADIATION}.requirements[1].code"),
    (
        "originals ≥ 0",
        _set(_p("requirements", 0, "originals"), -1),
        f"{RADIATION}.requirements[0].originals",
    ),
    (
        "copies integer",
        _set(_p("requirements", 0, "copies"), 1.5),
        f"{RADIATION}.requirements[0].copies",
    ),
    (
        "required bool",
        _set(_p("requirements", 0, "required"), "có"),
        f"{RADIATION}.requirements[0].required",
    ),
    (
        "reusable results are codes",
        _set(_p("requirements", 1, "reusable_result_of"), ["1.004451", "TP1"]),
        f"{RADIATION}.requirements[1].reusable_result_of[1]",
    ),
    ("form object type", _set(_p("form", "type"), "array"), f"{RADIATION}.form.type"),
    ("form is an object", _set(_p("form"), "mẫu 01"), f"{RADIATION}.form"),
    (
        "form root keyword",
        _set(_p("form", "oneOf"), [{"type": "object"}]),
        f"{RADIATION}.form.oneOf",
    ),
    ("form properties", _delete(_p("form", "properties")), f"{RADIATION}.form.properties"),
    (
        "form valid 2020-12 schema",
        _set(_p("form", "properties", "device_count", "minimum"), "một"),
        f"{RADIATION}.form.properties.device_count.minimum",
    ),
    (
        "form dialect",
        _set(_p("form", "$schema"), "http://json-schema.org/draft-07/schema#"),
        f"{RADIATION}.form.$schema",
    ),
    (
        "form no nested objects",
        _set(_p("form", "properties", "address"), {"type": "object"}),
        f"{RADIATION}.form.properties.address.type",
    ),
    (
        "form no arrays",
        _set(_p("form", "properties", "devices"), {"type": "array"}),
        f"{RADIATION}.form.properties.devices.type",
    ),
    (
        "form property keyword",
        _set(_p("form", "properties", "device_count", "default"), 1),
        f"{RADIATION}.form.properties.device_count.default",
    ),
    (
        "form string formats",
        _set(_p("form", "properties", "organization_name", "format"), "uri"),
        f"{RADIATION}.form.properties.organization_name.format",
    ),
    (
        "form length only on strings",
        _set(_p("form", "properties", "device_count", "maxLength"), 3),
        f"{RADIATION}.form.properties.device_count.maxLength",
    ),
    (
        "form minimum only on numbers",
        _set(_p("form", "properties", "organization_name", "minimum"), 3),
        f"{RADIATION}.form.properties.organization_name.minimum",
    ),
    (
        "form pattern is a regex",
        _set(_p("form", "properties", "organization_name", "pattern"), "^[0-9"),
        f"{RADIATION}.form.properties.organization_name.pattern",
    ),
    (
        "form enum matches type",
        _set(_p("form", "properties", "device_count", "enum"), [1, "hai"]),
        f"{RADIATION}.form.properties.device_count.enum[1]",
    ),
    (
        "form required names a property",
        _set(_p("form", "required"), ["organization_name", "tax_code"]),
        f"{RADIATION}.form.required[1]",
    ),
    (
        "x-prefill is a dotted registry attribute",
        _set(_p("form", "properties", "organization_name", "x-prefill"), "name"),
        f"{RADIATION}.form.properties.organization_name.x-prefill",
    ),
    (
        "x-prefill names a known registry",
        _set(_p("form", "properties", "organization_name", "x-prefill"), "bank.account"),
        f"{RADIATION}.form.properties.organization_name.x-prefill",
    ),
    ("step actor", _set(_p("steps", 0, "actor"), "clerk"), f"{RADIATION}.steps[0].actor"),
    (
        "step days ≥ 0",
        _set(_p("steps", 0, "working_days"), -1),
        f"{RADIATION}.steps[0].working_days",
    ),
    (
        "step half days",
        _set(_p("steps", 0, "working_days"), 0.3),
        f"{RADIATION}.steps[0].working_days",
    ),
    ("step name", _delete(_p("steps", 0, "name")), f"{RADIATION}.steps[0].name"),
    ("steps within the limit", _steps_over_limit, f"{RADIATION}.steps"),
    ("result name", _delete(_p("result", "name")), f"{RADIATION}.result.name"),
    (
        "result validity",
        _set(_p("result", "validity_months"), -3),
        f"{RADIATION}.result.validity_months",
    ),
    (
        "legal bases are text",
        _set(_p("legal_bases"), ["Luật", 2025]),
        f"{RADIATION}.legal_bases[1]",
    ),
    ("keywords list", _set(_p("keywords"), "bức xạ"), f"{RADIATION}.keywords"),
    ("conditions text", _set(_p("conditions"), ["a"]), f"{RADIATION}.conditions"),
]


@pytest.mark.parametrize(
    ("rule", "mutate", "path"), [pytest.param(*case, id=case[0]) for case in CASES]
)
def test_each_rule_reports_its_path(rule, mutate, path):
    doc = catalog_document()
    mutate(doc)

    problems = catalog_validate(document=doc)

    assert [p.path for p in problems] == [path], rule
    assert problems[0].message and problems[0].message_en


def test_the_sample_catalogs_are_valid():
    assert catalog_validate(document=catalog_document()) == []
    assert catalog_validate(document=other_province_document()) == []


def test_the_fields_list_is_required():
    doc = catalog_document()
    del doc["fields"]

    paths = [p.path for p in catalog_validate(document=doc, known_field_codes={"ATBX", "CT"})]

    assert paths == ["$.fields", "$.procedures[3].field"]


def test_a_document_must_be_an_object():
    assert [p.path for p in catalog_validate(document=[])] == ["$"]


def test_every_problem_is_listed():
    doc = catalog_document()
    doc["version"] = 3
    doc["procedures"][0]["fees"][0]["amount_vnd"] = -5
    doc["procedures"][2]["level"] = "district"
    doc["procedures"][3]["channels"] = ["fax"]

    paths = [p.path for p in catalog_validate(document=doc)]

    assert paths == [
        "$.version",
        "$.procedures[0].fees[0].amount_vnd",
        "$.procedures[2].level",
        "$.procedures[3].channels[0]",
    ]


def test_a_field_already_in_the_database_may_be_referenced():
    doc = catalog_document()
    doc["procedures"][0]["field"] = "KHCN"

    assert catalog_validate(document=doc, known_field_codes={"KHCN"}) == []


def test_unknown_keys_are_tolerated_for_forward_compatibility():
    doc = catalog_document()
    doc["published_by"] = "UBND tỉnh"
    doc["fields"][0]["ministry"] = "Bộ KH&CN"
    doc["procedures"][0]["national_url"] = "https://dichvucong.gov.vn"
    doc["procedures"][0]["fees"][0]["currency"] = "VND"
    doc["procedures"][0]["steps"][0]["sla"] = "4h"

    assert catalog_validate(document=doc) == []


@pytest.mark.parametrize(
    ("value", "unit"),
    [(5, "calendar_days"), (48, "hours"), (0, "working_days")],
)
def test_steps_may_exceed_a_limit_that_is_not_positive_working_days(value, unit):
    doc = catalog_document()
    doc["procedures"][0]["processing_time"] = {"value": value, "unit": unit}

    assert catalog_validate(document=doc) == []


def test_steps_exactly_at_the_limit_are_fine():
    doc = catalog_document()
    doc["procedures"][0]["processing_time"]["value"] = 10  # 0.5 + 7 + 2 + 0.5

    assert catalog_validate(document=doc) == []


def test_optional_keys_may_be_null():
    doc = catalog_document()
    procedure = doc["procedures"][0]
    for key in ("delegation", "form", "result", "conditions", "legal_bases", "keywords", "fees"):
        procedure[key] = None

    assert catalog_validate(document=doc) == []
