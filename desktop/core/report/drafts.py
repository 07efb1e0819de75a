"""The report draft, saved as the person goes so nothing is lost in a crash or restart.

One draft at a time lives in ``<user config folder>/drafts/report.json``: the folder is
0700 and the file 0600, written atomically. It holds only the report's own answers
(what happened, which account, when, names, ticked steps): ``ReportAnswers`` has no
field for a password. Once the report is sent the draft is removed. A draft that cannot
be read is moved aside, never overwritten, and the person is told.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.core.report.files import atomic_write
from desktop.core.report.model import ReportAnswers, Step, WhatHappened
from desktop.core.report.reference import is_reference

FORMAT_VERSION = 1
DRAFT_NAME = "report.json"


class DraftError(ValueError):
    """A draft file that cannot be used; the message says what to do."""


@dataclass(frozen=True)
class Draft:
    """Saved answers, the page the person was on, and the last send failure if any."""

    answers: ReportAnswers
    page: str = ""
    last_error: str = ""
    saved: datetime | None = None


def _when(value: Any) -> datetime:
    if not isinstance(value, str):
        raise DraftError("a time is missing")
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise DraftError("a time has no time zone")
    return moment


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise DraftError(f"'{key}' is not text")
    return value


def to_json(draft: Draft) -> dict[str, Any]:
    a = draft.answers
    return {
        "version": FORMAT_VERSION,
        "saved": draft.saved.isoformat() if draft.saved else None,
        "page": draft.page,
        "last_error": draft.last_error,
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
        },
    }


def from_json(data: Any) -> Draft:
    """Rebuild a draft; raise DraftError for anything that is not a draft we wrote."""
    try:
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
            raise DraftError("unknown format")
        raw = data.get("answers")
        if not isinstance(raw, dict):
            raise DraftError("no answers")
        reference = _text(raw, "reference")
        if not is_reference(reference):
            raise DraftError("bad reference")
        what = raw.get("what")
        others = raw.get("other_accounts", [])
        steps = raw.get("steps_done", {})
        if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
            raise DraftError("bad account list")
        if not isinstance(steps, dict) or not isinstance(raw.get("burned", False), bool):
            raise DraftError("bad steps")
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
        )
        saved = data.get("saved")
        return Draft(
            answers,
            _text(data, "page"),
            _text(data, "last_error"),
            _when(saved) if saved is not None else None,
        )
    except (ValueError, TypeError) as exc:  # bad enum value or ISO time included
        raise DraftError(str(exc)) from None


class DraftStore:
    """Loads, saves and removes the one report draft in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / DRAFT_NAME
        self.problem = ""

    def save(self, draft: Draft) -> None:
        """Write the draft atomically (0600 in a 0700 folder). Raises OSError on failure."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(self.folder, 0o700)
        data = json.dumps(to_json(draft), ensure_ascii=False, indent=1, sort_keys=True)
        atomic_write(self.path, data.encode("utf-8"))

    def load(self) -> Draft | None:
        """The saved draft, or None. A damaged draft is renamed (kept, not lost) and
        ``problem`` says where it went."""
        self.problem = ""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            self.problem = f"Your saved report could not be read ({exc.strerror})."
            return None
        try:
            return from_json(json.loads(raw.decode("utf-8")))
        except (UnicodeDecodeError, json.JSONDecodeError, DraftError):
            kept = self._move_aside()
            self.problem = (
                "Your saved report was damaged and could not be opened. "
                f"It has been kept as {kept.name} in {self.folder}."
            )
            return None

    def _move_aside(self) -> Path:
        n = 1
        while (target := self.folder / f"report.damaged-{n}.json").exists():
            n += 1
        try:
            os.replace(self.path, target)
        except OSError:
            return self.path
        return target

    def remove(self) -> None:
        """Forget the draft (after the report was sent or handed over)."""
        self.path.unlink(missing_ok=True)
