"""``python -m gateway``: serve the GraphQL gateway with uvicorn."""
import uvicorn

from shared.settings import SettingsError, get_settings
from shared.telemetry import configure_logging


def main() -> None:
    try:
        settings = get_settings()
    except SettingsError as exc:
        raise SystemExit(str(exc))
    configure_logging()
    uvicorn.run("gateway.app:create_app", factory=True, host=settings.gateway_host,
                port=settings.gateway_port, log_config=None, timeout_graceful_shutdown=10)


if __name__ == "__main__":
    main()
