"""Static checks of docker-compose.yml and the files it mounts.

No Docker engine runs on the development machines, so the compose file is validated here: its
structure, the files it references, and that its environment passes CivicGrid's own settings
validation. `docker compose config -q` runs too where the compose plugin is installed.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from shared.settings import SERVICES, Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
NAMEKO_SERVICES = ("organization", "grid", "dispatch", "volunteer", "property")
APP_SERVICES = (*NAMEKO_SERVICES, "gateway", "migrate")
ALLOWED_CONDITIONS = {"service_healthy", "service_completed_successfully"}


def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def services() -> dict:
    return compose()["services"]


def command_text(service: dict) -> str:
    cmd = service.get("command", "")
    return " ".join(cmd) if isinstance(cmd, list) else str(cmd)


def bind_mounts(service: dict) -> list[tuple[str, str]]:
    """(host path, container path) of the service's bind mounts (short syntax)."""
    out = []
    for volume in service.get("volumes", []):
        source, target = volume.split(":")[:2]
        if source.startswith(("./", "../", "/")):
            out.append((source, target))
    return out


_DEFAULT = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}")


def resolve_defaults(value: str) -> str:
    """Apply compose's `${VAR:-default}` interpolation as if no variable were set."""
    return _DEFAULT.sub(lambda m: m.group(2) or "", value)


def test_shared_service_list_matches_compose():
    assert tuple(SERVICES) == NAMEKO_SERVICES


def test_depends_on_targets_exist():
    svc = services()
    for name, service in svc.items():
        for target in service.get("depends_on", {}):
            assert target in svc, f"{name} depends on unknown service {target!r}"


def test_app_services_exist_and_share_one_image():
    svc = services()
    missing = [name for name in APP_SERVICES if name not in svc]
    assert not missing, f"missing compose services: {missing}"
    builds = {json.dumps(svc[name].get("build"), sort_keys=True) for name in APP_SERVICES}
    images = {svc[name].get("image") for name in APP_SERVICES}
    assert len(builds) == 1 and len(images) == 1, (builds, images)
    build = svc["gateway"]["build"]
    assert isinstance(build, dict) and build, "gateway must be built from the repository"
    context = ROOT / build.get("context", ".")
    assert (context / build.get("dockerfile", "Dockerfile")).is_file()


def test_process_commands():
    svc = services()
    for name in NAMEKO_SERVICES:
        assert command_text(svc[name]) == f"python -m shared.runner {name}"
    assert command_text(svc["gateway"]) == "python -m gateway"
    migrate = command_text(svc["migrate"])
    assert "python -m shared.migrate $$s" in migrate, "the loop variable must be escaped as $$s"
    assert "|| exit 1" in migrate
    loop = re.search(r"for s in ([a-z ]+); do", migrate)
    assert loop and tuple(loop.group(1).split()) == NAMEKO_SERVICES


def test_no_unescaped_dollar_in_compose():
    # `$name` is interpolated by compose (to "" when unset); shell variables need `$$name`.
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    bare = [
        m.group(0)
        for m in re.finditer(r"\$(\$|\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)", text)
        if m.group(1)[0] not in "${"
    ]
    assert not bare, f"unescaped compose interpolation: {bare}"


def test_healthchecks():
    svc = services()
    checks = {}
    for name in ("rabbitmq", "postgres", "gateway"):
        health = svc[name].get("healthcheck")
        assert health and health.get("test"), f"{name} has no healthcheck"
        assert health["test"][0] in ("CMD", "CMD-SHELL")
        checks[name] = " ".join(health["test"][1:])
    assert "rabbitmq-diagnostics" in checks["rabbitmq"] and "ping" in checks["rabbitmq"]
    assert checks["postgres"].startswith("pg_isready")
    # Over TCP, or it reports ready while the entrypoint's socket-only init server runs.
    assert "-h 127.0.0.1" in checks["postgres"] or "-h localhost" in checks["postgres"]
    port = svc["gateway"]["environment"]["CIVICGRID_GATEWAY_PORT"]
    assert f"127.0.0.1:{port}/healthz" in checks["gateway"]
    for name in NAMEKO_SERVICES:  # readiness from shared.health on the metrics port
        env = svc[name]["environment"]
        check = " ".join(svc[name]["healthcheck"]["test"][1:])
        assert f"127.0.0.1:{env['CIVICGRID_METRICS_PORT']}/readyz" in check, name
        assert env["CIVICGRID_METRICS_HOST"] == "0.0.0.0", "Prometheus scrapes from another container"


def test_nameko_services_outlast_their_drain_on_stop():
    for name in NAMEKO_SERVICES:
        service = services()[name]
        grace = int(str(service["stop_grace_period"]).rstrip("s"))
        assert grace >= float(service["environment"]["CIVICGRID_SHUTDOWN_SECONDS"]) + 10, name


def test_depends_on_conditions():
    svc = services()
    for name, service in svc.items():
        deps = service.get("depends_on", {})
        assert isinstance(deps, dict), f"{name}: use the long depends_on form with conditions"
        for target, spec in deps.items():
            condition = spec.get("condition")
            assert condition in ALLOWED_CONDITIONS, f"{name} -> {target}: {condition!r}"
            if condition == "service_healthy":
                assert "healthcheck" in svc[target], f"{name} waits for {target} health it never reports"
            else:
                assert str(svc[target].get("restart", "no")) == "no", f"{target} is not a one-shot"
    for name in NAMEKO_SERVICES:
        deps = svc[name]["depends_on"]
        assert deps["rabbitmq"]["condition"] == "service_healthy"
        assert deps["migrate"]["condition"] == "service_completed_successfully"
    assert svc["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert svc["gateway"]["depends_on"]["rabbitmq"]["condition"] == "service_healthy"


def test_nameko_services_scale_independently():
    svc = services()
    for name in (*NAMEKO_SERVICES, "migrate"):
        assert "container_name" not in svc[name], name
        assert "ports" not in svc[name], f"{name} publishes host ports, so it cannot scale"
    for name, service in svc.items():
        assert "container_name" not in service, name


def test_published_ports():
    svc = services()
    published = {name: [str(p) for p in s.get("ports", [])] for name, s in svc.items()}
    assert "8000:8000" in published["gateway"]
    assert "15672:15672" in published["rabbitmq"]
    assert "16686:16686" in published["jaeger"]
    assert "9090:9090" in published["prometheus"] and "3000:3000" in published["grafana"]
    assert not published["postgres"] and "5672:5672" not in published["rabbitmq"]


def test_mounted_files_exist():
    for name, service in services().items():
        for source, _ in bind_mounts(service):
            assert (ROOT / source).exists(), f"{name} mounts missing {source}"


def test_expected_mounts():
    svc = services()
    pg = dict(bind_mounts(svc["postgres"]))
    assert any(t.startswith("/docker-entrypoint-initdb.d/") for s, t in pg.items() if s.endswith("postgres/init.sql"))
    rmq = dict(bind_mounts(svc["rabbitmq"]))
    topology_target = rmq["./deploy/rabbitmq/definitions.json"]
    users_target = rmq["./deploy/rabbitmq/demo-users.json"]
    assert rmq["./deploy/rabbitmq/enabled_plugins"] == "/etc/rabbitmq/enabled_plugins"
    conf_target = rmq["./deploy/rabbitmq/rabbitmq.conf"]
    assert conf_target == "/etc/rabbitmq/rabbitmq.conf" or re.fullmatch(r"/etc/rabbitmq/conf\.d/[\w.-]+\.conf", conf_target)
    # rabbitmq.conf loads the directory where compose mounts the topology and the demo users.
    conf = (ROOT / "deploy/rabbitmq/rabbitmq.conf").read_text(encoding="utf-8")
    loads = re.findall(r"^\s*load_definitions\s*=\s*(\S+)\s*$", conf, re.MULTILINE)
    assert len(loads) == 1 and loads[0].endswith("/")
    for target in (topology_target, users_target):
        assert target.startswith(loads[0]) and target.endswith(".json") and "/" not in target[len(loads[0]):]
    otel = dict(bind_mounts(svc["otel-collector"]))
    config_target = otel["./deploy/otel/collector.yaml"]
    assert f"--config={config_target}" in command_text(svc["otel-collector"])


def test_enabled_plugins():
    text = (ROOT / "deploy/rabbitmq/enabled_plugins").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"\[([a-z_,\s]*)\]\.", text)
    assert match, f"not an Erlang list term: {text!r}"
    plugins = {p.strip() for p in match.group(1).split(",")}
    assert {"rabbitmq_management", "rabbitmq_prometheus"} <= plugins


def test_collector_config():
    config = yaml.safe_load((ROOT / "deploy/otel/collector.yaml").read_text(encoding="utf-8"))
    otlp = config["receivers"]["otlp"]["protocols"]
    # Reachable from other containers (recent collectors default to localhost).
    assert otlp["grpc"]["endpoint"].startswith("0.0.0.0:")
    assert otlp["http"]["endpoint"] == "0.0.0.0:4318"
    traces = config["service"]["pipelines"]["traces"]
    assert "otlp" in traces["receivers"]
    for kind in ("receivers", "processors", "exporters"):
        for component in traces.get(kind, []):
            assert component in config[kind], f"pipeline uses undefined {kind[:-1]} {component}"
    exporters = {e: config["exporters"][e] for e in traces["exporters"]}
    assert "debug" in exporters
    assert any(e.split("/")[0] == "otlp" and (v or {}).get("endpoint") == "jaeger:4317" for e, v in exporters.items())
    for extension in config["service"].get("extensions", []):
        assert extension in config["extensions"]


def test_collector_reaches_jaeger_and_apps_reach_collector():
    svc = services()
    assert str(svc["jaeger"]["environment"]["COLLECTOR_OTLP_ENABLED"]).lower() == "true"
    endpoint = compose()["x-civicgrid-env"]["OTEL_EXPORTER_OTLP_ENDPOINT"]
    assert endpoint == "http://otel-collector:4318"  # the HTTP OTLP exporter is what pyproject installs
    assert "otel-collector" in svc


def test_rabbitmq_definitions_policy():
    definitions = json.loads((ROOT / "deploy/rabbitmq/definitions.json").read_text(encoding="utf-8"))
    policies = [p for p in definitions["policies"] if p["pattern"] == "^(rpc-|evt-)"]
    assert len(policies) == 1
    policy = policies[0]
    assert policy["apply-to"] == "queues"
    assert isinstance(policy["definition"]["delivery-limit"], int) and policy["definition"]["delivery-limit"] > 0
    dlx = policy["definition"]["dead-letter-exchange"]
    assert dlx in {e["name"] for e in definitions["exchanges"]}
    assert any(b["source"] == dlx and b["destination_type"] == "queue" for b in definitions["bindings"])
    pattern = re.compile(policy["pattern"])
    assert pattern.search("rpc-dispatch") and pattern.search("evt-grid-dispatch-case_reported")
    # nameko's reply queues stay classic: the policy must not reach them.
    assert not pattern.search("rpc.reply-gateway-0f1e2d")


def test_amqp_credentials_match_definitions():
    """Compose's demo user lives in demo-users.json; the topology shared with Kubernetes has none."""
    topology = json.loads((ROOT / "deploy/rabbitmq/definitions.json").read_text(encoding="utf-8"))
    assert "users" not in topology and "permissions" not in topology
    definitions = json.loads((ROOT / "deploy/rabbitmq/demo-users.json").read_text(encoding="utf-8"))
    users = {u["name"]: u["password"] for u in definitions["users"]}
    uri = compose()["x-civicgrid-env"]["AMQP_URI"]
    match = re.fullmatch(r"amqp://([^:@]+):([^@]+)@rabbitmq:5672/", uri)
    assert match, uri
    assert users.get(match.group(1)) == match.group(2)


def test_app_services_get_common_env():
    common = compose()["x-civicgrid-env"]
    svc = services()
    for name in APP_SERVICES:
        env = svc[name]["environment"]
        assert isinstance(env, dict), name
        for key in common:
            assert key in env, f"{name} lacks {key}"
        assert env.get("OTEL_SERVICE_NAME"), f"{name} has no OTEL_SERVICE_NAME"
    assert svc["gateway"]["environment"]["CIVICGRID_GATEWAY_HOST"] == "0.0.0.0"


def test_database_urls_match_postgres_init(monkeypatch):
    init_sql = (ROOT / "deploy/postgres/init.sql").read_text(encoding="utf-8")
    common = compose()["x-civicgrid-env"]
    for key, role in (("CIVICGRID_DATABASE_URL", "civicgrid_app"),
                      ("CIVICGRID_MIGRATION_DATABASE_URL", "civicgrid_owner")):
        url = common[key]
        match = re.fullmatch(r"postgresql\+psycopg://(\w+):([^@]+)@postgres:5432/civicgrid_\{service\}", url)
        assert match, f"{key}={url}"
        assert match.group(1) == role
        assert f"CREATE ROLE {role} LOGIN" in init_sql and f"PASSWORD '{match.group(2)}'" in init_sql


@pytest.mark.parametrize("env_value", [None, "production"])
def test_compose_env_passes_settings_validation(monkeypatch, env_value):
    for key in list(Settings.model_fields):
        monkeypatch.delenv(f"CIVICGRID_{key.upper()}", raising=False)
    env = dict(services()["gateway"]["environment"])
    if env_value:
        env["CIVICGRID_ENV"] = env_value
    for key, value in env.items():
        monkeypatch.setenv(key, resolve_defaults(str(value)))
    settings = Settings()
    assert settings.amqp_uri.startswith("amqp://civicgrid:")
    assert settings.service_database_url("dispatch").endswith("/civicgrid_dispatch")
    assert "civicgrid_owner" in settings.service_database_url("grid", migrations=True)
    assert settings.gateway_host == "0.0.0.0" and settings.otel_exporter == "otlp"


def test_dockerfile():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.MULTILINE)
    assert "constraints.txt" in dockerfile and re.search(r"pip install -c \S+ -e \.", dockerfile)
    assert (ROOT / "constraints.txt").is_file() and (ROOT / "pyproject.toml").is_file()
    ignored = {
        line.strip().rstrip("/")
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".git", ".venv"} <= ignored
    for source in re.findall(r"^COPY\s+(.+)\s+\S+$", dockerfile, re.MULTILINE):
        for path in source.split():
            assert path not in ignored, f"Dockerfile copies {path}, which .dockerignore excludes"


def _compose_plugin() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        result = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def test_docker_compose_config():
    if not _compose_plugin():
        pytest.skip("`docker compose version` fails here (no compose plugin): only the static checks ran")
    result = subprocess.run(["docker", "compose", "-f", str(COMPOSE_FILE), "config", "-q"],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
