"""Which database errors pass by themselves, and how long a load waits for them to pass.

A server restart, a failover or a dropped connection ends the transaction it cuts; a serialization failure or a
deadlock is PostgreSQL aborting one of two transactions that conflict. Either way nothing of the transaction was
committed, so running the same transaction again is safe: `in_transaction` does that, with backoff, until it
succeeds or the database has been unavailable for `WAREHOUSE_DB_RETRY_SECONDS` (120 s by default, about what a
managed database's failover takes). Errors are told apart by SQLSTATE and psycopg's classes, never by message.

One case is not "nothing committed": the connection dropping while COMMIT runs. The server may have committed;
the next attempt asks it (pg_xact_status) before writing anything again.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

import psycopg
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

logger = logging.getLogger(__name__)

T = TypeVar("T")


class Transient(Enum):
    """Why the same transaction, run again, may succeed (the value is what the console says)."""

    CONNECTION_LOST = "database connection lost"
    CONFLICT = "transaction aborted by a concurrent one"


_CONFLICTS = {"40001", "40P01"}  # serialization_failure, deadlock_detected
_SERVER_GOING = {"57P01", "57P02", "57P03"}  # admin_shutdown, crash_shutdown, cannot_connect_now
_CONNECTION_EXCEPTION = "08"  # the SQLSTATE class of connection failures


def transient(err: BaseException) -> Transient | None:
    """Why `err` (psycopg's, or SQLAlchemy's wrapping of it) may pass; None for an error that would come back."""
    if isinstance(err, DBAPIError):
        err = err.orig
    if not isinstance(err, psycopg.Error):
        return None
    state = err.sqlstate
    if state in _CONFLICTS:
        return Transient.CONFLICT
    if state in _SERVER_GOING or (state or "").startswith(_CONNECTION_EXCEPTION):
        return Transient.CONNECTION_LOST
    # libpq's own failures carry no SQLSTATE: connection refused, closed by the server, timed out
    if state is None and isinstance(err, psycopg.OperationalError):
        return Transient.CONNECTION_LOST
    return None


class DatabaseUnavailable(RuntimeError):
    """The database stayed unavailable for longer than the load is willing to wait."""


@dataclass(frozen=True)
class Patience:
    """How long to wait: the first retry after `first_delay` s, each next one twice as late (at most
    `longest_delay`), none that would start later than `give_up_after` s after the first failure."""

    give_up_after: float
    first_delay: float = 1.0
    longest_delay: float = 16.0

    @classmethod
    def from_env(cls) -> Patience:
        return cls(float(os.environ.get("WAREHOUSE_DB_RETRY_SECONDS", 120)))

    def run(self, transaction: Callable[[], T], what: str) -> T:
        """`transaction()`, run again after each transient error; raises DatabaseUnavailable when time is up."""
        first_failure = None
        attempt = 1
        while True:
            try:
                return transaction()
            except Exception as err:
                why = transient(err)
                if why is None:
                    raise
                now = time.monotonic()
                if first_failure is None:
                    first_failure = now
                delay = min(self.first_delay * 2 ** (attempt - 1), self.longest_delay)
                if now + delay - first_failure > self.give_up_after:
                    raise DatabaseUnavailable(
                        f"{why.value} while loading {what}; gave up after {now - first_failure:.0f} s and "
                        f"{attempt} attempts ({_described(err)})") from err
                attempt += 1
                # a conflict is the ordinary price of loads running at the same time: shown with --debug only
                level = logging.INFO if why is Transient.CONFLICT else logging.WARNING
                logger.log(level, "%s while loading %s; retrying in %g s (attempt %d)", why.value, what, delay,
                           attempt)
                time.sleep(delay)


def _described(err: BaseException) -> str:
    """The driver's error and its first line (SQLAlchemy's wrapping adds the statement, of no use here)."""
    cause = err.orig if isinstance(err, DBAPIError) else err
    return f"{type(cause).__name__}: {(str(cause).strip().splitlines() or [''])[0]}"


def in_transaction(engine: Engine, work: Callable[[Connection], T], what: str) -> T:
    """`work` in a transaction of its own, committed, run again from its start after a transient error for as long
    as `Patience.from_env()` allows; `what` names it on the console."""
    in_doubt: list[tuple[str, T]] = []  # the transaction whose COMMIT is running, and its result

    def attempt() -> T:
        if in_doubt:  # the last attempt was cut during its COMMIT
            transaction_id, result = in_doubt[0]
            with engine.connect() as conn:
                status = conn.scalar(text("select pg_xact_status(cast(:id as xid8))"), {"id": transaction_id})
            in_doubt.clear()
            if status == "committed":
                return result
        with engine.connect() as conn, conn.begin() as transaction:
            result = work(conn)
            written = conn.scalar(text("select pg_current_xact_id_if_assigned()::text"))  # None: wrote nothing
            if written:
                in_doubt.append((written, result))
            transaction.commit()
        in_doubt.clear()
        return result

    return Patience.from_env().run(attempt, what)
