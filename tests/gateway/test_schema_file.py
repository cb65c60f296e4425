"""The committed schema.graphql is the served schema: API changes show up in review."""
from gateway.schema import SDL_PATH, schema


def test_committed_schema_is_current():
    assert SDL_PATH.read_text(encoding="utf-8").strip() == schema.as_str().strip(), \
        "gateway/schema.graphql is stale: run `make schema` and commit it"
