"""GraphQL for territory and grids (grid service)."""
