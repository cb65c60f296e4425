"""GraphQL for the residents registry (居民信息台账, grid service)."""
