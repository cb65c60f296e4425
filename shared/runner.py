"""Start nameko services from our own code: ``python -m shared.runner grid [dispatch ...]``.

Avoids the nameko CLI (it imports pkg_resources). Arguments are service names or
``module:Class`` paths. SIGTERM/SIGINT stop the services gracefully (running workers finish).
"""
import os
import warnings

# eventlet announces its deprecation on import; nameko 3 has no other runtime (ARCHITECTURE.md)
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

# psycopg must wait through select() so eventlet can switch green threads during queries
os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")

import eventlet  # noqa: E402

eventlet.monkey_patch()

import importlib  # noqa: E402
import logging  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402

from nameko import config  # noqa: E402
from nameko.runners import ServiceRunner  # noqa: E402

from shared.settings import SERVICES, SettingsError, get_settings  # noqa: E402
from shared.telemetry import configure_logging, configure_tracing  # noqa: E402

CLASS_NAMES = {name: f"{name.capitalize()}Service" for name in SERVICES}


def resolve(target: str) -> type:
    if ":" in target:
        module, cls = target.split(":", 1)
    elif target in CLASS_NAMES:
        module, cls = f"services.{target}.service", CLASS_NAMES[target]
    else:
        raise SystemExit(f"unknown service {target!r}; expected one of {', '.join(SERVICES)} "
                         "or module:Class")
    return getattr(importlib.import_module(module), cls)


def main(argv: list[str]) -> int:
    if not argv:
        raise SystemExit("usage: python -m shared.runner SERVICE [SERVICE ...]")
    try:
        settings = get_settings()
    except SettingsError as exc:
        raise SystemExit(str(exc))
    configure_logging()
    classes = [resolve(t) for t in argv]
    configure_tracing("civicgrid-" + "+".join(c.name for c in classes))
    config.update({"AMQP_URI": settings.amqp_uri, "max_workers": 20, "HEARTBEAT": 30})
    runner = ServiceRunner()
    for cls in classes:
        runner.add_service(cls)

    stopping = eventlet.event.Event()

    def _stop(signum, _frame):
        if not stopping.ready():
            stopping.send(signum)

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    runner.start()
    logging.getLogger("civicgrid.runner").info("started %s", ", ".join(c.name for c in classes))
    print("ready: " + " ".join(c.name for c in classes), flush=True)
    stopping.wait()
    runner.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
