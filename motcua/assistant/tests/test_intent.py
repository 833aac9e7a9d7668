"""Intent detection: a table of questions people actually type."""

import pytest

from motcua.assistant.intent import intent_detect
from motcua.assistant.phrases import tokenize


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("lệ phí cấp giấy phép bức xạ", "fee"),
        ("làm khai sinh mất bao nhiêu tiền", "fee"),
        ("phi cong chung", "fee"),
        ("how much does it cost", "fee"),
        ("đăng ký kết hôn bao lâu", "time"),
        ("mấy ngày thì có giấy phép", "time"),
        ("thoi han giai quyet", "time"),
        ("how long does it take", "time"),
        ("cần giấy tờ gì để đăng ký khai sinh", "documents"),
        ("ho so gom nhung gi", "documents"),
        ("what documents do I need", "documents"),
        ("nộp hồ sơ ở đâu", "where"),
        ("co quan nao cap giay phep", "where"),
        ("where do I apply", "where"),
        ("có nộp trực tuyến được không", "online"),
        ("nop online duoc khong", "online"),
        ("quy trình xử lý hồ sơ", "steps"),
        ("cac buoc thuc hien", "steps"),
        ("con tôi mới sinh cần làm giấy tờ gì", "which"),  # which paperwork to do
        ("muốn cưới vợ thì làm sao", "which"),
        ("giấy phép bức xạ", "which"),
        # bare syllables that fold onto catalog words are not cues
        ("cap giay phep tien hanh cong viec buc xa", "which"),
        ("gia han giay phep", "which"),
        ("cap lan dau", "which"),
        ("bat buoc", "which"),
    ],
)
def test_intent(question, intent):
    assert intent_detect(tokenize(question))[0] == intent
