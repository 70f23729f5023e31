"""The Kubernetes values (deploy/kubernetes) as Dagster's Helm chart hands them to Dagster, built by Dagster itself:
the chart writes them into the instance's run launcher and run coordinator; dagster-k8s's K8sRunLauncher and the
QueuedRunCoordinator must accept that configuration, and the Kubernetes Job a run gets must hold the resources,
node pool, volumes and variables the values say, each key checked by the Kubernetes client's own models.

Neither a cluster nor the chart is needed: `helm` and the chart cannot be installed from the registries this
project's machines reach. The chart's own keys are checked by hand against its values.schema.json
(docs/platform.md says which version); CHART_KEYS lists them, so that a key added later is checked too.
"""
import re
from pathlib import Path

import dagster as dg
import pytest
import yaml
from dagster_k8s import K8sRunLauncher, construct_dagster_k8s_job

from dagster_project.jobs import BATCH_JOB
from tests.conftest import ROOT

VALUES = ROOT / "deploy/kubernetes"
IMAGE = "registry.example.org/disclosure-warehouse:1"

# The chart's keys the values set, each found in the chart's values.schema.json. Below the last key of a path is
# Kubernetes' own configuration (a volume, a container's resources …), which the Job built below checks.
CHART_KEYS = {
    "dagster-user-deployments.enabled",
    *(f"dagster-user-deployments.deployments[].{key}" for key in (
        "name", "image.repository", "image.tag", "image.pullPolicy", "dagsterApiGrpcArgs", "port", "envSecrets",
        "env", "volumes", "volumeMounts")),
    "runLauncher.type",
    *(f"runLauncher.config.k8sRunLauncher.{key}" for key in (
        "envSecrets", "envVars", "volumes", "volumeMounts", "runK8sConfig.containerConfig",
        "runK8sConfig.podSpecConfig", "runK8sConfig.jobSpecConfig")),
    "dagsterDaemon.runCoordinator.enabled",
    "dagsterDaemon.runCoordinator.type",
    *(f"dagsterDaemon.runCoordinator.config.queuedRunCoordinator.{key}" for key in (
        "maxConcurrentRuns", "dequeueUseThreads", "dequeueNumWorkers")),
    *(f"postgresql.{key}" for key in (
        "enabled", "postgresqlHost", "postgresqlUsername", "postgresqlPassword", "postgresqlDatabase", "service.port")),
}

KUBECONFIG = """apiVersion: v1
kind: Config
clusters: [{name: none, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: none, user: {}}]
contexts: [{name: none, context: {cluster: none, user: none}}]
current-context: none
"""


def helm_values(*names: str) -> dict:
    """Values files merged as Helm merges them: maps key by key; anything else, lists too, replaced."""
    def merge(base: dict, overlay: dict) -> dict:
        return base | {key: merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict)
                       else value for key, value in overlay.items()}
    merged: dict = {}
    for name in names:
        merged = merge(merged, yaml.safe_load((VALUES / name).read_text()))
    return merged


def key_paths(values, prefix: str = ""):
    """Every key the values set, down to a key of CHART_KEYS (whatever is under it is not the chart's)."""
    for key, value in values.items():
        path = prefix + key
        if path in CHART_KEYS:
            yield path
        elif isinstance(value, dict):
            yield from key_paths(value, path + ".")
        elif isinstance(value, list) and all(isinstance(item, dict) for item in value):
            for item in value:
                yield from key_paths(item, path + "[].")
        else:
            yield path


def snake_case(key: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", key).lower()


def instance_settings(values: dict, kubeconfig: Path) -> dict:
    """The run launcher and run coordinator of the instance's dagster.yaml, as the chart writes them from the values
    (its templates/helpers/instance/_run-launcher.tpl and _run-coordinator.tpl), with the settings the chart fills
    in itself given placeholder values."""
    launcher = values["runLauncher"]["config"]["k8sRunLauncher"]
    coordinator = values["dagsterDaemon"]["runCoordinator"]["config"]["queuedRunCoordinator"]
    return {
        "run_launcher": {"module": "dagster_k8s", "class": "K8sRunLauncher", "config": {
            # the chart loads the cluster's own credentials (load_incluster_config); here a kubeconfig that names
            # no reachable server: nothing is sent anywhere
            "load_incluster_config": False, "kubeconfig_file": str(kubeconfig),
            "job_namespace": "warehouse", "image_pull_policy": "IfNotPresent", "service_account_name": "dagster",
            "dagster_home": "/opt/dagster/dagster_home", "instance_config_map": "dagster-instance",
            "postgres_password_secret": "dagster-postgresql-secret",
            "env_secrets": [secret["name"] for secret in launcher["envSecrets"]],
            "env_vars": launcher["envVars"],
            "volume_mounts": launcher["volumeMounts"],
            "volumes": launcher["volumes"],
            "run_k8s_config": {snake_case(key): config for key, config in launcher["runK8sConfig"].items()},
        }},
        "run_coordinator": {"module": "dagster.core.run_coordinator", "class": "QueuedRunCoordinator",
                            "config": {snake_case(key): value for key, value in coordinator.items()}},
    }


@pytest.mark.parametrize("names", [("values.yaml",), ("values.yaml", "values-national-load.yaml")])
def test_every_key_of_the_values_is_one_checked_against_the_chart(names):
    unchecked = sorted(set(key_paths(helm_values(*names))) - CHART_KEYS)
    assert unchecked == [], "check these against the chart's values.schema.json, then add them to CHART_KEYS"


@pytest.mark.parametrize("names, concurrent_runs, readers, pool", [
    (("values.yaml",), 64, "1", None),
    (("values.yaml", "values-national-load.yaml"), 80, "4", {"warehouse/pool": "runs"}),
])
def test_dagster_builds_the_run_launcher_and_each_runs_job_from_the_values(tmp_path, names, concurrent_runs, readers,
                                                                           pool):
    """A run's readers are as many as its CPU limit (Python in a container sees the node's cores, so
    WAREHOUSE_WORKERS says it); every run mounts the inbox the code location's sensor reads."""
    (tmp_path / "kubeconfig").write_text(KUBECONFIG)
    with dg.instance_for_test(overrides=instance_settings(helm_values(*names), tmp_path / "kubeconfig")) as instance:
        coordinator, launcher = instance.run_coordinator, instance.run_launcher  # config checked by Dagster
        assert isinstance(launcher, K8sRunLauncher)
        assert coordinator.get_run_queue_config().max_concurrent_runs == concurrent_runs
        run = dg.DagsterRun(job_name=BATCH_JOB, tags={"dagster/partition": "beijing-dongcheng|2024"})
        context = launcher.get_container_context_for_run(run)
        job = construct_dagster_k8s_job(context.get_k8s_job_config(IMAGE, launcher), ["dagster", "api"],
                                        "dagster-run-1", context.run_k8s_config, "dagster-run-1", "run_worker")
    pod = job.spec.template.spec
    [container] = pod.containers
    env = {variable.name: variable.value for variable in container.env}
    assert env["WAREHOUSE_WORKERS"] == container.resources.limits["cpu"] == readers
    assert [source.secret_ref.name for source in container.env_from] == ["warehouse-database"]  # DATABASE_URL
    [mount] = container.volume_mounts
    assert env["WAREHOUSE_INBOX"] == mount.mount_path == "/inbox"
    assert [(v.name, v.persistent_volume_claim.claim_name) for v in pod.volumes] == [(mount.name, "warehouse-inbox")]
    # a failed run is not started again by Kubernetes: Dagster retries its step (RetryPolicy)
    assert (pod.node_selector, job.spec.backoff_limit, job.spec.ttl_seconds_after_finished) == (pool, 0, 3600)
