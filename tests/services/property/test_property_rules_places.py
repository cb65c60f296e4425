"""The data scope of property: what street, community and grid callers see, over remembered places."""
import uuid

import sqlalchemy as sa

from services.property import companies, management, places
from services.property.models import Company, CompoundMode
from shared.contracts.property import CompanyIn, CompoundModeIn


def place(street, community, name):
    return {"id": str(uuid.uuid4()), "name": name, "street_id": str(street), "community_id": str(community)}


def test_scope_over_remembered_places(session):
    street, here, there = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    a, b = place(street, here, "仁和小区"), place(street, there, "滨湖花园")
    places.remember(session, {uuid.UUID(c["id"]): c for c in (a, b)})
    places.remember(session, {uuid.UUID(a["id"]): {**a, "name": "仁和新村"}})  # refreshed, not duplicated
    firm = companies.register(session, CompanyIn(name="金鼎物业", credit_code="91350100M000100Y43",
                                                 contact_name="王", contact_phone="13905501234"))
    other = companies.register(session, CompanyIn(name="同心物业", credit_code="91110000802100433B",
                                                  contact_name="李", contact_phone="13905501234"))
    for compound, company in ((a, firm), (b, other)):
        management.set_mode(session, CompoundModeIn(compound_id=compound["id"], compound_name=compound["name"],
                                                    mode="company", company_id=company.id))
    assert places.name_of(session, uuid.UUID(a["id"])) == "仁和新村"

    def seen(visible):
        modes = session.scalars(sa.select(CompoundMode.compound_id).where(visible.compound(CompoundMode.compound_id)))
        firms = session.scalars(sa.select(Company.name).where(visible.company(Company.id)).order_by(Company.name))
        return {str(m) for m in modes}, list(firms)

    assert seen(places.Visibility()) == ({a["id"], b["id"]}, ["同心物业", "金鼎物业"])
    assert seen(places.Visibility("street", street)) == ({a["id"], b["id"]}, ["同心物业", "金鼎物业"])
    assert seen(places.Visibility("community", here)) == ({a["id"]}, ["金鼎物业"])
    assert seen(places.Visibility("grid", uuid.uuid4(), frozenset({uuid.UUID(b["id"])}))) == ({b["id"]}, ["同心物业"])
    assert seen(places.Visibility("community", uuid.uuid4())) == (set(), [])
    assert [c.name for c in companies.listed(session, places.Visibility(), community_id=there)] == ["同心物业"]
