FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY etl etl
COPY models models
COPY migrations migrations
COPY dagster_project dagster_project
COPY warehouse warehouse
COPY alembic.ini ./
RUN pip install --no-cache-dir .
RUN mkdir -p /opt/dagster/home /inbox
COPY deploy/dagster.yaml deploy/workspace.yaml /opt/dagster/home/
