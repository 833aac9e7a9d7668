"""POST /api/assistant/ask — a question in, a grounded answer out."""

from django.http import HttpRequest
from ninja import Router

from motcua.assistant.schemas import AskIn, AskOut
from motcua.assistant.selectors import assistant_answer


def router_build() -> Router:
    """A fresh router with the assistant's endpoints (tests mount their own copy)."""
    router = Router(tags=["assistant"])

    @router.post("/ask", response=AskOut, url_name="assistant_ask")
    def ask(request: HttpRequest, payload: AskIn) -> dict:
        answer = assistant_answer(question=payload.question, mode=payload.mode)
        return {**answer.as_dict(), "confident": answer.confident}

    return router


router = router_build()
