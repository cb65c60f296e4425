"""GraphQL for the seven-level roster (七级组织体系, grid service)."""
