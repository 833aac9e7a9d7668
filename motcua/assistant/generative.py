"""Optional generative mode: an OpenAI-compatible model inside the agency rephrases.

Off unless MOTCUA_ASSISTANT_LLM_URL is set. The model only ever sees the grounded answer
and is asked to make it friendlier; its text is accepted only if grounding_check finds
every number and document name in the cited procedure. Any failure — timeout, HTTP error,
odd payload, an invented fact — returns the grounded answer unchanged.
"""

import logging
from dataclasses import replace

import httpx

from motcua.assistant.ask import Answer
from motcua.assistant.grounding import grounding_check

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 3.0
_SYSTEM_VI = (
    "Bạn là trợ lý ảo của bộ phận một cửa. Viết lại câu trả lời dưới đây bằng lời lẽ thân "
    "thiện, ngắn gọn. Không thêm, bớt hay thay đổi bất kỳ con số, khoản phí, thời hạn, tên "
    "giấy tờ hay cơ quan nào. Không thêm thông tin không có trong câu trả lời."
)
_SYSTEM_EN = (
    "You are the one-stop desk's assistant. Rewrite the answer below in a friendly, short "
    "way. Do not add, drop or change any number, fee, time limit, document or authority. "
    "Add nothing that is not in the answer."
)


class OpenAICompatibleClient:
    """The one connector to a chat-completions endpoint (`POST {base_url}/chat/completions`)."""

    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout: float = TIMEOUT_SECONDS,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.model = model
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"), timeout=timeout, headers=headers, transport=transport
        )

    def chat(self, *, system: str, user: str) -> str:
        response = self._http.post(
            "/chat/completions",
            json={
                "model": self.model,
                "temperature": 0,
                "messages": [
                    {"role": "system", "content": system},
                    {"role": "user", "content": user},
                ],
            },
        )
        response.raise_for_status()
        return str(response.json()["choices"][0]["message"]["content"]).strip()


def answer_rephrase(
    *,
    answer: Answer,
    question: str,
    record: dict | None,
    client: OpenAICompatibleClient,
    known_documents: list[str] | None = None,
) -> Answer:
    """The model's rephrasing when it is grounded in `record`, else `answer` itself."""
    if not answer.confident or record is None:
        return answer  # unsure answers list several procedures: shown as composed
    system = _SYSTEM_EN if answer.english else _SYSTEM_VI
    user = f"Câu hỏi: {question}\n\nCâu trả lời:\n{answer.answer}"
    try:
        text = client.chat(system=system, user=user)
    except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
        logger.warning("assistant: generative endpoint failed: %s", exc)
        return answer
    if not text or not grounding_check(text, record, known_documents=known_documents or ()):
        logger.info("assistant: rephrasing rejected by the grounding check")
        return answer
    return replace(answer, answer=text)
