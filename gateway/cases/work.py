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
    seq: int = strawberry.field(description="The step's number on this item (序号), from 1; evidence's seq "
                                            "refers to it.")
    action: str = strawberry.field(description="What was done (操作): collect, place, post or decide (a "
                                               "joint-meeting decision, 联席会议决定) first, then a step of "
                                               "WishAction, OrderAction or NeedAction in lowercase, e.g. "
                                               "claim, take, close.")
    from_status: str | None = strawberry.field(description="The status before the step (原状态); null for "
                                                           "the first. Values as WorkItem.status.")
    to_status: str = strawberry.field(description="The status after the step (新状态).")
    actor: str | None = strawberry.field(description="Who did it: the caller's login (操作人); null when "
                                                     "a service did.")
    note: str | None = strawberry.field(description="The remark given with the step (说明), e.g. why it "
                                                    "was cancelled; null when none.")
    at: datetime = strawberry.field(description="When (时间), ISO 8601 with offset.")

    @classmethod
    def from_rpc(cls, data: WorkStepOut) -> "WorkStep":
        return cls(seq=data["seq"], action=data["action"], from_status=data["from_status"],
                   to_status=data["to_status"], actor=data["actor"], note=data["note"],
                   at=datetime.fromisoformat(data["at"]))


@strawberry.type(description="Proof attached to a step (凭证), with its content hash.")
class WorkEvidence:
    seq: int = strawberry.field(description="The step it came with (WorkStep.seq).")
    uri: str = strawberry.field(description="Where the file is (存储地址): an https://, oss:// or s3:// "
                                            "location.")
    sha256: str = strawberry.field(description="Lowercase hex SHA-256 of the content (64 characters, "
                                               "内容哈希).")
    size: int = strawberry.field(description="Size in bytes (≤ 200 MB).")
    media_type: str = strawberry.field(description="MIME type, e.g. image/jpeg, video/mp4, application/pdf.")
    name: str | None = strawberry.field(description="The file's name as given (文件名); null when none.")


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
    id: strawberry.ID = strawberry.field(description="The item's id (编号): wishId, orderId or needId in "
                                                     "its steps.")
    status: str = strawberry.field(description=(
        "Where it stands (状态). Micro-wish: collected (已收集), published (已发布), claimed (已认领), "
        "fulfilled (已实现), confirmed (已确认), cancelled (已撤销). Order: placed (已点单), dispatched "
        "(已派单), taken (已接单), completed (已完成), confirmed (已确认), cancelled (已取消). Need: posted "
        "(已发布), claimed (已认领), delivered (已服务), closed (已销号), checked (已问效), withdrawn "
        "(已撤回)."))
    title: str = strawberry.field(description="A short title (标题), up to 60 characters.")
    description: str = strawberry.field(description="Details (详细说明), up to 1000 characters; empty when "
                                                    "none.")
    created_at: datetime = strawberry.field(description="When it was created (创建时间), ISO 8601 with "
                                                        "offset.")
    updated_at: datetime = strawberry.field(description="When its last step happened (更新时间), ISO 8601 "
                                                        "with offset.")
    evidence: list[WorkEvidence] = strawberry.field(description="Proof attached to its steps (凭证), oldest "
                                                                "first.")

    @strawberry.field(description="Every step, oldest first (流转记录).")
    async def timeline(self, info: strawberry.Info) -> list[WorkStep]:
        return await info.context.loader("work_steps", steps_by_item).load(str(self.id))


@strawberry.type(description="A micro-wish (微心愿): collected → published → claimed → fulfilled "
                             "→ confirmed (emits wish.fulfilled); or cancelled.")
class MicroWish(WorkItem):
    grid_id: strawberry.ID = strawberry.field(description="The grid's id the wisher lives in (所在网格).")
    channel: str = strawberry.field(description="box (心愿箱), visit (走访) or phone (电话)")
    wisher_name: str = strawberry.field(description="The wisher's name as they want it shown (心愿人), "
                                                    "e.g. 王奶奶.")
    claimer_org_id: strawberry.ID | None = strawberry.field(description="The party org's id that claimed it "
                                                                        "(认领党组织); null when unclaimed "
                                                                        "or claimed by party members "
                                                                        "alone.")
    claimer_org_name: str | None = strawberry.field(description="That party org's name (认领党组织名称); null "
                                                                "with it.")
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
    grid_id: strawberry.ID = strawberry.field(description="The grid's id of the resident who ordered "
                                                          "(所在网格).")
    member_ids: list[strawberry.ID] = strawberry.field(description="party members who took it")
    rating: CaseRating | None = strawberry.field(description="The resident's rating on confirming (评价): "
                                                             "满意, 基本满意 or 不满意 (sends it back to the "
                                                             "takers); null until rated.")

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
    street_id: strawberry.ID | None = strawberry.field(description="The street's id (街道); null for a "
                                                                   "county-level meeting decision.")
    community_id: strawberry.ID | None = strawberry.field(description="The community's id that needs it "
                                                                      "(社区); null for a street- or "
                                                                      "county-level meeting decision.")
    source: str = strawberry.field(description="community, or meeting (联席会议决定事项)")
    unit_org_id: strawberry.ID | None = strawberry.field(description="The member unit's party org id that "
                                                                     "claimed it (驻区单位); null until "
                                                                     "claimed, and for meeting decisions.")
    unit_name: str | None = strawberry.field(description="the member unit (驻区单位) that claimed it")
    resource_id: strawberry.ID | None = strawberry.field(description="The unit's resource it was claimed "
                                                                     "from (资源清单, UnitResource.id); "
                                                                     "null when none.")
    rating: CaseRating | None = strawberry.field(description="The rating on closing (销号评价): 满意, 基本满意 "
                                                             "or 不满意; null until closed.")
    effect: str | None = strawberry.field(description="effective, partly_effective, ineffective (问效)")
    due_date: date | None = strawberry.field(description="To be done by (完成时限), ISO 8601 date "
                                                        "YYYY-MM-DD; null when none.")
    decision_id: strawberry.ID | None = strawberry.field(description="The joint-meeting decision's id it "
                                                                     "came from (联席会议决定事项); null "
                                                                     "unless source is meeting.")

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
    id: strawberry.ID = strawberry.field(description="The resource's id (资源编号): pass it as resourceId "
                                                     "when claiming a need.")
    unit_org_id: strawberry.ID = strawberry.field(description="The member unit's party org id (驻区单位).")
    unit_name: str = strawberry.field(description="The member unit's name (单位名称).")
    title: str = strawberry.field(description="What it offers, in short (资源名称), e.g. 会议室, 志愿服务队.")
    description: str = strawberry.field(description="Details (详细说明); empty when none.")
    street_id: strawberry.ID | None = strawberry.field(description="The paired street's id it serves "
                                                                   "(结对街道); when this and communityId "
                                                                   "are null it serves the whole county.")
    community_id: strawberry.ID | None = strawberry.field(description="The paired community's id it serves "
                                                                      "(结对社区); null when none.")
    created_at: datetime = strawberry.field(description="When it was listed (登记时间), ISO 8601 with "
                                                        "offset.")

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
    grid_id: strawberry.ID = strawberry.field(description="The grid's id the wisher lives in (所在网格).")
    title: str = strawberry.field(description="The wish in short (心愿), 1–60 characters, e.g. 一台助行器.")
    channel: WishChannel = strawberry.field(description="How it was collected (收集渠道): BOX (心愿箱), VISIT "
                                                        "(入户走访) or PHONE (电话).")
    wisher_name: str = strawberry.field(description="as the wisher wants it shown")
    description: str = strawberry.field(default="", description="Details (详细说明), up to 1000 characters.")
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
    wish_id: strawberry.ID = strawberry.field(description="The micro-wish's id (微心愿).")
    note: str | None = strawberry.field(default=None, description="A remark for the timeline (说明), up to "
                                                                  "500 characters; required to DISPUTE "
                                                                  "or CANCEL.")
    org_id: strawberry.ID | None = strawberry.field(default=None, description="CLAIM: the claiming party "
                                                                              "org's id (认领党组织), with "
                                                                              "orgName.")
    org_name: str | None = strawberry.field(default=None, description="CLAIM: that party org's name, 1–64 "
                                                                      "characters.")
    member_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="CLAIM or FULFIL: the party members' ids (党员) who help, up to "
                                          "20; they earn volunteer points (积分) on CONFIRM.")
    evidence: list[EvidenceInput] = strawberry.field(
        default_factory=list, description="Proof (凭证), up to 20 files; FULFIL needs at least one (e.g. a "
                                          "photo).")


@strawberry.input(description="A resident's order (居民点单); staff may place one taken by phone.")
class PlaceOrderInput:
    grid_id: strawberry.ID = strawberry.field(description="The grid's id the resident lives in (所在网格).")
    title: str = strawberry.field(description="The service wanted, in short (点单内容), 1–60 characters.")
    description: str = strawberry.field(default="", description="Details (详细说明), up to 1000 characters.")
    resident_subject: str | None = strawberry.field(
        default=None, description="Staff placing it for a resident (by phone): the resident's login, so "
                                  "they can confirm it themselves; ignored when a resident orders.")


@strawberry.enum(description="A step of a \"三单\" order.")
class OrderAction(Enum):
    DISPATCH = strawberry.enum_value("dispatch", description="社区派单")
    TAKE = strawberry.enum_value("take", description="党员接单 (memberIds)")
    COMPLETE = strawberry.enum_value("complete", description="完成")
    CONFIRM = strawberry.enum_value("confirm", description="居民确认评价 (rating; 不满意 returns it)")
    CANCEL = strawberry.enum_value("cancel", description="取消")


@strawberry.input(description="A step of an order; fields apply to the steps that use them.")
class OrderStepInput:
    order_id: strawberry.ID = strawberry.field(description="The order's id (服务订单).")
    note: str | None = strawberry.field(default=None, description="A remark for the timeline (说明), up to "
                                                                  "500 characters.")
    member_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="TAKE: the party members' ids (接单党员), 1–20; they earn "
                                          "volunteer points (积分) when it is confirmed.")
    rating: CaseRating | None = strawberry.field(default=None, description="CONFIRM: the resident's rating "
                                                                           "(评价), required; UNSATISFIED "
                                                                           "sends it back to the takers.")
    evidence: list[EvidenceInput] = strawberry.field(default_factory=list, description="Proof (凭证), up to "
                                                                                      "20 files.")


@strawberry.input(description="A community posts a need (社区提出需求).")
class PostNeedInput:
    street_id: strawberry.ID = strawberry.field(description="The street's id of the community (街道).")
    community_id: strawberry.ID = strawberry.field(description="The community's id that needs it (社区); in "
                                                               "your scope.")
    title: str = strawberry.field(description="The need in short (需求), 1–60 characters.")
    description: str = strawberry.field(default="", description="Details (详细说明), up to 1000 characters.")
    due_date: date | None = strawberry.field(default=None, description="To be done by (完成时限), ISO 8601 "
                                                                       "date YYYY-MM-DD; optional.")


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
    need_id: strawberry.ID = strawberry.field(description="The community need's id (需求).")
    note: str | None = strawberry.field(default=None, description="A remark for the timeline (说明), up to "
                                                                  "500 characters.")
    unit_org_id: strawberry.ID | None = strawberry.field(default=None, description=(
        "CLAIM: the member unit's party org id (驻区单位), with unitName."))
    unit_name: str | None = strawberry.field(default=None, description="CLAIM: the member unit's name "
                                                                       "(单位名称), 1–64 characters.")
    resource_id: strawberry.ID | None = strawberry.field(default=None, description=(
        "CLAIM: the unit's resource it answers with (资源清单, UnitResource.id); optional, must be that "
        "unit's."))
    rating: CaseRating | None = strawberry.field(default=None, description="CLOSE: the rating (销号评价), "
                                                                           "required: 满意, 基本满意 or "
                                                                           "不满意.")
    effect: NeedEffect | None = strawberry.field(default=None, description="CHECK: the effect the party org "
                                                                           "found (组织问效), required.")
    evidence: list[EvidenceInput] = strawberry.field(default_factory=list, description="Proof (凭证), up to "
                                                                                      "20 files.")


@strawberry.input(description="A member unit lists a resource (资源清单).")
class OfferResourceInput:
    unit_org_id: strawberry.ID = strawberry.field(description="The member unit's party org id (驻区单位).")
    unit_name: str = strawberry.field(description="The member unit's name (单位名称), 1–64 characters.")
    title: str = strawberry.field(description="What it offers, in short (资源名称), 1–60 characters: a venue, "
                                              "volunteers, funds, expertise…")
    description: str = strawberry.field(default="", description="Details (详细说明), up to 1000 characters.")
    street_id: strawberry.ID | None = strawberry.field(default=None, description=(
        "The paired street's id it serves (结对街道); leave both place ids null for the whole county."))
    community_id: strawberry.ID | None = strawberry.field(default=None, description=(
        "The paired community's id it serves (结对社区); optional."))


@strawberry.input(description="Filters of wish, order and need lists.")
class WorkFilter:
    status: list[str] | None = strawberry.field(default=None, description=(
        "Any of these statuses (状态), as WorkItem.status for the list's kind."))
    since: datetime | None = strawberry.field(default=None, description="created at or after")
    until: datetime | None = strawberry.field(default=None, description="created before")
    street_id: strawberry.ID | None = strawberry.field(default=None, description="Only items in the street "
                                                                                "with this id (街道).")
    community_id: strawberry.ID | None = strawberry.field(default=None, description="Only items in the "
                                                                                   "community with this "
                                                                                   "id (社区).")
    grid_id: strawberry.ID | None = strawberry.field(default=None, description="Only items in the grid with "
                                                                              "this id (网格); needs have no "
                                                                              "grid.")


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
