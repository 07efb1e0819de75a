"""The report draft, saved as the person goes so nothing is lost in a crash or restart.

One draft at a time lives in ``<user config folder>/drafts/report.json``: the folder is
0700 and the file 0600, written atomically. It holds only the report's own answers
(what happened, which account, when, names, ticked steps): ``ReportAnswers`` has no
field for a password. Once the report is sent the draft is removed. A draft that cannot
be read is moved aside, never overwritten, and the person is told (the one damaged-file
rule of ``kit.jsonfile``).

Exactly one report: the draft keeps the report's ``Message-ID`` and, from just before
each send through the relay until its answer, when that send was started. A send cut
short (the relay took the message but the answer never came, or the app was killed)
leaves that time in the draft, so on reopening the wizard can say a copy may already
have gone; sending again reuses the same Message-ID, so the desk's mail system sees
one report.

"Saved" only when saved: ``save`` writes atomically, then reads the file back and
compares it with what it meant to write; anything short of that raises ``DraftNotSaved``
(an OSError), so the wizard can tell the person at once. One draft has one writer at a
time: a wizard holds ``DraftLock`` (an OS lock on a small file beside the drafts folder,
with its process id written in it) for as long as it is open. The OS drops the lock when the
process ends, however it ends, so a crash never leaves the draft locked.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.core.kit.i18n import _
from desktop.core.kit.jsonfile import FileFault, load_json, read_capped, write_json
from desktop.core.kit.paths import private_dir
from desktop.core.report.kinds import KINDS
from desktop.core.report.model import (
    MAX_DETAILS,
    MAX_LINE,
    ReportAnswers,
    Step,
    WhatHappened,
)
from desktop.core.report.reference import is_reference

FORMAT_VERSION = 1
DRAFT_NAME = "report.json"
MAX_VALUES = 40  # a kind has a handful of questions; a draft with hundreds is not ours


class DraftNotSaved(OSError):
    """The draft was written but does not read back as written."""


class DraftError(ValueError):
    """A draft file that cannot be used; the message says what to do."""


@dataclass(frozen=True)
class Draft:
    """Saved answers, the page the person was on, and the last send failure if any."""

    answers: ReportAnswers
    page: str = ""
    last_error: str = ""
    saved: datetime | None = None
    message_id: str = ""
    send_started: datetime | None = None


def _when(value: Any) -> datetime:
    if not isinstance(value, str):
        raise DraftError(_("a time is missing"))
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise DraftError(_("a time has no time zone"))
    return moment


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise DraftError(_("'{key}' is not text", key=key))
    return value


def _within_limits(answers: ReportAnswers) -> ReportAnswers:
    """The answers, if no text is longer than the wizard lets anyone type (DraftError)."""
    lines = (answers.account, answers.reporter_name, answers.reporter_email)
    longest_line = max((len(t) for t in (*lines, *answers.other_accounts)), default=0)
    texts = (answers.details, answers.note, answers.attachment, *answers.values.values())
    if (
        longest_line > MAX_LINE * 4
        or max(len(t) for t in texts) > MAX_DETAILS * 4
        or len(answers.values) > MAX_VALUES
    ):
        raise DraftError(_("an answer is far longer than the wizard allows"))
    return answers


def to_json(draft: Draft) -> dict[str, Any]:
    a = draft.answers
    return {
        "version": FORMAT_VERSION,
        "saved": draft.saved.isoformat() if draft.saved else None,
        "page": draft.page,
        "last_error": draft.last_error,
        "message_id": draft.message_id,
        "send_started": draft.send_started.isoformat() if draft.send_started else None,
        "answers": {
            "reference": a.reference,
            "started": a.started.isoformat(),
            "when": a.when.isoformat(),
            "what": a.what.value if a.what else None,
            "details": a.details,
            "account": a.account,
            "reporter_name": a.reporter_name,
            "reporter_email": a.reporter_email,
            "note": a.note,
            "other_accounts": list(a.other_accounts),
            "burned": a.burned,
            "steps_done": {s.value: t.isoformat() for s, t in a.steps_done.items()},
            "kind": a.kind,
            "values": dict(a.values),
            "ticks": {k: t.isoformat() for k, t in a.ticks.items()},
            "attachment": a.attachment,
        },
    }


def from_json(data: Any) -> Draft:
    """Rebuild a draft; raise DraftError for anything that is not a draft we wrote."""
    try:
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
            raise DraftError(_("unknown format"))
        raw = data.get("answers")
        if not isinstance(raw, dict):
            raise DraftError(_("no answers"))
        reference = _text(raw, "reference")
        if not is_reference(reference):
            raise DraftError(_("bad reference"))
        what = raw.get("what")
        others = raw.get("other_accounts", [])
        steps = raw.get("steps_done", {})
        if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
            raise DraftError(_("bad account list"))
        if not isinstance(steps, dict) or not isinstance(raw.get("burned", False), bool):
            raise DraftError(_("bad steps"))
        kind = raw.get("kind", "leak")
        values = raw.get("values", {})
        ticks = raw.get("ticks", {})
        if kind not in KINDS:
            raise DraftError(_("unknown kind of report"))
        if not isinstance(values, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in values.items()
        ):
            raise DraftError(_("bad answers"))
        if not isinstance(ticks, dict) or not all(isinstance(k, str) for k in ticks):
            raise DraftError(_("bad ticks"))
        answers = ReportAnswers(
            reference=reference,
            started=_when(raw.get("started")),
            when=_when(raw.get("when")),
            what=WhatHappened(what) if what is not None else None,
            details=_text(raw, "details"),
            account=_text(raw, "account"),
            reporter_name=_text(raw, "reporter_name"),
            reporter_email=_text(raw, "reporter_email"),
            note=_text(raw, "note"),
            other_accounts=tuple(others),
            burned=bool(raw.get("burned", False)),
            steps_done={Step(k): _when(v) for k, v in steps.items()},
            kind=kind,
            values=dict(values),
            ticks={k: _when(v) for k, v in ticks.items()},
            attachment=_text(raw, "attachment"),
        )
        saved = data.get("saved")
        started = data.get("send_started")
        message_id = _text(data, "message_id")
        if message_id and not (message_id.startswith("<") and message_id.endswith(">")):
            raise DraftError(_("bad Message-ID"))
        return Draft(
            _within_limits(answers),
            _text(data, "page"),
            _text(data, "last_error")[:500],
            _when(saved) if saved is not None else None,
            message_id,
            _when(started) if started is not None else None,
        )
    except (ValueError, TypeError) as exc:  # bad enum value or ISO time included
        raise DraftError(str(exc)) from None


class DraftStore:
    """Loads, saves and removes the one report draft in ``folder``."""

    def __init__(self, folder: Path, name: str = DRAFT_NAME) -> None:
        self.folder = folder
        self.path = folder / name
        self.problem = ""

    def for_kind(self, kind_id: str) -> DraftStore:
        """The draft store of a kind of report: the leak report keeps ``report.json``,
        every other kind its own ``report-<kind>.json`` beside it (and its own lock), so
        an unfinished report of one kind never stands in the way of another."""
        if kind_id not in KINDS:
            raise ValueError(f"unknown kind of report: {kind_id!r}")
        name = DRAFT_NAME if kind_id == "leak" else f"report-{kind_id}.json"
        return DraftStore(self.folder, name)

    def save(self, draft: Draft) -> None:
        """Write the draft atomically (0600 in a 0700 folder) and read it back. Raises
        OSError (``DraftNotSaved`` when it reads back differently) on any failure."""
        private_dir(self.folder)
        wanted = to_json(draft)
        write_json(self.path, wanted)
        try:
            raw = read_capped(self.path)
            back = json.loads(raw.decode("utf-8")) if raw is not None else None
        except (FileFault, ValueError) as exc:
            raise DraftNotSaved(_("the draft could not be read back: {exc}", exc=exc)) from None
        if back != wanted:
            raise DraftNotSaved(_("the draft read back differs from what was written"))

    def lock(self) -> DraftLock:
        """The draft's lock. It lives beside the drafts folder, not in it, so opening a
        wizard and closing it again leaves no drafts folder behind."""
        stem = self.path.stem  # "report" gives the lock its name from before kinds
        return DraftLock(self.folder.parent / f".{self.folder.name}-{stem}.lock")

    def load(self) -> Draft | None:
        """The saved draft, or None. A damaged draft is kept aside (renamed, not lost)
        and ``problem`` says where it went."""
        loaded = load_json(
            self.path,
            from_json,
            None,
            what=_("Your saved report"),
            instead=_("the report starts afresh"),
        )
        self.problem = loaded.problem
        return loaded.value

    def remove(self) -> None:
        """Forget the draft (after the report was sent or handed over)."""
        self.path.unlink(missing_ok=True)


class DraftLock:
    """One writer per draft: an OS lock on a small file beside it, holding our pid."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock; False when another wizard holds it. A lock that cannot be made
        at all (a read-only or full folder) is not a second writer: True, and the
        save that follows says what is wrong."""
        if self._fd is not None:
            return True
        try:
            private_dir(self.path.parent)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return True
        if not _try_lock(fd):
            os.close(fd)
            return False
        self._fd = fd
        try:  # for people and tools looking at the folder; the OS lock is what counts
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        except OSError:
            pass  # a full disk: the lock still holds
        return True

    def owner(self) -> int:
        """The pid written by whoever holds the lock (0 when unknown)."""
        try:
            text = self.path.read_text(encoding="ascii").strip()
        except (OSError, ValueError):
            return 0
        return int(text) if text.isdigit() else 0

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing drops the OS lock

    def __del__(self) -> None:
        # A wizard dropped without being closed must not keep the draft from the next.
        self.release()


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
