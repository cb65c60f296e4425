"""Organization service (党组织): the party organization system of a county."""
