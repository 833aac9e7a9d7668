"""Vietnamese text helpers: NFC for storage and display, an accent-folded form for search.

"giay phep buc xa" must find "Giấy phép … bức xạ" and "dong van" must find "Đồng Văn":
decompose (NFD), drop the combining marks, map đ→d (not a combining mark, so NFD keeps it),
lower-case and collapse white space.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Accent-folded, lower-case, single-spaced form of `text` (for search columns and queries)."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", stripped.lower()).strip()


def fold_words(text: str) -> list[str]:
    """Folded words with punctuation removed: the tokens a search matches."""
    return [w for w in _NON_WORD.sub(" ", fold(text)).split(" ") if w]
