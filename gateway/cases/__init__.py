"""GraphQL for cases (dispatch service)."""
