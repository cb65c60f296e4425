"""Start nameko services from our own code: ``python -m shared.runner grid [dispatch ...]``.

Avoids the nameko CLI (it imports pkg_resources). Arguments are service names or
``module:Class`` paths. SIGTERM/SIGINT stop the services gracefully: consumers stop, running
workers get CIVICGRID_SHUTDOWN_SECONDS (45) to finish, then they are killed and their messages,
never acknowledged, are redelivered. With CIVICGRID_METRICS_PORT set, /metrics, /healthz and
/readyz are served on that port (:mod:`shared.health`).

A service whose nameko container dies while the process is not stopping (nameko kills a container
when one of its consumers or other managed threads raises) makes the process stop the others and
exit with status 70 (``EXIT_DIED``) after one ERROR line naming the service, so that the
orchestrator starts it again; the probes fail meanwhile.

An expected refusal of a worker (a :class:`~shared.errors.CivicError` such as ``NOT_FOUND``) is
logged at INFO with its code, never its message: messages may repeat what the caller typed.
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

from shared import consumer_state, health, metrics  # noqa: E402
from shared.settings import SERVICES, SettingsError, get_settings  # noqa: E402
from shared.telemetry import bind_log_context, configure_logging, configure_tracing  # noqa: E402

log = logging.getLogger("civicgrid.runner")
EXIT_DIED = 70  # EX_SOFTWARE: a container died; the orchestrator restarts the process

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


class QuietExpected(logging.Filter):
    """nameko logs a worker's expected exception at WARNING with its text and traceback
    (``(expected) error handling worker <ctx>: company <what the caller typed> does not exist``):
    keep the worker and the error's code, at INFO, and drop the text."""

    MESSAGE = "(expected) error handling worker %s: %s"

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == self.MESSAGE and isinstance(record.args, tuple) and len(record.args) == 2:
            worker, exc = record.args
            record.msg = "(expected) worker %s refused: %s"
            record.args = (worker, getattr(exc, "code", None) or type(exc).__name__)
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


def main(argv: list[str]) -> int:
    if not argv:
        raise SystemExit("usage: python -m shared.runner SERVICE [SERVICE ...]")
    try:
        settings = get_settings()
        port, drain = health.metrics_port(), health.shutdown_seconds()
    except (SettingsError, ValueError) as exc:
        raise SystemExit(str(exc))
    configure_logging()
    logging.getLogger("nameko.containers").addFilter(QuietExpected())
    classes = [resolve(t) for t in argv]
    configure_tracing("civicgrid-" + "+".join(c.name for c in classes))
    config.update({"AMQP_URI": settings.amqp_uri, "max_workers": 20, "HEARTBEAT": 30})
    consumer_state.track()  # before the consumers connect: /readyz needs each one consuming
    runner = ServiceRunner()
    for cls in classes:
        runner.add_service(cls)
    state = health.ProcessState(runner)
    if port:  # before start: live while it waits for the broker, ready once consuming
        health.serve_probes(port, state)

    stopping = eventlet.event.Event()

    def _stop(signum, _frame):
        if not stopping.ready():
            stopping.send(signum)

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    runner.start()
    if port:
        for container in runner.containers:
            metrics.watch_container(container, settings.amqp_uri)
    state.started = True

    def _died(_service, _reason):
        if not stopping.ready():
            stopping.send("died")

    health.watch_containers(state, _died)
    log.info("started %s", ", ".join(c.name for c in classes))
    print("ready: " + " ".join(c.name for c in classes), flush=True)
    stopping.wait()
    state.stopping = True
    if state.dead:
        for service, reason in state.dead.items():
            bind_log_context(service=service)
            log.error("service %s died (%s) while the process was not stopping; exiting with status %d "
                      "so that it is restarted", service, reason, EXIT_DIED)
        stop(runner, drain)  # the others stop as on SIGTERM; the dead ones are already stopped
        return EXIT_DIED
    stop(runner, drain)
    return 0


def stop(runner: ServiceRunner, drain: float) -> None:
    """Stop consuming and let running workers finish for ``drain`` seconds, then kill them: their
    messages were never acknowledged, so the broker hands them to another replica."""
    stopped = False
    with eventlet.Timeout(drain, False):
        runner.stop()
        stopped = True
    if not stopped:
        log.warning("workers still running after %.0fs; killing them (their messages are redelivered)",
                    drain)
        runner.kill()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
