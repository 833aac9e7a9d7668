"""Evaluate the assistant on any catalog and question file (pure engine, no database).

A question file is a JSON list of
  {"question": str, "mode": "citizen"|"officer", "expected_codes": [str],
   "expected_intent": str|null, "expected_fact": str|null}
See README.md in this folder for how each measure is defined.
"""

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from motcua.assistant.ask import ask
from motcua.assistant.grounding import _canonical
from motcua.assistant.index import index_build
from motcua.core.text import fold

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LONE_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")
_PUNCT = re.compile(r"[^\w.]+")


def fact_normalise(text: str) -> str:
    """Folded, numbers canonical ("1.000.000" → "1000000", "0,5" → "0.5"), punctuation gone."""
    folded = _NUMBER.sub(lambda m: _canonical(m.group(0)), fold(text))
    return " " + " ".join(_PUNCT.sub(" ", _LONE_DOT.sub(" ", folded)).split()) + " "


def fact_found(fact: str, answer: str) -> bool:
    return fact_normalise(fact) in fact_normalise(answer)


@dataclass
class Outcome:
    question: dict
    codes: list[str]
    intent: str
    confident: bool
    answer: str
    top1: bool
    top3: bool
    fact: bool | None
    intent_ok: bool | None


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    build_ms: float = 0.0

    def _share(self, values: list[bool]) -> float:
        return 100.0 * sum(values) / len(values) if values else 0.0

    @property
    def top1(self) -> float:
        return self._share([o.top1 for o in self.outcomes])

    @property
    def top3(self) -> float:
        return self._share([o.top3 for o in self.outcomes])

    @property
    def fact(self) -> float:
        return self._share([o.fact for o in self.outcomes if o.fact is not None])

    @property
    def intent(self) -> float:
        return self._share([o.intent_ok for o in self.outcomes if o.intent_ok is not None])

    @property
    def unsure(self) -> int:
        return sum(not o.confident for o in self.outcomes)

    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.top1 or o.fact is False or o.intent_ok is False]

    def summary(self) -> str:
        facts = sum(o.fact is not None for o in self.outcomes)
        intents = sum(o.intent_ok is not None for o in self.outcomes)
        return (
            f"questions: {len(self.outcomes)}  index build: {self.build_ms:.0f} ms\n"
            f"top-1 procedure accuracy: {self.top1:.1f}%\n"
            f"top-3 procedure accuracy: {self.top3:.1f}%\n"
            f"fact accuracy: {self.fact:.1f}% (of {facts} questions with an expected fact)\n"
            f"intent accuracy: {self.intent:.1f}% (of {intents})\n"
            f"answered as unsure: {self.unsure}"
        )


def evaluate(catalog: dict, questions: list[dict]) -> Report:
    started = time.perf_counter()
    index = index_build(catalog)
    report = Report(build_ms=(time.perf_counter() - started) * 1000)
    for item in questions:
        answer = ask(index, item["question"], mode=item.get("mode", "citizen"))
        codes = [p["code"] for p in answer.procedures]
        expected = set(item.get("expected_codes") or [])
        fact = item.get("expected_fact")
        wanted_intent = item.get("expected_intent")
        report.outcomes.append(
            Outcome(
                question=item,
                codes=codes,
                intent=answer.intent,
                confident=answer.confident,
                answer=answer.answer,
                top1=bool(codes) and codes[0] in expected,
                top3=bool(expected & set(codes[:3])),
                fact=None if fact is None else fact_found(fact, answer.answer),
                intent_ok=None if wanted_intent is None else wanted_intent == answer.intent,
            )
        )
    return report


def load_json(path: str | Path) -> object:
    return json.loads(Path(path).read_text(encoding="utf-8"))
