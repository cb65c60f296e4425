"""GraphQL for volunteers, activities, the points ledger and the points store (volunteer service)."""
