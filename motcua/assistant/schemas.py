from typing import Literal

from ninja import Schema


class AskIn(Schema):
    question: str
    mode: Literal["citizen", "officer"] = "citizen"


class ProcedureHitOut(Schema):
    code: str
    name: str
    score: float


class CitationOut(Schema):
    code: str
    name: str
    field: str
    url: str


class AskOut(Schema):
    answer: str
    intent: Literal["which", "fee", "time", "documents", "where", "online", "steps", "unknown"]
    procedures: list[ProcedureHitOut]
    citations: list[CitationOut]
    confident: bool
