"""The closed loop (闭环) as an explicit state machine: pure data and functions, no database.

reported → accepted (or rejected / merged) → [handling at a level] → escalated … → resolved →
verified → rated → archived; an unsatisfied rating (不满意) reopens the case at its level.
"""
from __future__ import annotations

from shared.contracts.dispatch import LEVELS, OPEN_STATUSES
from shared.errors import CivicError

# state → {action: next state}; ``rate`` goes to "accepted" instead when the rating is unsatisfied
TRANSITIONS: dict[str, dict[str, str]] = {
    "reported": {"accept": "accepted", "reject": "rejected", "merge": "merged"},
    "accepted": {"escalate": "escalated", "resolve": "resolved"},
    "escalated": {"escalate": "escalated", "resolve": "resolved"},
    "resolved": {"verify": "verified"},
    "verified": {"rate": "rated"},
    "rated": {"archive": "archived"},
    "rejected": {"archive": "archived"},
    "merged": {"archive": "archived"},
    "archived": {},
}

STATUS_ZH = {"reported": "已上报", "accepted": "已受理", "escalated": "已提级", "resolved": "已办结",
             "verified": "已核查", "rated": "已评议", "archived": "已归档", "rejected": "不予受理",
             "merged": "已合并"}
ACTION_ZH = {"report": "上报", "accept": "受理", "reject": "不予受理", "merge": "合并",
             "escalate": "提级", "resolve": "办结", "verify": "核查", "rate": "评议",
             "archive": "归档", "supervise": "督办"}
LEVEL_ZH = {"building": "楼栋", "grid": "网格", "community": "社区", "street": "街道"}


class IllegalTransition(CivicError):
    code = "ILLEGAL_TRANSITION"

    def __init__(self, status: str, action: str):
        allowed = sorted(TRANSITIONS.get(status, {}))
        allowed_en = ", ".join(allowed) or "none"
        allowed_zh = "、".join(ACTION_ZH[a] for a in allowed) or "无"
        super().__init__(
            f"cannot {action} a case that is {status}; allowed now: {allowed_en}",
            f"事件当前状态为“{STATUS_ZH.get(status, status)}”，不能{ACTION_ZH.get(action, action)}；"
            f"当前允许的操作：{allowed_zh}",
            field="caseId", details={"current": status, "action": action, "allowed": allowed})


class LevelRefused(CivicError):
    code = "ILLEGAL_TRANSITION"

    def __init__(self, current: str, wanted: str | None):
        if wanted is None:  # already at the top of the tiers
            super().__init__(
                f"the case is already handled at the {current} level; a street summons "
                "departments instead (whistle)",
                f"事件已在{LEVEL_ZH[current]}层级办理，无法再提级，请由街道吹哨、部门报到",
                field="toLevel", details={"current": current, "allowed": []})
            return
        higher = list(LEVELS[LEVELS.index(current) + 1:])
        super().__init__(
            f"escalation goes up: from {current} to one of {', '.join(higher)}, not {wanted}",
            f"只能向上提级：从{LEVEL_ZH[current]}提至{'、'.join(LEVEL_ZH[h] for h in higher)}，"
            f"不能提至{LEVEL_ZH[wanted]}",
            field="toLevel", details={"current": current, "allowed": higher})


def next_status(status: str, action: str, *, rating: str | None = None) -> str:
    """The state after ``action``, or :class:`IllegalTransition` naming the allowed ones."""
    target = TRANSITIONS.get(status, {}).get(action)
    if target is None:
        raise IllegalTransition(status, action)
    if action == "rate" and rating == "unsatisfied":
        return "accepted"  # 不满意: back to handling at the same level
    return target


def escalation_level(current: str, wanted: str | None) -> str:
    """One level up by default; any higher level when named; never down, never past street."""
    index = LEVELS.index(current)
    if wanted is None:
        if index + 1 >= len(LEVELS):
            raise LevelRefused(current, None)
        return LEVELS[index + 1]
    if LEVELS.index(wanted) <= index:
        raise LevelRefused(current, wanted)
    return wanted


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES


def crosses_open_boundary(before: str, after: str) -> str | None:
    """"closed" when the case leaves the open states, "reopened" when it comes back, else None."""
    if is_open(before) and not is_open(after):
        return "closed"
    if not is_open(before) and is_open(after):
        return "reopened"
    return None
