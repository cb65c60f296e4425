"""Which other services' ids a dispatch write stores, and how they are checked: one batched RPC
per kind, the first unknown id refused as NOT_FOUND naming its field, nothing asked when the
step stores no such id."""
import uuid

import pytest

from services.dispatch import references
from shared.contracts import dispatch as c
from shared.errors import NotFound

STREET, COMMUNITY, ORG, MEMBER = (uuid.uuid4() for _ in range(4))


class County:
    """Stands for the grid and organization services of one county, counting the calls."""

    def __init__(self, streets=(), communities=(), orgs=(), members=()):
        self.streets = {str(s): {"id": str(s)} for s in streets}
        self.communities = {str(k): {"id": str(k), "street_id": str(s)} for k, s in communities}
        self.orgs, self.members = {str(o) for o in orgs}, {str(m) for m in members}
        self.calls: list[tuple[str, list[str]]] = []

    def _asked(self, method, ids):
        self.calls.append((method, list(ids)))

    def streets_by_ids(self, ids):
        self._asked("streets_by_ids", ids)
        return [self.streets[i] for i in ids if i in self.streets]

    def communities_by_ids(self, ids):
        self._asked("communities_by_ids", ids)
        return [self.communities[i] for i in ids if i in self.communities]

    def orgs_exist(self, ids):
        self._asked("orgs_exist", ids)
        return [i for i in ids if i in self.orgs]

    def members_exist(self, ids):
        self._asked("members_exist", ids)
        return [i for i in ids if i in self.members]


def check(county, model, data, action=None):
    parsed = model.model_validate(data)
    refs = references.refs_of(parsed, action)
    if refs:
        references.require(county, county, refs)
    return county.calls


def test_each_kind_is_asked_once_for_all_its_ids():
    helpers = [uuid.uuid4() for _ in range(3)]
    county = County(orgs=[ORG], members=helpers)
    calls = check(county, c.WishStepIn, {"wish_id": str(uuid.uuid4()), "org_id": str(ORG),
                                         "org_name": "社区党委",
                                         "member_ids": [str(m) for m in helpers + helpers[:1]]},
                  "claim")
    assert calls == [("orgs_exist", [str(ORG)]), ("members_exist", [str(m) for m in helpers])]


@pytest.mark.parametrize(("model", "data", "action", "field"), [
    (c.NeedIn, {"street_id": str(STREET), "community_id": str(uuid.uuid4()), "title": "x"}, None,
     "communityId"),
    (c.NeedIn, {"street_id": str(uuid.uuid4()), "community_id": str(COMMUNITY), "title": "x"}, None,
     "streetId"),
    (c.ResourceIn, {"unit_org_id": str(uuid.uuid4()), "unit_name": "u", "title": "x"}, None,
     "unitOrgId"),
    (c.ResourceIn, {"unit_org_id": str(ORG), "unit_name": "u", "title": "x",
                    "community_id": str(uuid.uuid4())}, None, "communityId"),
    (c.NeedStepIn, {"need_id": str(uuid.uuid4()), "unit_org_id": str(uuid.uuid4()),
                    "unit_name": "u"}, "claim", "unitOrgId"),
    (c.WishStepIn, {"wish_id": str(uuid.uuid4()), "org_id": str(uuid.uuid4()), "org_name": "o"},
     "claim", "orgId"),
    (c.WishStepIn, {"wish_id": str(uuid.uuid4()), "member_ids": [str(MEMBER), str(uuid.uuid4())]},
     "fulfil", "memberIds"),
    (c.OrderStepIn, {"order_id": str(uuid.uuid4()), "member_ids": [str(uuid.uuid4())]}, "take",
     "memberIds"),
    (c.ResolveIn, {"case_id": str(uuid.uuid4()), "handler_member_ids": [str(uuid.uuid4())]},
     "resolve", "handlerMemberIds"),
    (c.WhistlePartStepIn, {"part_id": str(uuid.uuid4()), "handler_member_ids": [str(uuid.uuid4())]},
     "resolve", "handlerMemberIds"),
])
def test_an_id_the_county_does_not_hold_is_not_found_naming_its_field(model, data, action, field):
    county = County(streets=[STREET], communities=[(COMMUNITY, STREET)], orgs=[ORG], members=[MEMBER])
    with pytest.raises(NotFound) as refused:
        check(county, model, data, action)
    assert refused.value.field == field


def test_steps_that_store_no_foreign_id_ask_nothing():
    county = County()
    stranger = str(uuid.uuid4())
    check(county, c.WishStepIn, {"wish_id": stranger, "member_ids": [stranger]}, "publish")
    check(county, c.OrderStepIn, {"order_id": stranger, "member_ids": [stranger]}, "complete")
    check(county, c.NeedStepIn, {"need_id": stranger, "unit_org_id": stranger}, "deliver")
    check(county, c.ResolveIn, {"case_id": stranger}, "resolve")
    check(county, c.WhistlePartStepIn, {"part_id": stranger, "handler_member_ids": [stranger]},
          "report")
    assert county.calls == []


def test_known_ids_pass():
    county = County(streets=[STREET], communities=[(COMMUNITY, STREET)], orgs=[ORG], members=[MEMBER])
    check(county, c.ResourceIn, {"unit_org_id": str(ORG), "unit_name": "u", "title": "x",
                                 "street_id": str(STREET), "community_id": str(COMMUNITY)})
    check(county, c.OrderStepIn, {"order_id": str(uuid.uuid4()), "member_ids": [str(MEMBER)]}, "take")
    assert [m for m, _ in county.calls] == ["streets_by_ids", "communities_by_ids", "orgs_exist",
                                            "members_exist"]
