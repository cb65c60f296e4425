# One image for every CivicGrid process: the five nameko services, the migrations and the gateway.
# The command chooses the process (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, in their own layer, pinned by constraints.txt. The index/find-links lines at
# the top of constraints.txt point at paths of the development machines, so they are dropped here.
COPY pyproject.toml constraints.txt ./
RUN sed -E '/^--(extra-index-url|index-url|find-links)/d' constraints.txt > /tmp/constraints.txt \
 && python -c "import tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; open('/tmp/requirements.txt', 'w').write('\n'.join(deps) + '\n')" \
 && pip install -c /tmp/constraints.txt -r /tmp/requirements.txt

# Then the code, installed editable with the same constraints (gives the `civicgrid` command).
COPY shared ./shared
COPY gateway ./gateway
COPY services ./services
RUN pip install -c /tmp/constraints.txt -e . \
 && useradd --system --uid 10001 --home-dir /app --no-create-home civicgrid \
 && mkdir -p /app/var && chown civicgrid /app/var

USER civicgrid

ENV CIVICGRID_GATEWAY_HOST=0.0.0.0 \
    CIVICGRID_GATEWAY_PORT=8000
# 8000: the gateway (/graphql, /metrics); 9100: a nameko service's /metrics, /healthz and /readyz
# when CIVICGRID_METRICS_PORT=9100 (compose and the Kubernetes ConfigMap set it)
EXPOSE 8000 9100

# Default process: the gateway. Services run `python -m shared.runner <service>`.
CMD ["python", "-m", "gateway"]
