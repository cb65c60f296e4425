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
    name: str | None = strawberry.field(default=None, description="The file's name as shown to staff "
                                                                   "(文件名), up to 120 characters.")


@strawberry.input(description="Where exactly (WGS-84).")
class PointInput:
    longitude: float = strawberry.field(description="Longitude (经度), WGS-84 decimal degrees, -180 to 180.")
    latitude: float = strawberry.field(description="Latitude (纬度), WGS-84 decimal degrees, -90 to 90.")


@strawberry.type(description="An attachment of a case with its content hash (证据).")
class EvidenceFile:
    seq: int = strawberry.field(description="the timeline step it came with (1 = the report)")
    uri: str = strawberry.field(description="Where the file is (存储地址): an https://, oss:// or s3:// "
                                            "location.")
    sha256: str = strawberry.field(description="Lowercase hex SHA-256 of the content (64 characters): "
                                               "proves the file is unchanged (内容哈希).")
    size: int = strawberry.field(description="Size in bytes (≤ 200 MB).")
    media_type: str = strawberry.field(description="MIME type: image/jpeg|png|gif|webp|heic, "
                                                   "video/mp4|quicktime, audio/mpeg|mp4|amr|wav or "
                                                   "application/pdf.")
    name: str | None = strawberry.field(description="The file's name as given (文件名); null when none.")
    added_by: str | None = strawberry.field(description="Who attached it: the caller's login (上传人); "
                                                        "null when added by a service.")
    added_at: datetime = strawberry.field(description="When it was attached (上传时间), ISO 8601 with "
                                                      "offset.")

    @classmethod
    def from_rpc(cls, data: EvidenceOut) -> "EvidenceFile":
        return cls(seq=data["seq"], uri=data["uri"], sha256=data["sha256"], size=data["size"],
                   media_type=data["media_type"], name=data["name"], added_by=data["added_by"],
                   added_at=datetime.fromisoformat(data["added_at"]))


@strawberry.type(description="An open case that may be the same problem (疑似重复); merge it "
                             "with mergeCase.")
class LikelyDuplicate:
    id: strawberry.ID = strawberry.field(description="The other case's id (事件编号): pass it to "
                                                     "mergeCase as caseId or intoCaseId.")
    category: str = strawberry.field(description="Its category code (事件分类), the same as this case's.")
    status: str = strawberry.field(description="An open status: reported (已上报), accepted (已受理) or "
                                               "escalated (已提级).")
    description: str = strawberry.field(description="What the reporter wrote (事件描述).")
    reported_at: datetime = strawberry.field(description="When it was reported (上报时间), ISO 8601 with "
                                                         "offset; within 7 days of this case.")
    grid_id: strawberry.ID = strawberry.field(description="The grid's id it is in (所在网格).")
    compound_id: strawberry.ID | None = strawberry.field(description="The compound's id (小区); null when "
                                                                     "the case has none and the grid "
                                                                     "matched instead.")

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
