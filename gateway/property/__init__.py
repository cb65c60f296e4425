"""GraphQL for property oversight (红色物业, property service)."""
