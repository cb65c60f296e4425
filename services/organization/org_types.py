"""Which party organization may sit under which (the parent → child type table).

| parent | allowed children |
|---|---|
| (root) | county_committee (县委, one active per county) |
| county_committee | street_working_committee, agency, school, hospital, state_firm, private_firm, social_org |
| street_working_committee | community_committee, community_general_branch, agency, school, hospital, state_firm, private_firm, social_org, property_company |
| community_committee, community_general_branch | grid_branch, compound_branch, private_firm, social_org, property_company, owners_committee, party_group |
| grid_branch, compound_branch, owners_committee | party_group |
| agency, school, hospital, state_firm, private_firm, social_org, property_company | the same type (a unit's committee over its branches), party_group |
| party_group | nothing |

The level (党委/党工委/党总支/党支部/党小组) follows from the type for the territorial tree; a
unit's org states its own level (committee, general_branch or branch; branch by default).
"""
from __future__ import annotations

TYPE_ZH = {
    "county_committee": "县委", "street_working_committee": "街道党工委",
    "community_committee": "社区党委", "community_general_branch": "社区党总支",
    "grid_branch": "网格党支部", "compound_branch": "小区党支部", "party_group": "党小组",
    "agency": "机关党组织", "school": "学校党组织", "hospital": "医院党组织",
    "state_firm": "国有企业党组织", "private_firm": "非公企业党组织", "social_org": "社会组织党组织",
    "property_company": "物业企业党组织", "owners_committee": "业委会党组织",
}
UNIT_TYPES = ("agency", "school", "hospital", "state_firm", "private_firm", "social_org",
              "property_company")
FIXED_LEVEL = {
    "county_committee": "committee", "street_working_committee": "working_committee",
    "community_committee": "committee", "community_general_branch": "general_branch",
    "grid_branch": "branch", "compound_branch": "branch", "party_group": "group",
    "owners_committee": "branch",
}
UNIT_LEVELS = ("committee", "general_branch", "branch")
_COMMUNITY_CHILDREN = {"grid_branch", "compound_branch", "private_firm", "social_org",
                       "property_company", "owners_committee", "party_group"}
CHILDREN: dict[str | None, set[str]] = {
    None: {"county_committee"},
    "county_committee": {"street_working_committee", "agency", "school", "hospital", "state_firm",
                         "private_firm", "social_org"},
    "street_working_committee": {"community_committee", "community_general_branch", *UNIT_TYPES},
    "community_committee": _COMMUNITY_CHILDREN,
    "community_general_branch": _COMMUNITY_CHILDREN,
    "grid_branch": {"party_group"},
    "compound_branch": {"party_group"},
    "owners_committee": {"party_group"},
    "party_group": set(),
    **{unit: {unit, "party_group"} for unit in UNIT_TYPES},
}


def may_sit_under(parent_type: str | None, child_type: str) -> bool:
    return child_type in CHILDREN.get(parent_type, set())


def level_of(org_type: str, requested: str | None) -> str | None:
    """The org's level, or None when ``requested`` does not fit the type."""
    if org_type in FIXED_LEVEL:
        fixed = FIXED_LEVEL[org_type]
        return fixed if requested in (None, fixed) else None
    level = requested or "branch"
    return level if level in UNIT_LEVELS else None
