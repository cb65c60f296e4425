"""Static checks of the Kubernetes manifests under deploy/k8s (kustomize base + overlays).

No cluster is needed: the YAML is parsed and checked against what the code expects (commands,
queue names, settings fields). Where `kustomize` or `kubectl` is installed each overlay is also
built; without either those tests skip and say so.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from shared import health
from shared.settings import SERVICES, Settings

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
BASE = K8S / "base"
RABBITMQ = K8S / "rabbitmq"
OVERLAYS = ("dev", "production")
DEFINITIONS = ROOT / "deploy" / "rabbitmq" / "definitions.json"
PLACEHOLDER = "CHANGE-ME"
WORKLOADS = (*SERVICES, "gateway")
# Variables read outside shared.settings.Settings (nameko's name, OpenTelemetry's SDK, the key ring).
# shared.health reads the probe/metrics port and host and the shutdown budget of nameko services.
EXTRA_ENV = {"AMQP_URI", "CIVICGRID_DATA_KEYS", "CIVICGRID_INDEX_KEY", health.METRICS_PORT_ENV,
             health.METRICS_HOST_ENV, health.SHUTDOWN_ENV}


# --- loading ------------------------------------------------------------------------------------

def load_docs(path: Path) -> list:
    with path.open(encoding="utf-8") as fh:
        return [doc for doc in yaml.safe_load_all(fh) if doc is not None]


def kustomization(directory: Path) -> dict:
    return load_docs(directory / "kustomization.yaml")[0]


def resource_files(directory: Path) -> list[Path]:
    """The files a kustomization lists under resources, following directories recursively."""
    out = []
    for entry in kustomization(directory).get("resources", []):
        target = (directory / entry).resolve()
        out.extend(resource_files(target) if target.is_dir() else [target])
    return out


def objects(directory: Path = BASE) -> dict[tuple[str, str], dict]:
    found: dict[tuple[str, str], dict] = {}
    for path in resource_files(directory):
        for doc in load_docs(path):
            key = (doc["kind"], doc["metadata"]["name"])
            assert key not in found, f"{key} defined twice"
            found[key] = doc
    return found


def of_kind(objs: dict, kind: str) -> dict[str, dict]:
    return {name: doc for (k, name), doc in objs.items() if k == kind}


def pod_spec(workload: dict) -> dict:
    return workload["spec"]["template"]["spec"]


def generator_literals(directory: Path, name: str = "civicgrid-config") -> dict[str, str]:
    out = {}
    for gen in kustomization(directory).get("configMapGenerator", []):
        if gen["name"] == name:
            out.update(line.split("=", 1) for line in gen.get("literals", []))
    return out


def settings_env_names() -> set[str]:
    prefix = Settings.model_config["env_prefix"]
    names = set()
    for field_name, field in Settings.model_fields.items():
        alias = field.validation_alias
        names.add(alias if isinstance(alias, str) else (prefix + field_name).upper())
    return names


def all_yaml_files() -> list[Path]:
    return sorted([*K8S.rglob("*.yaml"), *K8S.rglob("*.yml")])


# --- files and kustomizations -------------------------------------------------------------------

def test_manifests_exist_for_base_and_each_overlay():
    assert (BASE / "kustomization.yaml").is_file()
    assert (RABBITMQ / "kustomization.yaml").is_file()
    for overlay in OVERLAYS:
        assert (K8S / "overlays" / overlay / "kustomization.yaml").is_file(), overlay


@pytest.mark.parametrize("path", all_yaml_files(), ids=lambda p: str(p.relative_to(K8S)))
def test_every_yaml_file_parses(path):
    docs = load_docs(path)
    assert docs, f"{path} is empty"
    for doc in docs:
        if isinstance(doc, list):  # a JSON 6902 patch
            assert all({"op", "path"} <= set(op) for op in doc), path
        else:
            assert doc.get("kind") and doc.get("apiVersion"), f"{path}: a document lacks kind/apiVersion"


@pytest.mark.parametrize("directory", sorted({p.parent for p in K8S.rglob("kustomization.yaml")}),
                         ids=lambda p: str(p.relative_to(K8S)))
def test_everything_a_kustomization_lists_exists(directory):
    kust = kustomization(directory)
    for entry in kust.get("resources", []):
        target = directory / entry
        assert target.is_file() or (target / "kustomization.yaml").is_file(), \
            f"{directory.name}: resource {entry!r} does not exist"
    for patch in kust.get("patches", []) + kust.get("patchesStrategicMerge", []):
        path = patch["path"] if isinstance(patch, dict) else patch
        assert (directory / path).is_file(), f"{directory.name}: patch {path!r} does not exist"
    for gen in kust.get("configMapGenerator", []) + kust.get("secretGenerator", []):
        for item in gen.get("files", []) + gen.get("envs", []):
            source = item.split("=", 1)[-1]
            assert (directory / source).is_file(), f"{directory.name}: generator file {source!r} missing"


def test_every_yaml_file_is_used_by_some_kustomization():
    used = set()
    for directory in {p.parent for p in K8S.rglob("kustomization.yaml")}:
        used.add((directory / "kustomization.yaml").resolve())
        kust = kustomization(directory)
        used.update((directory / e).resolve() for e in kust.get("resources", []))
        used.update((directory / (p["path"] if isinstance(p, dict) else p)).resolve()
                    for p in kust.get("patches", []) + kust.get("patchesStrategicMerge", []))
    unused = [str(p.relative_to(K8S)) for p in all_yaml_files() if p.resolve() not in used]
    assert not unused, f"YAML files no kustomization includes: {unused}"


# --- workloads ----------------------------------------------------------------------------------

def test_a_deployment_for_each_service_and_the_gateway():
    deployments = of_kind(objects(), "Deployment")
    assert sorted(deployments) == sorted(WORKLOADS)
    for service in SERVICES:
        (container,) = pod_spec(deployments[service])["containers"]
        assert container["command"] == ["python", "-m", "shared.runner", service]
    (gateway,) = pod_spec(deployments["gateway"])["containers"]
    assert gateway["command"] == ["python", "-m", "gateway"]


@pytest.mark.parametrize("name", WORKLOADS)
def test_deployment_resources_shutdown_and_security(name):
    deployment = of_kind(objects(), "Deployment")[name]
    spec = pod_spec(deployment)
    assert "replicas" not in deployment["spec"], "the autoscaler owns the replica count"
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()

    # graceful shutdown: longer than the longest a caller waits for a handler, and at least 30 s
    grace = spec["terminationGracePeriodSeconds"]
    assert grace >= 30 and grace > Settings.model_fields["rpc_timeout"].default * 2

    assert spec["securityContext"]["runAsNonRoot"] is True
    assert isinstance(spec["securityContext"].get("runAsUser"), int) and spec["securityContext"]["runAsUser"] > 0, \
        "the image's user is a name; the kubelet needs a numeric runAsUser to verify runAsNonRoot"
    assert spec.get("enableServiceLinks") is False, \
        "service-link variables (e.g. CIVICGRID_GATEWAY_PORT=tcp://...) would reach shared.settings"

    (container,) = spec["containers"]
    assert container["image"] == "civicgrid"  # overlays set the registry and tag (kustomize images)
    for kind in ("requests", "limits"):
        assert {"cpu", "memory"} <= set(container["resources"][kind]), f"{name}: resources.{kind}"
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    refs = {next(iter(ref)): ref[next(iter(ref))]["name"] for ref in container["envFrom"]}
    assert refs == {"configMapRef": "civicgrid-config", "secretRef": "civicgrid-secrets"}


def test_gateway_probes_use_healthz_and_readyz():
    (container,) = pod_spec(of_kind(objects(), "Deployment")["gateway"])["containers"]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports == {"http": Settings.model_fields["gateway_port"].default}
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
    # the gateway code really serves both paths
    app = (ROOT / "gateway" / "app.py").read_text(encoding="utf-8")
    assert 'Route("/healthz"' in app and 'Route("/readyz"' in app


@pytest.mark.parametrize("service", SERVICES)
def test_services_probe_healthz_and_readyz_on_the_metrics_port(service):
    (container,) = pod_spec(of_kind(objects(), "Deployment")[service])["containers"]
    literals = generator_literals(BASE)
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports == {"metrics": int(literals[health.METRICS_PORT_ENV])}
    assert literals[health.METRICS_HOST_ENV] == "0.0.0.0"  # reachable by the kubelet and Prometheus
    assert container["startupProbe"]["httpGet"] == {"path": "/healthz", "port": "metrics"}
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "metrics"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "metrics"}
    # the code really serves them (the WSGI app of shared.health)
    app = health.probe_app(health.ProcessState(runner=None))
    statuses = []
    for path in ("/healthz", "/readyz", "/metrics", "/nothing"):
        app({"PATH_INFO": path}, lambda status, _headers: statuses.append(status.split()[0]))
    assert statuses == ["200", "503", "200", "404"]  # /readyz: "starting" until the runner has started


@pytest.mark.parametrize("name", WORKLOADS)
def test_workloads_are_scraped_by_prometheus(name):
    deployment = of_kind(objects(), "Deployment")[name]
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    (container,) = pod_spec(deployment)["containers"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert annotations["prometheus.io/path"] == "/metrics"
    assert int(annotations["prometheus.io/port"]) in {p["containerPort"] for p in container["ports"]}


@pytest.mark.parametrize("service", SERVICES)
def test_graceful_shutdown_outlasts_the_drain_budget(service):
    """The pod is killed only after the runner's own drain (CIVICGRID_SHUTDOWN_SECONDS) is over."""
    drain = float(generator_literals(BASE)[health.SHUTDOWN_ENV])
    assert drain == health.DEFAULT_SHUTDOWN_SECONDS
    grace = pod_spec(of_kind(objects(), "Deployment")[service])["terminationGracePeriodSeconds"]
    assert grace >= drain + 10
    assert drain > Settings.model_fields["rpc_timeout"].default * 2  # callers give up long before


def test_every_workload_has_a_pdb_with_min_available_one():
    objs = objects()
    deployments = of_kind(objs, "Deployment")
    pdbs = of_kind(objs, "PodDisruptionBudget")
    for name, deployment in deployments.items():
        matching = [pdb for pdb in pdbs.values()
                    if pdb["spec"]["selector"]["matchLabels"].items()
                    <= deployment["spec"]["template"]["metadata"]["labels"].items()]
        assert len(matching) == 1, f"{name}: {len(matching)} PodDisruptionBudgets select it"
        assert matching[0]["spec"]["minAvailable"] == 1


def test_gateway_service_and_hpa():
    objs = objects()
    gateway = of_kind(objs, "Deployment")["gateway"]
    service = of_kind(objs, "Service")["gateway"]
    assert service["spec"]["selector"].items() <= gateway["spec"]["template"]["metadata"]["labels"].items()
    (container,) = pod_spec(gateway)["containers"]
    assert {p["targetPort"] for p in service["spec"]["ports"]} <= {p["name"] for p in container["ports"]}
    hpa = of_kind(objs, "HorizontalPodAutoscaler")["gateway"]
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "gateway"}
    (metric,) = hpa["spec"]["metrics"]
    assert metric["type"] == "Resource" and metric["resource"]["name"] == "cpu"
    assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]


def nameko_rpc_queue_template() -> str:
    spec = importlib.util.find_spec("nameko")
    source = (Path(spec.origin).parent / "rpc.py").read_text(encoding="utf-8")
    match = re.search(r"RPC_QUEUE_TEMPLATE\s*=\s*['\"]([^'\"]+)['\"]", source)
    assert match, "nameko.rpc no longer defines RPC_QUEUE_TEMPLATE"
    return match.group(1)


@pytest.mark.parametrize("service", SERVICES)
def test_a_scaledobject_per_service_on_its_rpc_queue(service):
    objs = objects()
    scaled = of_kind(objs, "ScaledObject")
    assert set(scaled) == set(SERVICES)
    obj = scaled[service]
    assert obj["spec"]["scaleTargetRef"]["name"] == service
    assert (obj["spec"]["minReplicaCount"], obj["spec"]["maxReplicaCount"]) == (1, 10)
    (trigger,) = obj["spec"]["triggers"]
    assert trigger["type"] == "rabbitmq"
    assert trigger["metadata"]["queueName"] == f"rpc-{service}" == nameko_rpc_queue_template().format(service)
    assert trigger["metadata"]["mode"] == "QueueLength"
    assert float(trigger["metadata"]["value"]) > 0
    auth = of_kind(objs, "TriggerAuthentication")[trigger["authenticationRef"]["name"]]
    secrets = of_kind(objs, "Secret")
    for ref in auth["spec"]["secretTargetRef"]:
        assert ref["parameter"] == "host"
        assert ref["key"] in secrets[ref["name"]]["stringData"]


@pytest.mark.parametrize("service", SERVICES)
def test_a_migration_job_per_service(service):
    jobs = of_kind(objects(), "Job")
    matching = [job for job in jobs.values()
                if pod_spec(job)["containers"][0]["command"] == ["python", "-m", "shared.migrate", service]]
    assert len(matching) == 1, f"{service}: {len(matching)} migration Jobs"
    spec = pod_spec(matching[0])
    assert spec["restartPolicy"] in {"Never", "OnFailure"}
    assert spec["securityContext"]["runAsNonRoot"] is True
    (container,) = spec["containers"]
    assert {"secretRef": {"name": "civicgrid-secrets"}} in container["envFrom"]
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert len(jobs) == len(SERVICES)


def wave(doc: dict) -> int:
    return int((doc["metadata"].get("annotations") or {}).get("argocd.argoproj.io/sync-wave", 0))


def test_argo_order_config_then_migrations_then_rollout():
    """Argo CD applies by wave: config and secrets, then the migration Jobs, then the workloads."""
    objs = objects()
    prod = objects(K8S / "overlays" / "production")
    jobs = of_kind(objs, "Job").values()
    job_waves = {wave(job) for job in jobs}
    assert len(job_waves) == 1
    (job_wave,) = job_waves
    for job in jobs:
        annotations = job["metadata"]["annotations"]
        assert annotations["argocd.argoproj.io/hook"] == "Sync"  # PreSync would run before the config exists
        assert annotations["argocd.argoproj.io/hook-delete-policy"] == "BeforeHookCreation"
    before = [of_kind(objs, "Secret")["civicgrid-secrets"], of_kind(prod, "ExternalSecret")["civicgrid-secrets"]]
    config = [g for g in kustomization(BASE)["configMapGenerator"] if g["name"] == "civicgrid-config"][0]
    assert int(config["options"]["annotations"]["argocd.argoproj.io/sync-wave"]) < job_wave
    assert all(wave(doc) < job_wave for doc in before)
    assert all(wave(doc) > job_wave for doc in of_kind(objs, "Deployment").values())


# --- configuration and secrets ------------------------------------------------------------------

def secret_documents() -> list[tuple[Path, dict]]:
    return [(path, doc) for path in all_yaml_files() for doc in load_docs(path)
            if isinstance(doc, dict) and doc.get("kind") == "Secret"]


def test_secrets_hold_placeholders_only():
    found = secret_documents()
    assert found, "the base Secret template is missing"
    for path, doc in found:
        if doc.get("$patch") == "delete":
            continue
        assert "data" not in doc, f"{path}: base64 data in a committed Secret"
        for key, value in doc.get("stringData", {}).items():
            assert PLACEHOLDER in str(value), f"{path}: {key} does not look like a placeholder"
    for directory in {p.parent for p in K8S.rglob("kustomization.yaml")}:
        assert not kustomization(directory).get("secretGenerator"), \
            f"{directory}: secrets come from the secret manager, not from files in the repository"


def test_production_removes_the_secret_template_and_uses_the_secret_manager():
    prod = K8S / "overlays" / "production"
    deletes = [doc for p in kustomization(prod)["patches"] for doc in load_docs(prod / p["path"])
               if isinstance(doc, dict) and doc.get("$patch") == "delete"]
    assert any(d["kind"] == "Secret" and d["metadata"]["name"] == "civicgrid-secrets" for d in deletes)
    external = of_kind(objects(prod), "ExternalSecret")["civicgrid-secrets"]
    template = of_kind(objects(), "Secret")["civicgrid-secrets"]
    assert external["spec"]["target"]["name"] == "civicgrid-secrets"
    assert {d["secretKey"] for d in external["spec"]["data"]} == set(template["stringData"])


def env_names_used() -> dict[str, str]:
    """Every environment variable name the manifests set, with where it comes from (the pods'
    envFrom Secret is civicgrid-secrets; rabbitmq-users is a file the broker mounts)."""
    names = {}
    for directory in {p.parent for p in K8S.rglob("kustomization.yaml")}:
        for key in generator_literals(directory):
            names[key] = f"{directory.name} configMapGenerator"
    for path, doc in secret_documents():
        if doc["metadata"]["name"] != "civicgrid-secrets":
            continue
        for key in doc.get("stringData", {}):
            names[key] = str(path.relative_to(K8S))
    for path in all_yaml_files():
        for doc in load_docs(path):
            if isinstance(doc, dict) and doc.get("kind") == "ExternalSecret" \
                    and doc["spec"]["target"]["name"] == "civicgrid-secrets":
                names.update({d["secretKey"]: str(path.relative_to(K8S)) for d in doc["spec"]["data"]})
            if isinstance(doc, dict) and doc.get("kind") in {"Deployment", "Job"}:
                for container in pod_spec(doc)["containers"]:
                    names.update({e["name"]: str(path.relative_to(K8S)) for e in container.get("env", [])})
    return names


def test_env_var_names_are_read_by_the_code():
    known = settings_env_names() | EXTRA_ENV
    unknown = {name: where for name, where in env_names_used().items()
               if name not in known and not name.startswith("OTEL_")}
    assert not unknown, f"variables nothing reads (typo?): {unknown}"
    assert "AMQP_URI" in settings_env_names()  # nameko's name, kept by Settings


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_overlay_environment_passes_settings_validation(overlay, monkeypatch):
    env = {**generator_literals(BASE), **generator_literals(K8S / "overlays" / overlay),
           **of_kind(objects(), "Secret")["civicgrid-secrets"]["stringData"]}
    for name in list(os.environ):
        if name.startswith("CIVICGRID_") or name == "AMQP_URI":
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = Settings()
    assert settings.env == ("production" if overlay == "production" else "dev")
    assert settings.gateway_host == "0.0.0.0"
    assert settings.service_database_url("grid").endswith("/civicgrid_grid")
    assert "civicgrid_owner" in settings.service_database_url("grid", migrations=True)
    assert "civicgrid_app" in settings.service_database_url("grid")


def test_base_configmap_is_production_with_otlp():
    literals = generator_literals(BASE)
    assert literals["CIVICGRID_ENV"] == "production"
    assert literals["CIVICGRID_OTEL_EXPORTER"] == "otlp"
    assert literals["OTEL_EXPORTER_OTLP_ENDPOINT"].startswith("http")
    assert float(literals["CIVICGRID_RPC_TIMEOUT"]) > 0
    grace = pod_spec(of_kind(objects(), "Deployment")["dispatch"])["terminationGracePeriodSeconds"]
    assert grace > float(literals["CIVICGRID_RPC_TIMEOUT"]) * 2


# --- RabbitMQ definitions -----------------------------------------------------------------------

def test_rabbitmq_definitions_come_from_the_one_file_and_users_from_a_secret():
    kust = kustomization(RABBITMQ)
    (gen,) = [g for g in kust["configMapGenerator"] if g["name"] == "rabbitmq-definitions"]
    (item,) = gen["files"]
    key, source = item.split("=", 1)
    assert (RABBITMQ / source).resolve() == DEFINITIONS.resolve()
    assert gen["options"]["disableNameSuffixHash"] is True  # referenced from a CRD kustomize won't rewrite
    cluster = of_kind(objects(RABBITMQ), "RabbitmqCluster")["rabbitmq"]
    load = re.search(r"load_definitions\s*=\s*(\S+)", cluster["spec"]["rabbitmq"]["additionalConfig"]).group(1)
    template = cluster["spec"]["override"]["statefulSet"]["spec"]["template"]["spec"]
    (volume,) = [v for v in template["volumes"] if v["name"] == "civicgrid-definitions"]
    sources = volume["projected"]["sources"]
    assert {"configMap": {"name": "rabbitmq-definitions"}} in sources
    assert {"secret": {"name": "rabbitmq-users"}} in sources
    mounts = [m for c in template["containers"] for m in c["volumeMounts"] if m["name"] == volume["name"]]
    assert [m["mountPath"].rstrip("/") + "/" for m in mounts] == [load], "load the whole directory"
    users = of_kind(objects(RABBITMQ), "Secret")["rabbitmq-users"]["stringData"]
    assert sorted([key, *users]) == [key, *users] == ["10-topology.json", "20-users.json"]


def test_no_broker_password_in_kubernetes_definitions():
    """The topology file carries no user; the users come from a Secret (a placeholder here)."""
    topology = json.loads(DEFINITIONS.read_text(encoding="utf-8"))
    assert "users" not in topology and "permissions" not in topology
    users = json.loads(of_kind(objects(RABBITMQ), "Secret")["rabbitmq-users"]["stringData"]["20-users.json"])
    assert all("password" not in u and u["password_hash"] == PLACEHOLDER for u in users["users"])
    prod = objects(K8S / "overlays" / "production")
    external = of_kind(prod, "ExternalSecret")["rabbitmq-users"]
    assert [d["secretKey"] for d in external["spec"]["data"]] == ["20-users.json"]
    prod_dir = K8S / "overlays" / "production"
    deleted = {doc["metadata"]["name"] for p in kustomization(prod_dir)["patches"]
               for doc in load_docs(prod_dir / p["path"])
               if isinstance(doc, dict) and doc.get("$patch") == "delete"}
    assert {"civicgrid-secrets", "rabbitmq-users"} <= deleted


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_overlays_include_base_and_broker(overlay):
    directory = K8S / "overlays" / overlay
    kust = kustomization(directory)
    assert {(directory / r).resolve() for r in kust["resources"]} >= {BASE.resolve(), RABBITMQ.resolve()}
    (image,) = kust["images"]
    assert image["name"] == "civicgrid" and image.get("newTag")
    if overlay == "production":
        assert image["newTag"] != "latest"


# --- kustomize build (where installed) ----------------------------------------------------------

def kustomize_command() -> list[str] | None:
    if shutil.which("kustomize"):
        return ["kustomize", "build"]
    if shutil.which("kubectl"):
        return ["kubectl", "kustomize"]
    return None


@pytest.fixture(scope="module")
def kustomize():
    cmd = kustomize_command()
    if cmd is None:
        pytest.skip("neither kustomize nor kubectl is installed: overlays not built (static checks still ran)")
    return cmd


def build(cmd: list[str], directory: Path) -> list[dict]:
    result = subprocess.run([*cmd, "--load-restrictor", "LoadRestrictionsNone", str(directory)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc is not None]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_kustomize_builds_overlay(kustomize, overlay):
    docs = build(kustomize, K8S / "overlays" / overlay)
    kinds: dict[str, list[dict]] = {}
    for doc in docs:
        kinds.setdefault(doc["kind"], []).append(doc)
    counts = {kind: len(kinds.get(kind, [])) for kind in
              ("Deployment", "Job", "ScaledObject", "PodDisruptionBudget", "HorizontalPodAutoscaler",
               "TriggerAuthentication", "RabbitmqCluster", "Namespace")}
    assert counts == {"Deployment": 6, "Job": 5, "ScaledObject": 5, "PodDisruptionBudget": 6,
                      "HorizontalPodAutoscaler": 1, "TriggerAuthentication": 1, "RabbitmqCluster": 1,
                      "Namespace": 1}
    (namespace,) = kinds["Namespace"]
    assert {d["metadata"].get("namespace") for d in docs if d["kind"] != "Namespace"} == \
        {namespace["metadata"]["name"]}
    configmaps = {d["metadata"]["name"] for d in kinds["ConfigMap"]}
    for workload in kinds["Deployment"] + kinds["Job"]:
        for container in pod_spec(workload)["containers"]:
            assert container["image"].startswith("registry.") and ":" in container["image"]
            for ref in container["envFrom"]:
                if "configMapRef" in ref:
                    assert ref["configMapRef"]["name"] in configmaps  # the hashed name was rewritten
    secrets = kinds.get("Secret", [])
    if overlay == "production":
        assert not secrets, "production must not apply the placeholder Secret"
        assert sorted(d["metadata"]["name"] for d in kinds["ExternalSecret"]) == ["civicgrid-secrets", "rabbitmq-users"]
        assert all(d["spec"]["minReplicaCount"] >= 2 for d in kinds["ScaledObject"]), \
            "with minAvailable 1 a single replica blocks node drains"
    else:
        assert sorted(d["metadata"]["name"] for d in secrets) == ["civicgrid-secrets", "rabbitmq-users"]


def test_default_load_restrictor_refuses_the_definitions_file(kustomize):
    """Documents why the build needs --load-restrictor LoadRestrictionsNone (docs/OPERATIONS.md)."""
    result = subprocess.run([*kustomize, str(RABBITMQ)], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "definitions.json" in result.stderr
