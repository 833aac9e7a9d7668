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
    if data.startswith(b"%PDF-"):
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
