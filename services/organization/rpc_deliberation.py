"""RPC entrypoints of deliberation (协商议事; rules: :mod:`deliberation`). Community and street staff
run deliberations in their own scope; county admins anywhere."""
from __future__ import annotations

from services.organization import deliberation, tree
from services.organization.entrypoints import Entrypoints
from shared.contracts.organization import AdvanceIn, DeliberationPageIn, TopicIn
from shared.contracts.validation import parse_id, validate
from shared.errors import NotFound
from shared.nameko_ext import rpc

DELIBERATORS = ("county_admin", "street_staff", "community_staff")


class DeliberationRpc(Entrypoints):
    def _out(self, session, rows):
        steps = deliberation.steps_of(session, [r.id for r in rows])
        return [deliberation.deliberation_out(r, steps[r.id]) for r in rows]

    @rpc
    def collect_topic(self, topic):
        data = validate(TopicIn, topic)

        def work(session):
            if not tree.orgs_by_ids(session, self.principal, [data.org_id]):
                raise NotFound("party organization", "党组织", data.org_id, field="orgId")
            return self._out(session, [deliberation.collect(session, data, self.actor)])[0]
        return self._write(work, roles=DELIBERATORS)

    @rpc
    def advance_deliberation(self, advance):
        data = validate(AdvanceIn, advance)
        return self._write(lambda s: self._out(s, [deliberation.advance(s, self.principal, data, self.actor)])[0],
                           roles=DELIBERATORS)

    @rpc
    def get_deliberation(self, deliberation_id):
        session = self.db.session
        row = deliberation.get(session, self.principal, parse_id(deliberation_id, "deliberationId"))
        return self._out(session, [row])[0]

    @rpc
    def list_deliberations(self, org_id=None, limit=50):
        session = self.db.session
        rows = deliberation.listing(session, self.principal, parse_id(org_id, "orgId") if org_id else None,
                                    max(1, min(int(limit), 100)))
        return self._out(session, rows)

    @rpc
    def deliberation_page(self, query):
        """协商议事 by id, of one org, at one step, adopted or not; cursor: the last id."""
        data = validate(DeliberationPageIn, query)
        session = self.db.session
        rows = deliberation.listing(session, self.principal, data.org_id, data.limit, after=data.after,
                                    step=data.step, adopted=data.adopted)
        return self._out(session, rows)
