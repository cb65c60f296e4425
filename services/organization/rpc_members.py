"""RPC entrypoints of the member roster, dual registration and service records
(rules: :mod:`roster`, :mod:`dual`, :mod:`service_records`)."""
from __future__ import annotations

from services.organization import dual, place_refs, roster, service_records, tree
from services.organization.entrypoints import Entrypoints, parse_year
from shared import keyset
from shared.contracts.organization import (
    MemberIn,
    PairingIn,
    RegistrationIn,
    RevealIn,
    TransferIn,
)
from shared.contracts.validation import parse_id, validate
from shared.errors import NotFound, ValidationFailed
from shared.nameko_ext import rpc


class MemberRpc(Entrypoints):
    # --- party members ---------------------------------------------------------------------
    @rpc
    def add_member(self, member):
        data = validate(MemberIn, member)
        self._places(place_refs.require_member, data)
        return self._write(lambda s: roster.member_out(roster.add_member(s, data)))

    @rpc
    def list_members(self, org_id=None, limit=50, after=None, order="id"):
        """党员名册 in scope: by id (``after`` an id), or with ``order="name"`` by name then id
        (``after`` a ``<name>|<id>`` cursor, ``limit`` ≤ 101)."""
        org = parse_id(org_id, "orgId") if org_id else None
        if order == "name":
            rows = roster.members_by_name(self.db.session, self.principal, org_id=org,
                                          limit=keyset.limit_of(limit), after=keyset.name_cursor(after))
            return [roster.member_out(m) for m in rows]
        limit = max(1, min(int(limit), 200))
        rows = roster.list_members(self.db.session, self.principal, org_id=org, limit=limit,
                                   after=parse_id(after, "after") if after else None)
        return [roster.member_out(m) for m in rows]

    @rpc
    def members_exist(self, ids):
        """The ids among ``ids`` that are party members of this county (the whole county, no
        personal data): other services check a member id with this before they store it."""
        wanted = [parse_id(i, "ids") for i in ids[:500]] if isinstance(ids, list) else []
        return [str(i) for i in roster.existing_member_ids(self.db.session, wanted)]

    @rpc
    def find_member(self, id_number):
        if not isinstance(id_number, str) or not 15 <= len(id_number.strip()) <= 18:
            raise ValidationFailed([{"field": "idNumber", "message": "idNumber: not an ID-card number",
                                     "message_zh": "idNumber：不是有效的身份证号"}])
        row = roster.find_by_id_number(self.db.session, self.principal, id_number)
        return roster.member_out(row) if row else None

    @rpc
    def reveal_member(self, reveal):
        """Unmasked personal data: county admins only, and every read is audited."""
        data = validate(RevealIn, reveal)
        return self._write(lambda s: roster.reveal(s, self.principal, data.member_id, data.reason))

    @rpc
    def transfer_member(self, transfer):
        data = validate(TransferIn, transfer)
        return self._write(lambda s: roster.transfer_out(
            roster.transfer(s, self.outbox.record, self.principal, data, self.actor)))

    @rpc
    def member_transfers(self, member_id):
        member = roster.get_member(self.db.session, self.principal, parse_id(member_id, "memberId"), "memberId")
        return [roster.transfer_out(t) for t in roster.transfers(self.db.session, member.id)]

    # --- dual registration (双报到) ----------------------------------------------------------
    @rpc
    def register_with_community(self, registration):
        data = validate(RegistrationIn, registration)
        self._places(place_refs.require_community, data)
        return self._write(lambda s: dual.registration_out(
            dual.register_member(s, self.outbox.record, self.principal, data)))

    @rpc
    def pair_unit(self, pairing):
        data = validate(PairingIn, pairing)
        self._places(place_refs.require_community, data)
        return self._write(lambda s: dual.registration_out(dual.pair_unit(s, data)))

    @rpc
    def registrations(self, community_id=None, member_id=None, org_id=None, limit=None, after=None):
        """双报到 in scope, oldest first; with ``limit``, a page newest first after the cursor
        ``after`` (``<registered_at>|<id>``)."""
        rows = dual.registrations(
            self.db.session, self.principal,
            community_id=parse_id(community_id, "communityId") if community_id else None,
            member_id=parse_id(member_id, "memberId") if member_id else None,
            org_id=parse_id(org_id, "orgId") if org_id else None,
            limit=None if limit is None else keyset.limit_of(limit), after=keyset.time_cursor(after))
        return [dual.registration_out(r) for r in rows]

    # --- service records and the per-unit report ------------------------------------------------
    @rpc
    def service_records(self, member_id, limit=None, after=None):
        """A member's service records, oldest first; with ``limit``, a page newest first after the
        cursor ``after`` (``<at>|<id>``)."""
        member = roster.get_member(self.db.session, self.principal, parse_id(member_id, "memberId"), "memberId")
        if limit is None:
            rows = service_records.records_of(self.db.session, member.id)
        else:
            rows = service_records.records_page(self.db.session, member.id, limit=keyset.limit_of(limit),
                                                after=keyset.time_cursor(after))
        return [service_records.record_out(r) for r in rows]

    @rpc
    def unit_report(self, org_id, year):
        org_id, year = parse_id(org_id, "orgId"), parse_year(year)
        if not tree.orgs_by_ids(self.db.session, self.principal, [org_id]):
            raise NotFound("party organization", "党组织", org_id, field="orgId")
        return service_records.unit_report(self.db.session, self.principal, org_id, year)
