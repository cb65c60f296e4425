"""RPC entrypoints of the org tree and its officers (rules: :mod:`tree`, :mod:`officers`)."""
from __future__ import annotations

from services.organization import officers, place_refs, tree
from services.organization.entrypoints import Entrypoints, parse_date
from shared.contracts.organization import DissolveOrgIn, MoveOrgIn, OfficerIn, OrgIn, RenameOrgIn
from shared.contracts.validation import parse_id, validate
from shared.errors import NotFound
from shared.nameko_ext import rpc


class TreeRpc(Entrypoints):
    # --- org tree ------------------------------------------------------------------------
    @rpc
    def create_org(self, org):
        data = validate(OrgIn, org)
        self._places(place_refs.require_org, data)
        return self._write(lambda s: tree.org_out(tree.create_org(s, self.outbox.record, data, self.actor)))

    @rpc
    def rename_org(self, rename):
        data = validate(RenameOrgIn, rename)
        return self._write(lambda s: tree.org_out(tree.rename_org(s, data, self.actor)))

    @rpc
    def move_org(self, move):
        data = validate(MoveOrgIn, move)
        return self._write(lambda s: tree.org_out(tree.move_org(s, self.outbox.record, data, self.actor)))

    @rpc
    def dissolve_org(self, dissolve):
        data = validate(DissolveOrgIn, dissolve)
        return self._write(lambda s: tree.org_out(
            tree.dissolve_org(s, self.outbox.record, data.org_id, data.reason, self.actor)))

    @rpc
    def org_tree(self, include_dissolved=False):
        return [tree.org_out(o) for o in tree.tree(self.db.session, self.principal, bool(include_dissolved))]

    @rpc
    def orgs_by_ids(self, ids):
        rows = tree.orgs_by_ids(self.db.session, self.principal, [parse_id(i, "ids") for i in ids])
        return [tree.org_out(o) for o in rows]

    @rpc
    def orgs_exist(self, ids):
        """The ids among ``ids`` that are party organizations of this county, dissolved ones too (the
        whole county, not the caller's scope): other services check an org id with this before
        they store it."""
        wanted = [parse_id(i, "ids") for i in ids[:500]] if isinstance(ids, list) else []
        return [str(i) for i in tree.existing_org_ids(self.db.session, wanted)]

    @rpc
    def org_history(self, org_id):
        org_id = parse_id(org_id, "orgId")
        if not tree.orgs_by_ids(self.db.session, self.principal, [org_id]):
            raise NotFound("party organization", "党组织", org_id, field="orgId")
        return tree.history(self.db.session, org_id)

    @rpc
    def appoint_officer(self, officer):
        data = validate(OfficerIn, officer)
        return self._write(lambda s: officers.officer_out(officers.appoint(s, data)))

    @rpc
    def end_officer_term(self, officer_id, term_end):
        officer_id, end = parse_id(officer_id, "officerId"), parse_date(term_end, "termEnd")
        return self._write(lambda s: officers.officer_out(officers.end_term(s, officer_id, end)))

    @rpc
    def officers_by_org(self, org_ids):
        ids = [parse_id(i, "orgIds") for i in org_ids]
        visible = {o.id for o in tree.orgs_by_ids(self.db.session, self.principal, ids)}
        return [officers.officer_out(r) for r in officers.officers_by_org(self.db.session, list(visible))]
