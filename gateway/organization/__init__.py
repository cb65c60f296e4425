"""GraphQL for the party organization system (organization service)."""
