"""Reading and writing the app's small local files, with one rule for damage.

Reading (``read_capped``): the path is looked at before it is opened. A folder, named
pipe, device or socket is refused without opening it (a pipe would wait for ever, a
device like ``/dev/zero`` never ends); so is anything larger than the cap. The file is
opened with ``O_NONBLOCK`` and checked again on the open handle, so a file swapped for
a pipe in between cannot block either. A link to nothing, a folder the person may not
enter and a file they may not read are each said plainly. Nothing here raises anything
but ``FileFault`` (whose text is one plain sentence).

The damaged-file rule (``load_json``), the same for settings, the lock count and the
report draft: a file that is not UTF-8, not JSON, nested deeper than ``MAX_DEPTH`` or
not the shape the caller expects is *kept aside*, renamed to
``<name>.damaged-<UTC time>`` next to it, never deleted or overwritten; the caller gets
its safe default and one message saying what happened, where the file went and what is
in use instead. A file that cannot be read at all (see above) is left where it is and
reported the same way.

Writing (``write_atomic``): a temporary file in the same folder (0600 from the start),
flushed to disk, renamed over the old one, and the folder flushed, so a crash leaves
the old file or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from desktop.core.kit.clock import SystemClock
from desktop.core.kit.i18n import N_, _
from desktop.core.kit.paths import private_dir

MAX_BYTES = 1 << 20  # 1 MiB: the largest of these files is a few kilobytes
MAX_DEPTH = 32  # none of our files nests deeper than 4

T = TypeVar("T")

_KINDS = (
    (stat.S_ISDIR, N_("a folder")),
    (stat.S_ISFIFO, N_("a named pipe")),
    (stat.S_ISCHR, N_("a device")),
    (stat.S_ISBLK, N_("a device")),
    (stat.S_ISSOCK, "a socket"),
)


class FileFault(Exception):
    """A local file that could not be used; ``str()`` says what is wrong with it."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind  # "dangling", "not_regular", "too_large", "unreadable", "damaged"


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return _(name)
    return _("not an ordinary file")


def _stat(path: Path) -> os.stat_result | None:
    """The file's details (following links); None when there is no file at all."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        try:
            target = os.readlink(path)
        except OSError:
            return None
        raise FileFault(
            _("{path} is a link to {target}, which does not exist", path=path, target=target),
            "dangling",
        ) from None
    except PermissionError:
        raise FileFault(
            _("{path} cannot be reached: you do not have permission to open its folder", path=path),
            "unreadable",
        ) from None
    except OSError as exc:
        raise FileFault(
            _("{path} cannot be read ({value})", path=path, value=exc.strerror or exc), "unreadable"
        ) from None


def present(path: Path) -> bool:
    """Whether anything (a file, a link, even a broken one) is at ``path``.

    A folder that cannot be entered counts as present, so reading it reports why.
    """
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True
    return True


def _refuse(path: Path, info: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise FileFault(
            _("{path} is {kind}, not an ordinary file", path=path, kind=_kind(info.st_mode)),
            "not_regular",
        )
    if info.st_size > limit:
        raise FileFault(
            _(
                "{path} is {st_size:,} bytes, far larger than this file ever is (at most "
                "{limit:,})",
                path=path,
                st_size=info.st_size,
                limit=limit,
            ),
            "too_large",
        )


def read_capped(path: Path, limit: int = MAX_BYTES) -> bytes | None:
    """The file's bytes, None when there is no file, or FileFault saying why not."""
    info = _stat(path)
    if info is None:
        return None
    _refuse(path, info, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except PermissionError:
        raise FileFault(
            _("{path} cannot be read: you do not have permission to read it", path=path),
            "unreadable",
        ) from None
    except OSError as exc:
        raise FileFault(
            _("{path} cannot be read ({value})", path=path, value=exc.strerror or exc), "unreadable"
        ) from None
    try:
        _refuse(path, os.fstat(fd), limit)  # the file may have been swapped since the look
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(65536, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise FileFault(
            _("{path} cannot be read ({value})", path=path, value=exc.strerror or exc), "unreadable"
        ) from None
    finally:
        os.close(fd)
    if size > limit:
        raise FileFault(
            _("{path} grew past {limit:,} bytes while being read", path=path, limit=limit),
            "too_large",
        )
    return b"".join(chunks)


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def json_depth(text: str) -> int:
    """How deeply ``text``'s arrays and objects nest, found without parsing it."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_JSON_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def value_depth(value: Any) -> int:
    """How deeply a parsed value nests (lists and dicts), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list | tuple):
            deepest = max(deepest, depth + 1)
            if depth + 1 > MAX_DEPTH:
                break
            stack.extend((child, depth + 1) for child in item)
    return deepest


def parse_json(raw: bytes, limit: int = MAX_DEPTH) -> Any:
    """Decode JSON bytes; ValueError for text that is not UTF-8, not JSON or too deep."""
    text = raw.decode("utf-8-sig")  # UnicodeDecodeError is a ValueError
    if json_depth(text) > limit:
        raise ValueError(f"nested more than {limit} levels deep")
    try:
        return json.loads(text)
    except RecursionError:  # belt and braces: the scan above should have said so
        raise ValueError("nested too deeply") from None


def _timestamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def keep_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename a damaged file to ``<name>.damaged-<UTC time>`` beside it; returns the new
    path. Raises OSError when it cannot be moved."""
    stamp = _timestamp(now or SystemClock().now())
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 2
    while present(target):
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
        n += 1
    os.replace(path, target)
    return target


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """What a load gave: the value (the safe default when ``problem`` is set)."""

    value: T
    problem: str = ""
    kept_as: Path | None = None


def load_json(
    path: Path,
    shape: Callable[[Any], T],
    default: T,
    *,
    what: str,
    instead: str,
    limit: int = MAX_BYTES,
    now: Callable[[], datetime] | None = None,
) -> Loaded[T]:
    """Read ``path`` and turn its JSON into a value with ``shape`` (which raises
    ValueError, TypeError, KeyError or AttributeError for data of the wrong shape).

    ``what`` names the file for a person ("Your settings"), ``instead`` says what is in
    use when it cannot be used ("the defaults are in use"). Never raises.
    """
    try:
        raw = read_capped(path, limit)
    except FileFault as fault:
        return Loaded(
            default,
            _(
                "{what} could not be used: {fault}. Until then {instead}.",
                what=what,
                fault=fault,
                instead=instead,
            ),
        )
    if raw is None:
        return Loaded(default)
    try:
        return Loaded(shape(parse_json(raw)))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        pass
    try:
        kept = keep_aside(path, now() if now else None)
    except OSError as exc:
        return Loaded(
            default,
            _(
                "{what} is damaged and could not be moved aside ({value}), so {instead}.",
                what=what,
                value=exc.strerror or exc,
                instead=instead,
            ),
        )
    return Loaded(
        default,
        _(
            "{what} was damaged, so {instead}. Nothing was deleted: the damaged file "
            "was kept as {name} in {parent}.",
            what=what,
            instead=instead,
            name=kept.name,
            parent=kept.parent,
        ),
        kept,
    )


def write_atomic(path: Path, data: bytes, mode: int = 0o600, private_folder: bool = True) -> None:
    """Write ``data`` to ``path`` in one step (see the module notes); OSError on failure.

    ``private_folder`` makes the folder 0700 (the app's own folders); pass False for a
    folder the person chose, such as where they save a report.
    """
    if private_folder:
        private_dir(path.parent)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode != 0o600:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if os.name == "posix":  # make the rename itself survive a power cut
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_json(path: Path, value: Any) -> None:
    """Write ``value`` as JSON atomically, readable by the owner only."""
    text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    write_atomic(path, text.encode("utf-8"))
