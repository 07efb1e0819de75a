"""Keeping the tray app's resident memory down: two process-wide measures.

**Source lines read at import.** Once PySide6 is loaded, its ``__feature__`` support
reads the whole source of each module imported afterwards (``inspect.getsource``) to
see whether it mentions PySide6, and Python's ``linecache`` keeps every line it read for
the life of the process: about 3 MiB of text for the app's modules, held as 7 to 8 MiB
of string objects. Clearing the cache later gives little back, because the lines
are by then interleaved with the code objects of the modules that followed them.
``forget_source_lines`` therefore adds an audit hook (PEP 578, ``sys.addaudithook``)
that, as each new module starts to load, swaps every entry read since the last time for
one with no lines whose file time cannot match, so one module's lines are freed before
the next module is built and their space is reused. Nothing of PySide6 is changed: its
scan still runs and still sees the whole source.

Entries are replaced, never removed, because ``linecache`` takes no lock: its
``getlines`` tests for a file, then reads the entry again after a call, so removing a key
from another thread in between would raise ``KeyError`` out of someone else's import.
A replaced entry still has four fields; a reader that fetched the old one keeps its
lines. ``checkcache`` (which ``traceback`` and ``inspect`` call first) sees the file time
differ, drops the entry and reads the file afresh, so tracebacks still show their lines
(a file read afresh that way keeps its lines); a bare ``getline`` (``warnings``) may show
none. That drop is ``linecache``'s own, as for any file changed on disk, so it races only
with another thread reading the same file at the same moment, as it always has.

**Memory freed but kept by the C allocator.** Checking a password builds and drops
large objects (the strength estimator's matches, the breach lookup's buffers) on
worker threads; glibc keeps the freed pages in its arenas. ``give_back_free_memory``
calls glibc's ``malloc_trim(0)``, which returns every free page to the system. It is a
no-op elsewhere (other C libraries, Windows, macOS), where ``False`` says it did not run.
"""

from __future__ import annotations

import ctypes
import linecache
import sys
from collections.abc import Callable
from typing import Any

_installed: list[bool] = []
_trim: list[Callable[[int], int] | None] = []


# A file time no file has, so ``linecache.checkcache`` always reads the file afresh.
_STALE = -1.0
_Entry = tuple[int, float | None, list[str], str]  # (size, file time, lines, full name)
_emptied: dict[str, _Entry] = {}  # every entry this hook put in, by file


def _forget_on_import(event: str, _args: tuple[Any, ...]) -> None:
    if event != "import":
        return
    cache = linecache.cache
    for name in cache.keys() - _emptied.keys():  # one C-level step: no other thread runs
        entry = cache.get(name)
        if entry is None or len(entry) != 4:  # gone already, or a lazy entry (no lines)
            continue
        size, _mtime, _lines, fullname = entry
        emptied: _Entry = (size, _STALE, [], fullname)
        cache[name] = emptied
        _emptied[name] = emptied


def forget_source_lines() -> None:
    """Let go of source lines as each new module loads, from now on (see the module notes).

    Call it before PySide6 is imported. Audit hooks cannot be removed, so it is added once
    per process however often this is called (the tests start the app many times)."""
    if not _installed:
        sys.addaudithook(_forget_on_import)
        _installed.append(True)


def _malloc_trim() -> Callable[[int], int] | None:
    if not _trim:
        trim = None
        if sys.platform.startswith("linux"):
            try:
                found = ctypes.CDLL(None).malloc_trim  # glibc only; musl has none
            except (OSError, AttributeError):
                found = None
            if found is not None:
                found.argtypes = [ctypes.c_size_t]
                found.restype = ctypes.c_int
                trim = found
        _trim.append(trim)
    return _trim[0]


def give_back_free_memory() -> bool:
    """Return the C allocator's free pages to the system; False where it cannot."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
