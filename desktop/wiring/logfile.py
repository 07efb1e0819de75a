"""The app's log file: built by the composition root, in the platform's usual log folder.

``start_log`` sends the app's own records (the ``desktop`` loggers) at the chosen level,
and other libraries' warnings, to a rotating file in ``UserPaths.log``: the XDG state
folder on Linux (``~/.local/state/hygiene-helper/log``), ``%LOCALAPPDATA%`` on Windows,
``~/Library/Logs/HygieneHelper`` on macOS. The tray app writes ``app.log``, the
``hygiene`` command ``cli.log``, so two processes never rotate one file. The folder is
the person's alone (0700) and the file is created 0600.

What goes in: what happened and why it failed, as error names, counts, rule and check
ids, host names, and the ``detail`` of device readings and mail delivery written for
IT. What never goes in: a password, any hash of one, a personal word or a report's
text; callers log none of them, and a test runs a whole session at ``debug`` and looks
for each in the file.

The file is kept to ``MAX_BYTES``: when a record would pass it, ``app.log`` becomes
``app.log.1`` (and ``.1`` becomes ``.2``, up to ``BACKUPS``; the oldest goes), as the
standard library's rotating handler does. That handler is not used because its module
(``logging.handlers``) brings ``pickle`` and ``queue`` for its network handlers: half a
MiB in a tray app that only writes one file. Each new file is made 0600 too.

Logging is process-wide by nature: starting the log again (a test starting the app
twice) replaces the handler it added before, and ``stop_log`` closes it.
"""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from desktop.core.kit.paths import private_dir

LEVELS = ("debug", "info", "warning", "error")
DEFAULT_LEVEL = "info"
MAX_BYTES = 512 * 1024  # a few thousand lines; four files in all at most
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
APP_LOGGER = "desktop"

_installed: logging.Handler | None = None


def _create_private(path: Path) -> None:
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))


class RotatingLog(logging.FileHandler):
    """A log file kept under ``max_bytes``, with ``backups`` older files beside it."""

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> None:
        _create_private(path)
        super().__init__(path, mode="a", encoding="utf-8")
        self.path, self.max_bytes, self.backups = path, max_bytes, backups

    def emit(self, record: logging.LogRecord) -> None:
        # Handler.handle holds this handler's lock around emit: one rotation at a time.
        try:
            if self._full(record):
                self._rotate()
        except Exception:  # a log that cannot rotate must never stop the app
            self.handleError(record)
            return
        super().emit(record)

    def _full(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            return False
        line = f"{self.format(record)}{self.terminator}".encode("utf-8", "replace")
        self.stream.seek(0, os.SEEK_END)  # another copy may have written since
        return self.stream.tell() + len(line) > self.max_bytes > 0

    def _rotate(self) -> None:
        self.close_stream()
        for index in range(self.backups - 1, 0, -1):
            older = self.path.with_name(f"{self.path.name}.{index}")
            if older.exists():
                older.replace(self.path.with_name(f"{self.path.name}.{index + 1}"))
        if self.backups > 0:
            self.path.replace(self.path.with_name(f"{self.path.name}.1"))
        else:
            self.path.unlink(missing_ok=True)
        _create_private(self.path)
        self.stream = self._open()

    def close_stream(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None


def add_log_level_option(parser: argparse.ArgumentParser) -> None:
    """``--log-level`` for ``hygiene-helper`` and ``hygiene``."""
    parser.add_argument(
        "--log-level",
        choices=LEVELS,
        default=DEFAULT_LEVEL,
        help=f"how much goes in the log file (default: {DEFAULT_LEVEL}); "
        "passwords and what you type are never logged",
    )


def start_log(folder: Path, level: str = DEFAULT_LEVEL, name: str = "app") -> Path | None:
    """Log to ``folder/<name>.log`` from now on; the file, or None when the folder
    cannot be made (the app runs on without a log file)."""
    global _installed
    stop_log()
    path = folder / f"{name}.log"
    try:
        private_dir(folder)
        handler: logging.Handler = RotatingLog(path)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)  # other libraries: their warnings only
    logging.getLogger(APP_LOGGER).setLevel(level.upper())
    _installed = handler
    return path


def stop_log() -> None:
    """Close the log file this module opened, if any."""
    global _installed
    if _installed is not None:
        logging.getLogger().removeHandler(_installed)
        _installed.close()
        _installed = None
        logging.getLogger(APP_LOGGER).setLevel(logging.NOTSET)
