"""Where the warehouse lives: DATABASE_URL, or an embedded PostgreSQL from the pgserver wheel; its schema.

The embedded server keeps its data under `.warehouse/` (or $WAREHOUSE_HOME), listens on
127.0.0.1:$WAREHOUSE_PG_PORT (54329 by default) so that psql and BI tools can connect, and keeps
running after the command that started it, like any local database (`warehouse db stop` stops it).
"""
from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlalchemy import Engine, create_engine

import migrations

logger = logging.getLogger(__name__)

DATABASE_NAME = "warehouse"
DEFAULT_PORT = 54329


def sqlalchemy_url(url: str) -> str:
    """Any postgres URL → the psycopg 3 dialect SQLAlchemy needs."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    raise ValueError(f"not a PostgreSQL URL: {url!r}")


def libpq_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@dataclass(frozen=True)
class EmbeddedPostgres:
    home: Path
    port: int

    @classmethod
    def from_env(cls) -> EmbeddedPostgres:
        home = Path(os.environ.get("WAREHOUSE_HOME", Path.cwd() / ".warehouse")).resolve()
        return cls(home, int(os.environ.get("WAREHOUSE_PG_PORT", DEFAULT_PORT)))

    @property
    def pgdata(self) -> Path:
        return self.home / "pgdata"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{DATABASE_NAME}"

    def is_running(self) -> bool:
        try:
            with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", connect_timeout=2):
                return True
        except psycopg.OperationalError:
            return False

    def start(self) -> str:
        """Initialise and start the server if needed; create the database; return its URL."""
        if self.is_running():
            self._check_ours()
        else:
            logger.info("starting the embedded PostgreSQL in %s on port %d", self.pgdata, self.port)
            self._initdb()
            log = self.home / "postgres.log"
            self._run_as_owner(
                ["pg_ctl", "-D", str(self.pgdata), "-l", str(log), "-w", "-t", "60", "-o",
                 f"-h 127.0.0.1 -p {self.port} -c unix_socket_directories=''", "start"],
                f"the embedded PostgreSQL did not start; its log is {log}",
            )
        self._create_database()
        return self.url

    def stop(self) -> bool:
        if not (self.pgdata / "postmaster.pid").exists():
            return False
        self._run_as_owner(["pg_ctl", "-D", str(self.pgdata), "-w", "-m", "fast", "stop"],
                           "the embedded PostgreSQL did not stop")
        return True

    def _initdb(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        if (self.pgdata / "PG_VERSION").exists():
            return
        self.pgdata.mkdir(exist_ok=True)
        owner = _system_user()
        if owner:
            _pgserver().utils.ensure_prefix_permissions(self.pgdata)
            os.chown(self.pgdata, owner.pw_uid, owner.pw_gid)
            os.chown(self.home, owner.pw_uid, owner.pw_gid)
        self._run_as_owner(["initdb", "-D", str(self.pgdata), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                            "--locale=C"], "initdb failed")

    def _check_ours(self) -> None:
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres") as conn:
            data_directory = Path(conn.execute("show data_directory").fetchone()[0]).resolve()
        if data_directory != self.pgdata.resolve():
            raise RuntimeError(
                f"port {self.port} is taken by another PostgreSQL (data in {data_directory}); "
                f"set WAREHOUSE_PG_PORT to a free port, or DATABASE_URL to use that server"
            )

    def _create_database(self) -> None:
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as conn:
            if not conn.execute("select 1 from pg_database where datname = %s", (DATABASE_NAME,)).fetchone():
                conn.execute(f'create database "{DATABASE_NAME}"')

    def _run_as_owner(self, args: list[str], failure: str) -> None:
        owner = _system_user()
        command = [str(_pgserver()._commands.POSTGRES_BIN_PATH / args[0]), *args[1:]]
        result = subprocess.run(command, capture_output=True, text=True, user=owner.pw_uid if owner else None,
                                group=owner.pw_gid if owner else None, cwd="/", stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            raise RuntimeError(f"{failure}:\n{result.stderr.strip() or result.stdout.strip()}")


def _pgserver():
    """The pgserver package: PostgreSQL's binaries in a wheel (its import warns about XDG_RUNTIME_DIR)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
        import pgserver._commands
        import pgserver.utils
    return pgserver


def _system_user():
    """PostgreSQL refuses to run as root: as root, the server runs as the system user `pgserver`."""
    if os.geteuid() != 0:
        return None
    import stat

    pgserver = _pgserver()
    entry = pgserver.utils.ensure_user_exists("pgserver")
    readable = stat.S_IRGRP | stat.S_IROTH | stat.S_IXGRP | stat.S_IXOTH
    pgserver.utils.ensure_folder_permissions(pgserver._commands.POSTGRES_BIN_PATH.parent, readable)
    return entry


def free_port() -> int:
    """A TCP port nobody listens on now: for servers of tests and benchmarks that must not meet another."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(start_embedded: bool = True) -> str:
    """DATABASE_URL if set; else the embedded server's URL (started on demand)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return sqlalchemy_url(url)
    embedded = EmbeddedPostgres.from_env()
    return embedded.start() if start_embedded else embedded.url


def alembic_config(url: str):
    """Alembic's configuration for the project's migrations on the database at `url` (migrations/env.py takes
    the URL from it: the migrations know nothing of where the warehouse lives)."""
    from alembic.config import Config

    config = Config(stdout=sys.stdout)  # today's stdout: alembic's default is the one of its import
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    config.set_main_option("sqlalchemy.url", sqlalchemy_url(url).replace("%", "%%"))
    return config


def open_warehouse(url: str | None = None) -> Engine:
    """The warehouse's engine (`url`, else `database_url()`), its schema brought to the newest migration: what a
    command or a Dagster run does once, as it starts."""
    url = sqlalchemy_url(url) if url else database_url()
    migrate(url)
    # a pooled connection the server has dropped since (a restart, a failover) is replaced as it is taken, not used
    return create_engine(url, pool_pre_ping=True)


def migrate(url: str) -> None:
    """Bring the schema to the newest migration (`warehouse migrate`, and every command and run as it starts;
    a no-op when current)."""
    from alembic import command

    config = alembic_config(url)
    # two loads started together on a new database would both create the tables: one migrates, the other waits
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute("select pg_advisory_lock(0, 0)")  # released when the connection closes
        logger.debug("migrating the schema to the newest revision")
        command.upgrade(config, "head")
