"""Common code of CivicGrid's services and gateway: settings, tenancy, persistence, events, errors."""
