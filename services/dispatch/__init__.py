"""Case dispatch service (事件分拨): intake, the closed loop, escalation, deadlines, wishes."""
