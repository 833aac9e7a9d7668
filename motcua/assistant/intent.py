"""What a question asks for, from cue phrases (rule-based, on folded text).

Intents: which (which procedure — the default), fee, time, documents, where, online,
steps, and unknown (nothing to look up). When several cues appear the first intent in
PRIORITY wins: a fee or a deadline is the most specific thing a person can ask. Bare
syllables that fold onto common catalog words are not cues ("tiền"/"tiến hành",
"giá"/"gia hạn", "đâu"/"lần đầu", "bước"/"bắt buộc").

"con tôi mới sinh cần làm giấy tờ gì" asks *which paperwork to do*, i.e. which procedure,
not which documents to bring: "làm giấy tờ gì / làm thủ tục gì" are cues for "which", and
the "which" answer already lists the procedure's documents. "cần giấy tờ gì" (without
"làm") asks for documents.
"""

from motcua.assistant.phrases import Token, find

PRIORITY = ("fee", "time", "online", "documents", "where", "steps", "which")

CUES: dict[str, tuple[str, ...]] = {
    "fee": (
        "lệ phí",
        "phí",
        "bao nhiêu tiền",
        "mấy tiền",
        "mất tiền",
        "tốn tiền",
        "hết tiền",
        "chi phí",
        "đóng tiền",
        "trả tiền",
        "miễn phí",
        "how much",
        "cost",
        "costs",
        "fee",
        "fees",
        "price",
        "pay",
        "charge",
        "free",
    ),
    "time": (
        "bao lâu",
        "mấy ngày",
        "bao nhiêu ngày",
        "mất mấy",
        "thời gian",
        "thời hạn",
        "khi nào",
        "bao giờ",
        "mấy hôm",
        "lâu không",
        "có nhanh không",
        "how long",
        "how many days",
        "processing time",
        "when",
        "time",
        "deadline",
        "days",
    ),
    "online": (
        "trực tuyến",
        "online",
        "qua mạng",
        "trên mạng",
        "dịch vụ công",
        "qua internet",
        "tại nhà",
        "ở nhà",
    ),
    "documents": (
        "giấy tờ gì",
        "giấy tờ nào",
        "những giấy tờ",
        "cần giấy tờ",
        "mang giấy tờ",
        "mang theo",
        "cần mang",
        "chuẩn bị",
        "hồ sơ gồm",
        "hồ sơ cần",
        "hồ sơ gì",
        "thành phần hồ sơ",
        "gồm những gì",
        "cần những gì",
        "cần gì",
        "bộ hồ sơ",
        "documents",
        "document",
        "papers",
        "paperwork",
        "bring",
        "required",
    ),
    "where": (
        "ở đâu",
        "chỗ nào",
        "nơi nào",
        "nộp đâu",
        "cơ quan nào",
        "ai cấp",
        "ai giải quyết",
        "thẩm quyền",
        "nộp tại",
        "nộp ở",
        "where",
        "which office",
        "which agency",
        "who issues",
    ),
    "steps": (
        "các bước",
        "quy trình",
        "trình tự",
        "xử lý",
        "xử lý thế nào",
        "xử lý như thế nào",
        "thực hiện như thế nào",
        "thực hiện thế nào",
        "làm như thế nào",
        "steps",
        "step",
        "process",
        "workflow",
    ),
    "which": (
        "làm giấy tờ gì",
        "làm thủ tục gì",
        "thủ tục gì",
        "thủ tục nào",
        "giấy phép gì",
        "đăng ký gì",
        "đăng kí gì",
        "làm gì",
        "làm sao",
        "what procedure",
        "which procedure",
    ),
}

# "làm giấy tờ gì" is a which-cue, so a documents cue right after "làm" does not count.
_NOT_DOCUMENTS_AFTER = "lam"


def intent_detect(tokens: tuple[Token, ...]) -> tuple[str, set[int]]:
    """(intent, positions of every cue token) — cue tokens are not searched for."""
    found: dict[str, list[tuple[int, int]]] = {}
    for intent, cues in CUES.items():
        for cue in cues:
            size = len(cue.split())
            for start in find(tokens, cue):
                if (
                    intent == "documents"
                    and start > 0
                    and tokens[start - 1].folded == _NOT_DOCUMENTS_AFTER
                ):
                    continue
                found.setdefault(intent, []).append((start, size))
    cue_positions = {
        start + k for spans in found.values() for start, size in spans for k in range(size)
    }
    for intent in PRIORITY:
        if intent in found:
            return intent, cue_positions
    return "which", cue_positions
