"""The Django side: the catalog index for this process, and answering through it.

The index is built from `catalog_export()` and kept per process. At most every
CHECK_SECONDS a cheap query (count and latest change of procedures and fields) tells
whether the catalog changed; only then is it exported and rebuilt. A setting
MOTCUA_ASSISTANT_CATALOG_FILE (a catalog JSON file) replaces the database, for demos
and tests without imported data.
"""

import json
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max

from motcua.assistant.ask import Answer, ask
from motcua.assistant.generative import OpenAICompatibleClient, answer_rephrase
from motcua.assistant.index import CatalogIndex, index_build
from motcua.assistant.questions import question_clean

CHECK_SECONDS = 10.0

_lock = threading.Lock()
_cache: dict[str, object] = {"key": None, "index": None, "checked": 0.0, "source": None}


def _catalog_key() -> tuple:
    from motcua.procedures.models import Field, Procedure

    procedures = Procedure.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    fields = Field.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return ("db", procedures["n"], procedures["last"], fields["n"], fields["last"])


def _load_catalog() -> dict:
    path = getattr(settings, "MOTCUA_ASSISTANT_CATALOG_FILE", None)
    if path:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    from motcua.procedures.exporter import catalog_export

    return catalog_export()


def catalog_index_get() -> CatalogIndex:
    """This process's index of the current catalog (rebuilt when the catalog changes)."""
    now = time.monotonic()
    path = getattr(settings, "MOTCUA_ASSISTANT_CATALOG_FILE", None)
    index = _cache["index"]
    # The quick path holds only while the source (database or which file) is the same one.
    if (
        index is not None
        and _cache["source"] == path
        and now - float(_cache["checked"]) < CHECK_SECONDS
    ):
        return index  # type: ignore[return-value]
    with _lock:
        if path:
            stat = Path(path).stat()
            key: tuple = ("file", str(path), stat.st_mtime_ns, stat.st_size)
        else:
            key = _catalog_key()
        if _cache["index"] is None or key != _cache["key"]:
            _cache["index"] = index_build(_load_catalog())
            _cache["key"] = key
        _cache["checked"] = now
        _cache["source"] = path
        return _cache["index"]  # type: ignore[return-value]


def _llm_client() -> OpenAICompatibleClient | None:
    url = getattr(settings, "MOTCUA_ASSISTANT_LLM_URL", None)
    model = getattr(settings, "MOTCUA_ASSISTANT_LLM_MODEL", None)
    if not url or not model:
        return None
    return OpenAICompatibleClient(
        base_url=url, model=model, api_key=getattr(settings, "MOTCUA_ASSISTANT_LLM_API_KEY", None)
    )


def assistant_answer(
    *, question: str, mode: str, client: OpenAICompatibleClient | None = None
) -> Answer:
    """The answer to a citizen's or officer's question, rephrased when generative mode is on."""
    question = question_clean(question=question)
    index = catalog_index_get()
    answer = ask(index, question, mode=mode)
    client = client or _llm_client()
    if client is None or not answer.confident or not answer.procedures:
        return answer
    record = index.by_code(answer.procedures[0]["code"])
    return answer_rephrase(
        answer=answer,
        question=question,
        record=record,
        client=client,
        known_documents=index.known_documents,
    )
