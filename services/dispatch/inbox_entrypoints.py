"""Entrypoints of the notification inbox (消息中心), mixed into the service: a person's notices
and marking them read. The notices themselves are written by the steps (see notifications.py)."""
from __future__ import annotations

from services.dispatch import notifications
from shared.nameko_ext import rpc


class InboxEntrypoints:
    @rpc
    def my_notifications(self, limit=50, after=None, unread_only=False):
        """The caller's notices, newest first (cursor ``<created_at>|<id>``)."""
        rows = notifications.inbox(self.db.session, self.principal, limit, after, bool(unread_only))
        return [notifications.out(row, read_at) for row, read_at in rows]

    @rpc
    def mark_notifications_read(self, ids):
        """已读: the notices marked, and how many of the caller's remain unread."""
        session = self.db.session
        with session.begin():
            rows = notifications.mark_read(session, self.principal, ids)
            return {"notifications": [notifications.out(row, read_at) for row, read_at in rows],
                    "unread": notifications.unread_count(session, self.principal)}
