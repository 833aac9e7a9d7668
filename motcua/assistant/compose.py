"""Answers written only from a procedure's catalog record, for each intent.

Each composer returns the lines of text and the catalog fields they came from (for the
citations). Nothing is computed: no sums of step days, no totals of fees.
"""

from motcua.assistant import formatting as fmt
from motcua.assistant.index import CatalogIndex


def _title(procedure: dict) -> str:
    return f"«{procedure.get('name', '')}» ({procedure.get('code', '')})"


def fee_lines(procedure: dict, *, english: bool) -> list[str]:
    fees = procedure.get("fees") or []
    if not fees:
        return ["No fee or charge." if english else "Không thu phí, lệ phí."]
    lines = []
    for line in fees:
        amount = line.get("amount_vnd", 0)
        if amount == 0:
            value = "free" if english else "miễn phí"
        else:
            value = fmt.money(amount, english=english)
        lines.append(f"- {line.get('name', '')}: {value}")
    return lines


def document_lines(procedure: dict, *, english: bool) -> list[str]:
    requirements = procedure.get("requirements") or []
    if not requirements:
        return ["The catalog lists no documents." if english else "Danh mục không yêu cầu giấy tờ."]
    lines = []
    for req in requirements:
        name = req.get("name", "")
        if req.get("template"):
            name += f" ({req['template']})"
        parts = []
        if req.get("originals"):
            parts.append(f"{req['originals']} " + ("original" if english else "bản chính"))
        if req.get("copies"):
            parts.append(f"{req['copies']} " + ("copy" if english else "bản sao"))
        line = f"- {name}"
        if parts:
            line += ": " + ", ".join(parts)
        if not req.get("required", True):
            line += " (if applicable)" if english else " (nếu có)"
        if req.get("reusable_result_of"):
            line += (
                " — you may reuse an earlier result"
                if english
                else " — có thể dùng lại kết quả đã được cấp trước đây"
            )
        lines.append(line)
    return lines


def where_lines(procedure: dict, *, english: bool) -> list[str]:
    level = procedure.get("level", "")
    authority = procedure.get("competent_authority", "")
    channels = procedure.get("channels") or []
    if english:
        lines = [f"Competent authority: {authority} ({fmt.LEVEL_EN.get(level, level)})."]
        if procedure.get("boundary_free"):
            lines.append("You may file at any service center of the province, wherever you live.")
        if channels:
            ways = ", ".join(fmt.CHANNELS_EN.get(c, c) for c in channels)
            lines.append(f"Ways to apply: {ways}.")
        return lines
    lines = [f"Cơ quan giải quyết: {authority} ({fmt.LEVEL_VI.get(level, level)})."]
    if procedure.get("boundary_free"):
        lines.append(
            "Có thể nộp tại bất kỳ điểm tiếp nhận nào trong tỉnh "
            "(không phụ thuộc địa giới hành chính)."
        )
    if channels:
        ways = ", ".join(fmt.CHANNELS_VI.get(c, c) for c in channels)
        lines.append(f"Cách nộp: {ways}.")
    return lines


def online_lines(procedure: dict, *, english: bool) -> list[str]:
    level = procedure.get("online_level", "none")
    if english:
        return [f"Online: {fmt.ONLINE_EN.get(level, level)}."]
    return [f"Trực tuyến: {fmt.ONLINE_VI.get(level, level)}."]


def time_lines(procedure: dict, *, english: bool) -> list[str]:
    limit = fmt.time_limit(procedure.get("processing_time"), english=english)
    return [f"Processing time: {limit}." if english else f"Thời hạn giải quyết: {limit}."]


def step_lines(procedure: dict, *, english: bool, officer: bool) -> tuple[list[str], str]:
    steps = procedure.get("steps") or []
    if officer and steps:
        roles = fmt.ROLE_EN if english else fmt.ROLE_VI
        lines = ["Internal steps:" if english else "Quy trình nội bộ:"]
        for step in steps:
            actor = roles.get(step.get("actor", ""), step.get("actor", ""))
            days = fmt.working_days(step.get("working_days", 0), english=english)
            lines.append(f"- {step.get('name', '')} ({actor}): {days}")
        return lines, "steps"
    text = (procedure.get("procedure_text") or "").strip()
    if text:
        return [("Steps: " if english else "Trình tự thực hiện: ") + text], "procedure_text"
    return [
        "The catalog does not describe the steps."
        if english
        else "Danh mục chưa mô tả trình tự thực hiện."
    ], "procedure_text"


def overview_lines(procedure: dict, index: CatalogIndex, *, english: bool) -> list[str]:
    field = index.field_name(procedure)
    head = f"{'Procedure' if english else 'Thủ tục'}: {_title(procedure)}"
    if field:
        head += f", {'field' if english else 'lĩnh vực'} {field}"
    lines = [head + "."]
    lines += where_lines(procedure, english=english)[:1]
    lines += time_lines(procedure, english=english)
    fees = fee_lines(procedure, english=english)
    lines += [("Fees:" if english else "Phí, lệ phí:"), *fees] if fees[0].startswith("-") else fees
    lines += online_lines(procedure, english=english)
    lines.append("Documents:" if english else "Hồ sơ gồm:")
    lines += document_lines(procedure, english=english)
    return lines


# intent → catalog fields its answer is taken from
CITED_FIELDS = {
    "fee": ["fees"],
    "time": ["processing_time"],
    "documents": ["requirements"],
    "where": ["competent_authority", "boundary_free", "channels"],
    "online": ["online_level"],
    "which": [
        "name",
        "competent_authority",
        "processing_time",
        "fees",
        "online_level",
        "requirements",
    ],
}


def fact_lines(
    procedure: dict, intent: str, index: CatalogIndex, *, english: bool, officer: bool
) -> tuple[list[str], list[str]]:
    """(lines, cited fields) answering `intent` for one procedure."""
    if intent == "fee":
        return fee_lines(procedure, english=english), CITED_FIELDS["fee"]
    if intent == "time":
        return time_lines(procedure, english=english), CITED_FIELDS["time"]
    if intent == "documents":
        return document_lines(procedure, english=english), CITED_FIELDS["documents"]
    if intent == "where":
        return where_lines(procedure, english=english), CITED_FIELDS["where"]
    if intent == "online":
        return online_lines(procedure, english=english), CITED_FIELDS["online"]
    if intent == "steps":
        lines, source = step_lines(procedure, english=english, officer=officer)
        return lines, [source]
    return overview_lines(procedure, index, english=english), CITED_FIELDS["which"]


def citations_for(procedure: dict, fields: list[str]) -> list[dict]:
    return [
        {
            "code": procedure.get("code", ""),
            "name": procedure.get("name", ""),
            "field": field,
            "url": fmt.procedure_url(procedure.get("code", "")),
        }
        for field in fields
    ]
