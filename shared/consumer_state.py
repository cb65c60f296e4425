"""Whether each nameko AMQP consumer of a container is connected and consuming (readiness, issue 10).

nameko's consumers (the RPC consumer, event handlers, the reply consumer of ``ServiceRpc``) are all
:class:`nameko.amqp.consume.Consumer`, a kombu ``ConsumerMixin`` whose ``run()`` retries forever:
with the broker down, its vhost deleted or its credentials revoked the container stays "started"
and nothing else in the process notices. :func:`track` wraps two methods of that one base class
(so every subclass and every instance is covered, whoever created it):

* ``on_consume_ready`` — kombu calls it once the consumers are declared on a fresh connection:
  the consumer is consuming;
* ``consume`` — the generator ``run()`` iterates while connected: whenever it ends (connection
  lost, a refused connection, a failed queue declaration, a stop) the consumer is not consuming.

``on_connection_error`` alone would not do: kombu calls it only for *recoverable* errors of
``ensure_connection`` (refused, reset); a revoked login (``AccessRefused``) or a deleted vhost
(``NotAllowed``) escape it and ``run()`` just logs and loops, so only the end of ``consume`` sees
every case. Subclassing would mean replacing ``consumer_cls`` on three nameko classes (and ours):
patching the shared base is smaller. A consumer counts as disconnected until its first
``on_consume_ready``; ``shared.runner`` calls :func:`track` before the containers start.
"""
from __future__ import annotations

import functools

from nameko.amqp.consume import Consumer

ATTR = "civicgrid_consuming"


def track() -> None:
    """Record on every nameko consumer whether it is consuming (idempotent)."""
    if getattr(Consumer, "_civicgrid_tracked", False):
        return
    ready, consume = Consumer.on_consume_ready, Consumer.consume

    @functools.wraps(ready)
    def on_consume_ready(self, *args, **kwargs):
        setattr(self, ATTR, True)
        return ready(self, *args, **kwargs)

    @functools.wraps(consume)
    def tracked_consume(self, *args, **kwargs):
        try:
            yield from consume(self, *args, **kwargs)
        finally:
            setattr(self, ATTR, False)

    setattr(Consumer, ATTR, False)
    Consumer.on_consume_ready = on_consume_ready
    Consumer.consume = tracked_consume
    Consumer._civicgrid_tracked = True


def disconnected(container) -> list:
    """The consumers of ``container`` (entrypoints, dependencies, shared extensions) that are not
    consuming now; empty when :func:`track` was never called."""
    if not getattr(Consumer, "_civicgrid_tracked", False):
        return []
    found = {id(c): c for c in (getattr(e, "consumer", None) for e in container.extensions)
             if isinstance(c, Consumer)}
    return [c for c in found.values() if not getattr(c, ATTR)]
