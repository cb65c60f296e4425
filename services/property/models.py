"""Tables of the property service: so far only its outbox and inbox (domain tables come with its issue)."""
from shared.db import service_base
from shared.outbox import messaging_tables

Base = service_base()
outbox, inbox = messaging_tables(Base.metadata)
