"""What an uploaded file really is, from its bytes (never from its name or declared type). Pure.

Only PDF, JPEG and PNG are accepted (scans and e-documents); a file whose structure is broken
(truncated, or another format renamed) is refused before it reaches an officer.
"""

from dataclasses import dataclass

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DOSSIER_BYTES = 50 * 1024 * 1024

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"


# The standard anti-virus test file (EICAR): a scanner-free node still refuses it, and tests
# can prove the refusal path without a real virus. Real scanning is a connector's job.
_EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
_INFECTED_VI = "Tệp có dấu hiệu mã độc và đã bị từ chối."
_INFECTED_EN = "The file looks malicious and was refused."
# PDF features a scanned form never needs and malware uses: scripts, launching programs,
# attached files, embedded media (ISO 32000-1 §12.6, §7.11.4, §13.6).
_PDF_ACTIVE = (
    (b"/JavaScript", "JavaScript"),
    (b"/JS", "JavaScript"),
    (b"/Launch", "Launch"),
    (b"/EmbeddedFile", "EmbeddedFile"),
    (b"/EmbeddedFiles", "EmbeddedFile"),
    (b"/RichMedia", "RichMedia"),
)


def _pdf_active_content(data: bytes) -> str:
    for token, name in _PDF_ACTIVE:
        start = data.find(token)
        while start != -1:
            after = data[start + len(token) : start + len(token) + 1]
            # A whole PDF name: followed by a delimiter, not more letters (/JSON is not /JS).
            if not after.isalnum():
                return name
            start = data.find(token, start + 1)
    return ""


@dataclass(frozen=True)
class FileCheck:
    content_type: str | None
    problem: str = ""
    problem_en: str = ""

    @property
    def ok(self) -> bool:
        return self.content_type is not None and not self.problem


def file_check(data: bytes) -> FileCheck:
    size = len(data)
    if size == 0:
        return FileCheck(None, "Tệp rỗng.", "The file is empty.")
    if size > MAX_FILE_BYTES:
        return FileCheck(
            None,
            f"Tệp quá lớn ({size // 1024} KB); tối đa {MAX_FILE_BYTES // (1024 * 1024)} MB mỗi tệp.",
            f"The file is too large ({size // 1024} KB); at most {MAX_FILE_BYTES // (1024 * 1024)} MB.",
        )
    if _EICAR in data:
        return FileCheck(None, _INFECTED_VI, _INFECTED_EN)
    if data.startswith(b"%PDF-"):
        active = _pdf_active_content(data)
        if active:
            return FileCheck(
                None,
                f"Tệp PDF chứa nội dung tự chạy ({active}); chỉ nhận bản quét hoặc văn bản "
                "không có mã lệnh. Vui lòng in ra PDF lại hoặc quét lại giấy tờ.",
                f"The PDF carries active content ({active}); only scans or documents without "
                "code are accepted. Print it to PDF again or scan the paper.",
            )
        # A complete PDF ends with %%EOF (possibly followed by white space).
        if b"%%EOF" not in data[-1024:]:
            return FileCheck(
                None, "Tệp PDF bị hỏng hoặc không đầy đủ.", "The PDF is broken or truncated."
            )
        return FileCheck(PDF)
    if data.startswith(b"\xff\xd8\xff"):
        if not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
            return FileCheck(
                None, "Tệp JPEG bị hỏng hoặc không đầy đủ.", "The JPEG is broken or truncated."
            )
        return FileCheck(JPEG)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        if b"IEND" not in data[-32:]:
            return FileCheck(
                None, "Tệp PNG bị hỏng hoặc không đầy đủ.", "The PNG is broken or truncated."
            )
        return FileCheck(PNG)
    return FileCheck(
        None,
        "Chỉ nhận tệp PDF, JPEG hoặc PNG; nội dung tệp này không phải các định dạng đó.",
        "Only PDF, JPEG or PNG files are accepted; this file's content is none of them.",
    )
