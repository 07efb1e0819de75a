"""Reports left half done: which kinds have a draft kept for next time, and the reminder.

A report stopped part way ("Stop for now", a closed window, a crash) keeps its draft.
Nothing else would bring the person back to it, so the next start of the tray app
reminds them once (a notice whose button carries the report on), and "What happened?"
puts the keyboard on the unfinished kind with a line saying so. A draft that a report
window holds open right now (in this app or another) is not left half done: it is being
worked on, so it is left out.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from desktop.core.kit.i18n import _, ngettext
from desktop.core.report.drafts import DraftStore
from desktop.core.report.steps import ReportKind


def unfinished_kinds(drafts: DraftStore, kinds: Iterable[ReportKind]) -> tuple[ReportKind, ...]:
    """The kinds, of ``kinds``, with a draft kept and no report window holding it."""
    out: list[ReportKind] = []
    for kind in kinds:
        store = drafts.for_kind(kind.kind_id)
        if not _is_file(store.path):
            continue
        lock = store.lock()
        if not lock.acquire():
            continue  # open in a report window now
        lock.release()
        out.append(kind)
    return tuple(out)


def _is_file(path: Path) -> bool:
    """A draft file is there (a folder that cannot be read holds no draft to offer)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


@dataclass(frozen=True)
class UnfinishedNotice:
    """The reminder: its title, its words, its button, and the kind it carries on
    ("" when there are several: the button opens "What happened?")."""

    title: str
    text: str
    action: str
    kind_id: str


def unfinished_notice(kinds: tuple[ReportKind, ...]) -> UnfinishedNotice | None:
    """What to say about ``kinds`` left unfinished; None when there are none."""
    if not kinds:
        return None
    if len(kinds) == 1:
        text = _(
            "You started a report and did not send it: \u201c{label}\u201d. Your answers "
            "are saved, so you can carry on where you stopped.",
            label=_(kinds[0].label),
        )
        return UnfinishedNotice(
            _("A report is not finished"), text, _("Carry on with the report"), kinds[0].kind_id
        )
    text = ngettext(
        "You started {n} report and did not send it. Your answers are saved, so you can "
        "carry on where you stopped.",
        "You started {n} reports and did not send them. Your answers are saved, so you can "
        "carry on where you stopped.",
        len(kinds),
    )
    return UnfinishedNotice(_("Reports not finished"), text, _("Carry on with a report"), "")


def chooser_line(kinds: tuple[ReportKind, ...]) -> str:
    """The line at the top of "What happened?" when reports are unfinished ("" if none)."""
    if not kinds:
        return ""
    if len(kinds) == 1:
        return _(
            "You have a report you did not finish: \u201c{label}\u201d. It is chosen below: "
            "press Continue to carry on where you stopped.",
            label=_(kinds[0].label),
        )
    return _(
        "You have reports you did not finish: they say so below. Choose one to carry on "
        "where you stopped."
    )
