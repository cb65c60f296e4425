"""RPC entrypoints for the points store (积分超市)."""
from __future__ import annotations

from services.volunteer import people, store
from services.volunteer.entrypoints import MANAGERS, Entrypoints
from shared import keyset
from shared.contracts.validation import parse_id, validate
from shared.contracts.volunteer import StoreItemIn
from shared.nameko_ext import rpc


class StoreEntrypoints(Entrypoints):
    @rpc
    def create_store_item(self, item):
        data = validate(StoreItemIn, item)
        return self._write(lambda s: store.item_out(store.create_item(s, data)))

    @rpc
    def list_store_items(self, limit=None, after=None):
        """积分超市, cheapest first; with ``limit``, a page by price, name and id after the cursor
        ``after`` (``<price>|<name>|<id>``)."""
        if limit is None:
            return [store.item_out(i) for i in store.list_items(self.db.session)]
        cursor = keyset.number_name_cursor(after)
        if cursor is not None and not cursor[0].is_integer():
            raise keyset.bad_cursor()
        rows = store.items_page(self.db.session, limit=keyset.limit_of(limit),
                                after=(int(cursor[0]), cursor[1], cursor[2]) if cursor else None)
        return [store.item_out(i) for i in rows]

    @rpc
    def redeem(self, volunteer_id, item_id):
        ids = parse_id(volunteer_id, "volunteerId"), parse_id(item_id, "itemId")
        today = self._today()

        def work(session):
            people.ensure_acting_for(session, self.principal, ids[0], MANAGERS)
            return store.redemption_out(store.redeem(session, *ids, today))
        return self._write(work, manager=False)

    @rpc
    def confirm_pickup(self, redemption_id):
        ident = parse_id(redemption_id, "redemptionId")
        return self._write(lambda s: store.redemption_out(store.confirm_pickup(s, ident)))

    @rpc
    def cancel_redemption(self, redemption_id):
        ident = parse_id(redemption_id, "redemptionId")
        today = self._today()

        def work(session):
            people.ensure_acting_for(session, self.principal, store.owner_of(session, ident), MANAGERS)
            return store.redemption_out(store.cancel(session, ident, today))
        return self._write(work, manager=False)

    @rpc
    def redemptions(self, volunteer_ids):
        session = self.db.session
        ids = people.visible_ids(session, self.principal, [parse_id(i, "volunteerIds") for i in volunteer_ids])
        rows = store.redemptions_of(session, ids)
        return [store.redemption_out(r) for r in rows]
