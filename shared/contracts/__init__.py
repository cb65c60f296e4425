"""The typed contracts between services and with the gateway: one module per service."""
