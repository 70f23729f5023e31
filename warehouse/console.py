"""What the `warehouse` command shows: its console, exit codes, log on stderr, progress bars, and document text
printed literally (a file name or a label never acts on the terminal)."""
from __future__ import annotations

import logging
import re
import sys

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress

# piped output (CI logs, files) gets wide tables instead of 80 columns; :name: in a title stays text, no emoji
console = Console(highlight=False, emoji=False, width=None if sys.stdout.isatty() else 160)

# Exit codes (README, "Exit codes"): 0 done; 1 done, but files were refused (load) or extraction findings are
# listed (check); 2 could not run or stopped (bad arguments, the database unreachable or lost); 130 interrupted
DONE, REFUSED, FAILED, INTERRUPTED = 0, 1, 2, 130

# C0/C1 controls (ANSI escapes, carriage returns) and bidi overrides would act on the terminal; lone surrogates
# (undecodable bytes of a file name) cannot be written to it
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


log = logging.getLogger("warehouse")  # not __name__: that is __main__ under `python -m warehouse.cli`


class _Stderr(logging.StreamHandler):
    """The command's log: on the stderr of the moment (a test may have replaced sys.stderr since the last)."""

    def __init__(self, debug: bool) -> None:
        super().__init__(sys.stderr)
        self.setFormatter((logging.Formatter if debug else _WithoutTraceback)("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        # under a progress bar sys.stderr is rich's proxy, which prints the line above the bar, not into it
        self.stream = sys.stderr
        super().emit(record)


class _WithoutTraceback(logging.Formatter):
    """One line per record: tracebacks are for --debug."""

    def format(self, record: logging.LogRecord) -> str:
        record.message = record.getMessage()
        return self.formatMessage(record)


def log_to_stderr(debug: bool) -> None:
    """Warnings and errors on stderr, one line each; with --debug, everything of ours, tracebacks included. The
    library's loggers (etl.*) have no handlers of their own: this is where their records are shown."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _Stderr)]:
        root.removeHandler(handler)
    root.addHandler(_Stderr(debug))
    for ours in ("etl", "warehouse"):
        logging.getLogger(ours).setLevel(logging.DEBUG if debug else logging.WARNING)


def visible(text: str) -> str:
    """Text from a document or a file name with its control characters shown as escapes (\\x1b), not obeyed."""
    return _CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


def literal(text: str) -> str:
    """Text from a document or a file name as markup that prints it as it is ([bold] stays text)."""
    return escape(visible(text))


class BarProgress:
    """A load's progress on the terminal (etl.service.Progress): one bar per stage."""

    def __init__(self, bar: Progress) -> None:
        self._bar, self._task = bar, None

    def stage(self, name: str, total: int) -> None:
        if self._task is not None:
            self._bar.remove_task(self._task)
        self._task = self._bar.add_task(name, total=total, file="")

    def advance(self, label: str) -> None:
        self._bar.update(self._task, advance=1, file=visible(label))


def first_line(err: BaseException) -> str:
    return f"{type(err).__name__}: {(str(err).strip().splitlines() or [''])[0]}"
