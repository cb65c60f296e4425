"""Dispatch cases a property write names (the cases a three-party meeting discussed and settled):
checked with the dispatch service before the ids are stored, so no row names a case of another
county or one that does not exist.

Dispatch has no batched lookup by id, so each distinct case is asked for with ``get_case``, called
with the caller's principal: a case outside the caller's data scope is as unknown as one that does
not exist. ``MAX_LOOKUPS`` bounds the calls one write may make.
"""
from __future__ import annotations

import uuid

from shared import remote
from shared.errors import NotFound, ValidationFailed

MAX_LOOKUPS = 101  # a meeting's 100 discussed cases and the first settled one not among them

Refs = tuple[list[uuid.UUID], str]  # (case ids, the input field they came from)


def require(dispatch_proxy, refs: list[Refs]) -> None:
    """Every case named must be one dispatch shows the caller; refuses the first unknown one with
    ``NOT_FOUND`` naming the field that first named it."""
    wanted: dict[uuid.UUID, str] = {}
    for ids, field in refs:
        for ident in ids:
            wanted.setdefault(uuid.UUID(str(ident)), field)
    if len(wanted) > MAX_LOOKUPS:
        field = list(wanted.values())[MAX_LOOKUPS]
        raise ValidationFailed([{"field": field, "message": f"{field}: at most {MAX_LOOKUPS} cases in all",
                                 "message_zh": f"{field}：事件合计不得超过 {MAX_LOOKUPS} 个"}])
    for ident, field in wanted.items():
        try:
            remote.call(dispatch_proxy, "dispatch", "get_case", str(ident))
        except NotFound:
            raise NotFound("case", "事件", ident, field=field) from None
