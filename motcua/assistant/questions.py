"""What counts as a question the assistant will take."""

from motcua.core.errors import ApplicationError, ErrorDetail

MAX_QUESTION_LENGTH = 500
MODES = ("citizen", "officer")


def question_clean(*, question: str) -> str:
    """The question stripped of surrounding space; 422 when empty or too long."""
    text = (question or "").strip()
    if not text:
        raise ApplicationError(
            message="Vui lòng nhập câu hỏi.",
            message_en="Please type a question.",
            code="question_empty",
            status=422,
            details=[ErrorDetail("question", "Câu hỏi đang để trống.", "The question is empty.")],
        )
    if len(text) > MAX_QUESTION_LENGTH:
        raise ApplicationError(
            message=f"Câu hỏi quá dài (tối đa {MAX_QUESTION_LENGTH} ký tự).",
            message_en=f"The question is too long (at most {MAX_QUESTION_LENGTH} characters).",
            code="question_too_long",
            status=422,
            details=[
                ErrorDetail(
                    "question",
                    f"Tối đa {MAX_QUESTION_LENGTH} ký tự.",
                    f"At most {MAX_QUESTION_LENGTH} characters.",
                )
            ],
        )
    return text
