"""Print the gateway's schema as SDL (``make schema`` writes it to gateway/schema.graphql)."""
from gateway.schema import schema

if __name__ == "__main__":
    print(schema.as_str())
