"""The case.reported consumer on SQLite (make run's database): the grid's compound id arrives as
text in the contract dict and must be a UUID before it reaches a query."""
import uuid
from unittest import mock

import sqlalchemy as sa
from nameko.testing.services import worker_factory

from services.property.oversight_models import PropertyCase
from services.property.service import PropertyService
from shared.db import TenantDb, make_engine, tenant_sessionmaker
from shared.migrate import upgrade


def test_case_reported_is_counted_with_its_compound_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'property.sqlite'}"
    upgrade("property", url)
    engine = make_engine(url)
    db = TenantDb(tenant_sessionmaker(engine), "341181")
    compound, grid = uuid.uuid4(), uuid.uuid4()
    service = worker_factory(PropertyService, db=db, event_id=str(uuid.uuid4()))
    service.grid.get_grid = mock.Mock(return_value={"id": str(grid), "compound_id": str(compound)})
    case = uuid.uuid4()
    service.on_case_reported({"case_id": str(case), "grid_id": str(grid), "category": "property",
                              "reported_at": "2026-11-24T08:00:00+00:00"})
    row = db.session.scalar(sa.select(PropertyCase).where(PropertyCase.case_id == case))
    assert row is not None and row.compound_id == compound
    db.close()
    engine.dispose()
