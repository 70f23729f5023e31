"""The log records of the reading processes, handled by the loggers of the process that started them.

A pool's workers configure no handler (a library leaves that to its application): each sends its records
over a queue, and the parent hands them to its own loggers, so `warehouse load --debug` or a Dagster run shows
what a worker logged, tracebacks included, as if it were logged in the parent.
"""
from __future__ import annotations

import copy
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from logging.handlers import QueueHandler, QueueListener
from multiprocessing.context import BaseContext

OURS = "etl"  # the workers log our records from the level the parent's `etl` logger has, others from WARNING


@contextmanager
def forwarded(context: BaseContext) -> Iterator[tuple]:
    """A queue the workers log to while the block runs: the pool's `initializer=to_parent, initargs=` these."""
    queue = context.Queue()
    listener = QueueListener(queue, _InParent())
    listener.start()
    try:
        yield queue, logging.getLogger(OURS).getEffectiveLevel()
    finally:
        listener.stop()
        queue.close()


def to_parent(queue, level: int) -> None:
    """A worker's logging: every record to the parent."""
    logging.getLogger().handlers[:] = [_ToParent(queue)]
    logging.getLogger(OURS).setLevel(level)


class _ToParent(QueueHandler):
    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        # the message and the traceback as text (a traceback object cannot be pickled); unlike the default,
        # the traceback stays apart from the message, so that the parent's formatter decides whether to show it
        record = copy.copy(record)
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        return record


class _InParent(logging.Handler):
    def handle(self, record: logging.LogRecord) -> bool:
        logger = logging.getLogger(record.name)
        if logger.isEnabledFor(record.levelno):
            logger.handle(record)
        return True
