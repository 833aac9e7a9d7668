"""One error shape for pages, the API and commands: Vietnamese first, English available."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ErrorDetail:
    """One problem with one piece of input. `path` is a field name or a JSON path."""

    path: str
    message: str
    message_en: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message, "message_en": self.message_en}


@dataclass
class ApplicationError(Exception):
    """A rule said no. Raised by services before anything is written; views map it to a 4xx."""

    message: str
    message_en: str = ""
    code: str = "invalid"
    status: int = 400
    details: list[ErrorDetail] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def as_dict(self) -> dict:
        return {
            "error": {
                "code": self.code,
                "message": self.message,
                "message_en": self.message_en,
                "details": [d.as_dict() for d in self.details],
            }
        }


class NotFoundError(ApplicationError):
    """Missing and invisible answer the same: not found."""

    def __init__(self, message: str = "Không tìm thấy.", message_en: str = "Not found.") -> None:
        super().__init__(message, message_en=message_en, code="not_found", status=404)


class PermissionDeniedError(ApplicationError):
    def __init__(
        self,
        message: str = "Bạn không có quyền thực hiện thao tác này.",
        message_en: str = "You are not allowed to do this.",
    ) -> None:
        super().__init__(message, message_en=message_en, code="forbidden", status=403)
