"""API shapes of the hub endpoints: the contract models (contract.py) plus query input."""

from ninja import Schema

from motcua.sync.contract import DigestLinesV1, DigestV1, EventBatchV1, IngestResponseV1

__all__ = ["DigestLinesV1", "DigestQuery", "DigestV1", "EventBatchV1", "IngestResponseV1"]


class DigestQuery(Schema):
    province: str
    agency: str | None = None
    day: str | None = None
    stream: str = "dossier"  # v1.3: dossier, feedback or rating
