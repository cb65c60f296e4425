"""GraphQL of micro-wishes (微心愿), "三单" orders (居民点单→社区派单→党员接单) and two-way lists
(双向清单: community needs ↔ member units' resources). Each is a small state machine; a step the
state does not allow comes back as ILLEGAL_TRANSITION naming the allowed ones."""
from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any

import strawberry

from gateway.cases.intake import EvidenceInput
from gateway.cases.lists import filter_payload, time_cursor
from gateway.cases.types import CaseRating
from gateway.cases.wire import rpc_payload
from gateway.errors import OperationError, mutate
from gateway.pagination import Connection, check_first
from shared.contracts.dispatch import ResourceOut, WorkItemOut, WorkStepOut
from shared.contracts.validation import parse_id
from shared.errors import CivicError


def _id(value) -> strawberry.ID | None:
    return strawberry.ID(value) if value else None


@strawberry.type(description="One step of a wish, order or need (流转记录).")
class WorkStep:
    seq: int
    action: str
    from_status: str | None
    to_status: str
    actor: str | None
    note: str | None
    at: datetime

    @classmethod
    def from_rpc(cls, data: WorkStepOut) -> "WorkStep":
        return cls(seq=data["seq"], action=data["action"], from_status=data["from_status"],
                   to_status=data["to_status"], actor=data["actor"], note=data["note"],
                   at=datetime.fromisoformat(data["at"]))


@strawberry.type(description="Proof attached to a step (凭证), with its content hash.")
class WorkEvidence:
    seq: int
    uri: str
    sha256: str
    size: int
    media_type: str
    name: str | None


async def steps_by_item(ctx, keys: list[str]) -> list[list[Any]]:
    grouped: dict[str, list[Any]] = {key: [] for key in keys}
    for row in await ctx.call("dispatch", "work_steps", list(keys)):
        grouped[row["item_id"]].append(WorkStep.from_rpc(row))
    return [grouped[key] for key in keys]


def _common(data: WorkItemOut) -> dict:
    return {"id": strawberry.ID(data["id"]), "status": data["status"], "title": data["title"],
            "description": data["description"],
            "created_at": datetime.fromisoformat(data["created_at"]),
            "updated_at": datetime.fromisoformat(data["updated_at"]),
            "evidence": [WorkEvidence(seq=e["seq"], uri=e["uri"], sha256=e["sha256"], size=e["size"],
                                      media_type=e["media_type"], name=e.get("name"))
                         for e in data["evidence"]]}


@strawberry.interface(description="What wishes, orders and needs share.")
class WorkItem:
    id: strawberry.ID
    status: str
    title: str
    description: str
    created_at: datetime
    updated_at: datetime
    evidence: list[WorkEvidence]

    @strawberry.field(description="Every step, oldest first (流转记录).")
    async def timeline(self, info: strawberry.Info) -> list[WorkStep]:
        return await info.context.loader("work_steps", steps_by_item).load(str(self.id))


@strawberry.type(description="A micro-wish (微心愿): collected → published → claimed → fulfilled "
                             "→ confirmed (emits wish.fulfilled); or cancelled.")
class MicroWish(WorkItem):
    grid_id: strawberry.ID
    channel: str = strawberry.field(description="box (心愿箱), visit (走访) or phone (电话)")
    wisher_name: str
    claimer_org_id: strawberry.ID | None
    claimer_org_name: str | None
    member_ids: list[strawberry.ID] = strawberry.field(description="party members who claimed/fulfilled it")

    @classmethod
    def from_rpc(cls, data: WorkItemOut) -> "MicroWish":
        d = data["details"]
        return cls(**_common(data), grid_id=strawberry.ID(data["grid_id"]), channel=d["channel"],
                   wisher_name=d["wisher_name"], claimer_org_id=_id(d.get("claimer_org_id")),
                   claimer_org_name=d.get("claimer_org_name"),
                   member_ids=[strawberry.ID(m) for m in d.get("member_ids", [])])


@strawberry.type(description="A \"三单\" order: placed (居民点单) → dispatched (社区派单) → taken "
                             "(党员接单) → completed → confirmed (emits order.completed); or cancelled.")
class ServiceOrder(WorkItem):
    grid_id: strawberry.ID
    member_ids: list[strawberry.ID] = strawberry.field(description="party members who took it")
    rating: CaseRating | None

    @classmethod
    def from_rpc(cls, data: WorkItemOut) -> "ServiceOrder":
        d = data["details"]
        return cls(**_common(data), grid_id=strawberry.ID(data["grid_id"]),
                   member_ids=[strawberry.ID(m) for m in d.get("member_ids", [])],
                   rating=CaseRating(d["rating"]) if d.get("rating") else None)


@strawberry.type(description="A community need (需求清单): posted → claimed by a member unit → "
                             "delivered → closed and rated (销号评价) → checked (组织问效). "
                             "Joint-meeting decisions arrive claimed by their owner unit.")
class CommunityNeed(WorkItem):
    street_id: strawberry.ID | None
    community_id: strawberry.ID | None
    source: str = strawberry.field(description="community, or meeting (联席会议决定事项)")
    unit_org_id: strawberry.ID | None
    unit_name: str | None = strawberry.field(description="the member unit (驻区单位) that claimed it")
    resource_id: strawberry.ID | None
    rating: CaseRating | None
    effect: str | None = strawberry.field(description="effective, partly_effective, ineffective (问效)")
    due_date: date | None
    decision_id: strawberry.ID | None

    @classmethod
    def from_rpc(cls, data: WorkItemOut) -> "CommunityNeed":
        d = data["details"]
        return cls(**_common(data), street_id=_id(data["street_id"]),
                   community_id=_id(data["community_id"]), source=d.get("source", "community"),
                   unit_org_id=_id(d.get("unit_org_id")), unit_name=d.get("unit_name"),
                   resource_id=_id(d.get("resource_id")),
                   rating=CaseRating(d["rating"]) if d.get("rating") else None,
                   effect=d.get("effect"),
                   due_date=date.fromisoformat(d["due_date"]) if d.get("due_date") else None,
                   decision_id=_id(d.get("decision_id")))


@strawberry.type(description="What a member unit offers (资源清单).")
class UnitResource:
    id: strawberry.ID
    unit_org_id: strawberry.ID
    unit_name: str
    title: str
    description: str
    street_id: strawberry.ID | None
    community_id: strawberry.ID | None
    created_at: datetime

    @classmethod
    def from_rpc(cls, data: ResourceOut) -> "UnitResource":
        return cls(id=strawberry.ID(data["id"]), unit_org_id=strawberry.ID(data["unit_org_id"]),
                   unit_name=data["unit_name"], title=data["title"], description=data["description"],
                   street_id=_id(data["street_id"]), community_id=_id(data["community_id"]),
                   created_at=datetime.fromisoformat(data["created_at"]))


# ---- inputs ------------------------------------------------------------------------------------
@strawberry.enum(description="How a wish was collected.")
class WishChannel(Enum):
    BOX = strawberry.enum_value("box", description="心愿箱")
    VISIT = strawberry.enum_value("visit", description="入户走访")
    PHONE = strawberry.enum_value("phone", description="电话")


@strawberry.input(description="Collect a micro-wish (收集微心愿).")
class CollectWishInput:
    grid_id: strawberry.ID
    title: str
    channel: WishChannel
    wisher_name: str = strawberry.field(description="as the wisher wants it shown")
    description: str = ""
    wisher_subject: str | None = strawberry.field(default=None, description="the wisher's account, "
                                                  "so they can confirm themselves")


@strawberry.enum(description="A step of a wish.")
class WishAction(Enum):
    PUBLISH = strawberry.enum_value("publish", description="发布")
    CLAIM = strawberry.enum_value("claim", description="认领 (orgId+orgName or memberIds)")
    RELEASE = strawberry.enum_value("release", description="放弃认领")
    FULFIL = strawberry.enum_value("fulfil", description="实现 (proof in evidence)")
    CONFIRM = strawberry.enum_value("confirm", description="心愿人确认")
    DISPUTE = strawberry.enum_value("dispute", description="退回 (note required)")
    CANCEL = strawberry.enum_value("cancel", description="撤销 (note required)")


@strawberry.input(description="A step of a wish; fields apply to the steps that use them.")
class WishStepInput:
    wish_id: strawberry.ID
    note: str | None = None
    org_id: strawberry.ID | None = None
    org_name: str | None = None
    member_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    evidence: list[EvidenceInput] = strawberry.field(default_factory=list)


@strawberry.input(description="A resident's order (居民点单); staff may place one taken by phone.")
class PlaceOrderInput:
    grid_id: strawberry.ID
    title: str
    description: str = ""
    resident_subject: str | None = None


@strawberry.enum(description="A step of a \"三单\" order.")
class OrderAction(Enum):
    DISPATCH = strawberry.enum_value("dispatch", description="社区派单")
    TAKE = strawberry.enum_value("take", description="党员接单 (memberIds)")
    COMPLETE = strawberry.enum_value("complete", description="完成")
    CONFIRM = strawberry.enum_value("confirm", description="居民确认评价 (rating; 不满意 returns it)")
    CANCEL = strawberry.enum_value("cancel", description="取消")


@strawberry.input(description="A step of an order; fields apply to the steps that use them.")
class OrderStepInput:
    order_id: strawberry.ID
    note: str | None = None
    member_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    rating: CaseRating | None = None
    evidence: list[EvidenceInput] = strawberry.field(default_factory=list)


@strawberry.input(description="A community posts a need (社区提出需求).")
class PostNeedInput:
    street_id: strawberry.ID
    community_id: strawberry.ID
    title: str
    description: str = ""
    due_date: date | None = None


@strawberry.enum(description="A step of a community need.")
class NeedAction(Enum):
    CLAIM = strawberry.enum_value("claim", description="驻区单位认领 (unitOrgId+unitName)")
    DELIVER = strawberry.enum_value("deliver", description="对接开展服务")
    CLOSE = strawberry.enum_value("close", description="办结销号评价 (rating)")
    CHECK = strawberry.enum_value("check", description="组织问效监督 (effect)")
    WITHDRAW = strawberry.enum_value("withdraw", description="撤回")


@strawberry.enum(description="The effect the party org found (问效).")
class NeedEffect(Enum):
    EFFECTIVE = "effective"
    PARTLY_EFFECTIVE = "partly_effective"
    INEFFECTIVE = "ineffective"


@strawberry.input(description="A step of a need; fields apply to the steps that use them.")
class NeedStepInput:
    need_id: strawberry.ID
    note: str | None = None
    unit_org_id: strawberry.ID | None = None
    unit_name: str | None = None
    resource_id: strawberry.ID | None = None
    rating: CaseRating | None = None
    effect: NeedEffect | None = None
    evidence: list[EvidenceInput] = strawberry.field(default_factory=list)


@strawberry.input(description="A member unit lists a resource (资源清单).")
class OfferResourceInput:
    unit_org_id: strawberry.ID
    unit_name: str
    title: str
    description: str = ""
    street_id: strawberry.ID | None = None
    community_id: strawberry.ID | None = None


@strawberry.input(description="Filters of wish, order and need lists.")
class WorkFilter:
    status: list[str] | None = None
    since: datetime | None = strawberry.field(default=None, description="created at or after")
    until: datetime | None = strawberry.field(default=None, description="created before")
    street_id: strawberry.ID | None = None
    community_id: strawberry.ID | None = None
    grid_id: strawberry.ID | None = None


WishResult = Annotated[MicroWish | OperationError, strawberry.union("WishResult")]
OrderResult = Annotated[ServiceOrder | OperationError, strawberry.union("OrderResult")]
NeedResult = Annotated[CommunityNeed | OperationError, strawberry.union("NeedResult")]
ResourceResult = Annotated[UnitResource | OperationError, strawberry.union("ResourceResult")]


@strawberry.type
class WorkMutation:
    @strawberry.mutation(description="收集微心愿 (staff): box, visit or phone.")
    async def collect_wish(self, info: strawberry.Info, input: CollectWishInput) -> WishResult:
        return await mutate(info, "dispatch", "collect_wish", rpc_payload(input), build=MicroWish.from_rpc)

    @strawberry.mutation(description="One step of a micro-wish; CONFIRM emits wish.fulfilled "
                                     "(points to the members who fulfilled it).")
    async def wish_step(self, info: strawberry.Info, action: WishAction,
                        input: WishStepInput) -> WishResult:
        return await mutate(info, "dispatch", "wish_step", action.value, rpc_payload(input),
                            build=MicroWish.from_rpc)

    @strawberry.mutation(description="居民点单 (a resident, or staff taking it by phone).")
    async def place_order(self, info: strawberry.Info, input: PlaceOrderInput) -> OrderResult:
        return await mutate(info, "dispatch", "place_order", rpc_payload(input), build=ServiceOrder.from_rpc)

    @strawberry.mutation(description="One step of a \"三单\" order; CONFIRM (not unsatisfied) "
                                     "emits order.completed.")
    async def order_step(self, info: strawberry.Info, action: OrderAction,
                         input: OrderStepInput) -> OrderResult:
        return await mutate(info, "dispatch", "order_step", action.value, rpc_payload(input),
                            build=ServiceOrder.from_rpc)

    @strawberry.mutation(description="社区提出需求 (community, street or county staff).")
    async def post_need(self, info: strawberry.Info, input: PostNeedInput) -> NeedResult:
        return await mutate(info, "dispatch", "post_need", rpc_payload(input), build=CommunityNeed.from_rpc)

    @strawberry.mutation(description="One step of a community need (双向清单).")
    async def need_step(self, info: strawberry.Info, action: NeedAction,
                        input: NeedStepInput) -> NeedResult:
        return await mutate(info, "dispatch", "need_step", action.value, rpc_payload(input),
                            build=CommunityNeed.from_rpc)

    @strawberry.mutation(description="驻区单位登记资源清单.")
    async def offer_resource(self, info: strawberry.Info, input: OfferResourceInput) -> ResourceResult:
        return await mutate(info, "dispatch", "offer_resource", rpc_payload(input),
                            build=UnitResource.from_rpc)


async def _one(info, kind: str, id: str, build):
    parse_id(id, "id")
    try:
        return build(await info.context.call("dispatch", "get_work_item", kind, str(id)))
    except CivicError as exc:
        if exc.code == "NOT_FOUND":
            return None
        raise


async def _page(info, kind: str, first: int, after: str | None, filter, build):
    check_first(first)
    rows = await info.context.call("dispatch", "list_work_items", kind, limit=first + 1, after=after,
                                   filters=filter_payload(filter))
    return Connection.of(rows, first, build, cursor=time_cursor("created_at"))


@strawberry.type
class WorkQuery:
    @strawberry.field(description="One micro-wish in your scope, or null (微心愿).")
    async def micro_wish(self, info: strawberry.Info, id: strawberry.ID) -> MicroWish | None:
        return await _one(info, "wish", id, MicroWish.from_rpc)

    @strawberry.field(description="Micro-wishes in your scope, newest first (微心愿). `first` ≤ 100.")
    async def micro_wishes(self, info: strawberry.Info, first: int, after: str | None = None,
                           filter: WorkFilter | None = None) -> Connection[MicroWish]:
        return await _page(info, "wish", first, after, filter, MicroWish.from_rpc)

    @strawberry.field(description="One \"三单\" order in your scope, or null.")
    async def service_order(self, info: strawberry.Info, id: strawberry.ID) -> ServiceOrder | None:
        return await _one(info, "order", id, ServiceOrder.from_rpc)

    @strawberry.field(description="\"三单\" orders in your scope, newest first. `first` ≤ 100.")
    async def service_orders(self, info: strawberry.Info, first: int, after: str | None = None,
                             filter: WorkFilter | None = None) -> Connection[ServiceOrder]:
        return await _page(info, "order", first, after, filter, ServiceOrder.from_rpc)

    @strawberry.field(description="One community need in your scope, or null (需求清单).")
    async def community_need(self, info: strawberry.Info, id: strawberry.ID) -> CommunityNeed | None:
        return await _one(info, "need", id, CommunityNeed.from_rpc)

    @strawberry.field(description="Community needs in your scope, newest first (需求清单). "
                                  "`first` ≤ 100.")
    async def community_needs(self, info: strawberry.Info, first: int, after: str | None = None,
                              filter: WorkFilter | None = None) -> Connection[CommunityNeed]:
        return await _page(info, "need", first, after, filter, CommunityNeed.from_rpc)

    @strawberry.field(description="Member units' resources (资源清单), newest first. `first` ≤ 100.")
    async def unit_resources(self, info: strawberry.Info, first: int,
                             after: str | None = None) -> Connection[UnitResource]:
        check_first(first)
        rows = await info.context.call("dispatch", "list_resources", limit=first + 1, after=after)
        return Connection.of(rows, first, UnitResource.from_rpc, cursor=time_cursor("created_at"))
