"""The assistant page: works as a plain GET form; JavaScript only makes it feel like chat."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.assistant.questions import MODES
from motcua.assistant.selectors import assistant_answer
from motcua.core.errors import ApplicationError


def assistant_page(request: HttpRequest) -> HttpResponse:
    question = request.GET.get("q", "")
    mode = request.GET.get("mode", "citizen")
    if mode not in MODES:
        mode = "citizen"
    answer = error = None
    status = 200
    if "q" in request.GET:
        try:
            answer = assistant_answer(question=question, mode=mode)
        except ApplicationError as exc:
            error, status = exc, exc.status
    return render(
        request,
        "assistant/page.html",
        {"question": question, "mode": mode, "answer": answer, "error": error},
        status=status,
    )
