# One image for the code location, the Dagster webserver and the daemon (docker-compose.yml picks the command).
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DAGSTER_HOME=/opt/dagster/home \
    WAREHOUSE_INBOX=/inbox

WORKDIR /opt/warehouse
COPY pyproject.toml README.md ./
COPY etl etl
COPY models models
COPY migrations migrations
COPY dagster_project dagster_project
COPY warehouse warehouse
# Not samples/ nor its extra (reportlab): the demo's sample PDFs are drawn on a developer's machine, not here.
# EXTRAS=k8s adds the Kubernetes run launcher (deploy/kubernetes/values.yaml)
ARG EXTRAS=""
RUN pip install ".${EXTRAS:+[$EXTRAS]}" && rm -rf build

# The Dagster instance (storage in PostgreSQL) and the workspace (the code location over gRPC).
COPY deploy/dagster.yaml deploy/workspace.yaml /opt/dagster/home/

# Not root; the folders the named volumes are mounted on belong to the same user, so new volumes do too.
RUN useradd --create-home warehouse \
    && mkdir -p /inbox /opt/dagster/home/storage \
    && chown -R warehouse /inbox /opt/dagster/home
USER warehouse

EXPOSE 3000 4000
CMD ["dagster-webserver", "-h", "0.0.0.0", "-p", "3000", "-w", "/opt/dagster/home/workspace.yaml"]
