"""GraphQL of intake: evidence (证据) with content hashes, likely duplicates (疑似重复), and the
inputs a report and every step share."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from shared.contracts.dispatch import DuplicateOut, EvidenceOut


@strawberry.input(description="An attachment reference (证据/附件): where the file is and its "
                              "SHA-256, size and media type.")
class EvidenceInput:
    uri: str = strawberry.field(description="https://, oss:// or s3:// location")
    sha256: str = strawberry.field(description="hex SHA-256 of the content (64 characters)")
    size: int = strawberry.field(description="bytes (≤ 200 MB)")
    media_type: str = strawberry.field(description="image/jpeg|png|gif|webp|heic, video/mp4|"
                                                   "quicktime, audio/mpeg|mp4|amr|wav, application/pdf")
    name: str | None = None


@strawberry.input(description="Where exactly (WGS-84).")
class PointInput:
    longitude: float
    latitude: float


@strawberry.type(description="An attachment of a case with its content hash (证据).")
class EvidenceFile:
    seq: int = strawberry.field(description="the timeline step it came with (1 = the report)")
    uri: str
    sha256: str
    size: int
    media_type: str
    name: str | None
    added_by: str | None
    added_at: datetime

    @classmethod
    def from_rpc(cls, data: EvidenceOut) -> "EvidenceFile":
        return cls(seq=data["seq"], uri=data["uri"], sha256=data["sha256"], size=data["size"],
                   media_type=data["media_type"], name=data["name"], added_by=data["added_by"],
                   added_at=datetime.fromisoformat(data["added_at"]))


@strawberry.type(description="An open case that may be the same problem (疑似重复); merge it "
                             "with mergeCase.")
class LikelyDuplicate:
    id: strawberry.ID
    category: str
    status: str
    description: str
    reported_at: datetime
    grid_id: strawberry.ID
    compound_id: strawberry.ID | None

    @classmethod
    def from_rpc(cls, data: DuplicateOut) -> "LikelyDuplicate":
        return cls(id=strawberry.ID(data["id"]), category=data["category"], status=data["status"],
                   description=data["description"],
                   reported_at=datetime.fromisoformat(data["reported_at"]),
                   grid_id=strawberry.ID(data["grid_id"]),
                   compound_id=strawberry.ID(data["compound_id"]) if data["compound_id"] else None)


async def evidence_by_case(ctx, keys: list[str]) -> list[list[Any]]:
    grouped: dict[str, list[Any]] = {key: [] for key in keys}
    for row in await ctx.call("dispatch", "case_evidence", list(keys)):
        grouped[row["case_id"]].append(EvidenceFile.from_rpc(row))
    return [grouped[key] for key in keys]


async def duplicates_by_case(ctx, keys: list[str]) -> list[list[Any]]:
    grouped: dict[str, list[Any]] = {key: [] for key in keys}
    for row in await ctx.call("dispatch", "likely_duplicates", list(keys)):
        grouped[row["of_case_id"]].append(LikelyDuplicate.from_rpc(row))
    return [grouped[key] for key in keys]
