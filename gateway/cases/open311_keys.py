"""GraphQL of Open311 API keys (Open311 接口密钥): a county admin gives each hotline system or
citizen app a key of its own for ``/open311/v2`` (gateway/cases/open311.py), separate from user
tokens, and revokes it. The dispatch service checks the role (county admin)."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from gateway.cases.lists import time_cursor
from gateway.errors import OperationError, mutate
from gateway.pagination import Connection, check_first
from shared.contracts.dispatch import Open311KeyOut


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@strawberry.type(description="An Open311 API key of this county (Open311 接口密钥): only its prefix "
                             "is shown; the secret is answered once, by createOpen311Key.")
class Open311Key:
    id: strawberry.ID = strawberry.field(description="The key's id (密钥编号), for revokeOpen311Key.")
    label: str = strawberry.field(description="Who uses it, e.g. 12345 热线 (密钥名称).")
    prefix: str = strawberry.field(description="The secret's first characters, to recognise it "
                                               "(密钥前缀).")
    created_by: str | None = strawberry.field(description="Who created it (创建人): the admin's subject.")
    created_at: datetime = strawberry.field(description="When it was created (创建时间).")
    last_used_at: datetime | None = strawberry.field(
        description="When it was last used, to the minute (最近使用时间); null if never.")
    revoked_at: datetime | None = strawberry.field(
        description="When it was revoked (吊销时间); null while it works.")
    secret: str | None = strawberry.field(
        description="The secret (密钥), for the client's api_key parameter: only in "
                    "createOpen311Key's answer, never again (only its SHA-256 is kept).")

    @strawberry.field(description="Not revoked: GeoReport requests with it are accepted (有效).")
    def active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    def from_rpc(cls, data: Open311KeyOut) -> Open311Key:
        return cls(id=strawberry.ID(data["id"]), label=data["label"], prefix=data["prefix"],
                   created_by=data["created_by"], created_at=_time(data["created_at"]),
                   last_used_at=_time(data["last_used_at"]), revoked_at=_time(data["revoked_at"]),
                   secret=data.get("secret"))


Label = Annotated[str, strawberry.argument(description="Who will use it, 1–60 characters (密钥名称).")]
KeyId = Annotated[strawberry.ID, strawberry.argument(description="The key's id (密钥编号).")]
Open311KeyResult = Annotated[Open311Key | OperationError, strawberry.union(
    "Open311KeyResult", description="The key, or why nothing was changed (Open311 接口密钥操作结果).")]


@strawberry.type
class Open311KeyMutation:
    @strawberry.mutation(description="Create an Open311 API key (创建 Open311 接口密钥; county admin); "
                                     "the answer carries its secret once.")
    async def create_open311_key(self, info: strawberry.Info, label: Label) -> Open311KeyResult:
        return await mutate(info, "dispatch", "create_open311_key", {"label": label},
                            build=Open311Key.from_rpc)

    @strawberry.mutation(description="Revoke an Open311 API key (吊销 Open311 接口密钥; county admin): "
                                     "requests with it are refused from now on.")
    async def revoke_open311_key(self, info: strawberry.Info, id: KeyId) -> Open311KeyResult:
        return await mutate(info, "dispatch", "revoke_open311_key", str(id), build=Open311Key.from_rpc)


@strawberry.type
class Open311KeyQuery:
    @strawberry.field(description="This county's Open311 API keys, newest first, revoked ones "
                                  "included (Open311 接口密钥; county admin). `first` ≤ 100.")
    async def open311_keys(self, info: strawberry.Info, first: int,
                           after: str | None = None) -> Connection[Open311Key]:
        check_first(first)
        rows = await info.context.call("dispatch", "list_open311_keys", limit=first + 1, after=after)
        return Connection.of(rows, first, Open311Key.from_rpc, cursor=time_cursor("created_at"))
