"""The GraphQL gateway: one schema per county tenant over the five services."""
