"""GraphQL for cadres sunk into grids and emergency activation (一键启动, grid service)."""
