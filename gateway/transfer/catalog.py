"""Every sheet the platform offers, gathered from the domains (one line per domain module)."""
from __future__ import annotations

from gateway.transfer.specs import ExportSpec, ImportSpec

# each module defines EXPORTS: list[ExportSpec] and/or IMPORTS: list[ImportSpec]
DOMAIN_MODULES: list[str] = [
    "gateway.residents.transfers",
    "gateway.territory.transfers",
    "gateway.roster.transfers",
    "gateway.property.transfers",
    "gateway.volunteer.transfers",
    "gateway.organization.transfers",
]


def _load() -> tuple[dict[str, ExportSpec], dict[str, ImportSpec]]:
    import importlib

    exports: dict[str, ExportSpec] = {}
    imports: dict[str, ImportSpec] = {}
    for name in DOMAIN_MODULES:
        module = importlib.import_module(name)
        for spec in getattr(module, "EXPORTS", []):
            assert spec.name not in exports, f"export {spec.name} declared twice"
            exports[spec.name] = spec
        for spec in getattr(module, "IMPORTS", []):
            assert spec.name not in imports, f"import {spec.name} declared twice"
            imports[spec.name] = spec
    return exports, imports


EXPORTS, IMPORTS = _load()
