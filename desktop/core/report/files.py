"""Writing report files safely: atomically, readable only by the person.

A crash part-way through a write leaves either the old file or the new one, never a
half-written file, so a draft or a saved report is never lost.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.kit.i18n import _
from desktop.core.kit.jsonfile import write_atomic

if TYPE_CHECKING:  # files.py is also used without the mail modules (see __init__)
    from email.message import EmailMessage


class SaveError(OSError):
    """A file could not be written; the message says which and why, in plain words."""


def eml_bytes(message: EmailMessage) -> bytes:
    """The message as a standard .eml file (CRLF line endings, as mail apps expect)."""
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


def save_eml(message: EmailMessage, path: Path) -> Path:
    """Save the report as an .eml file any mail app can open; returns the path used."""
    if path.suffix.lower() != ".eml":
        path = path.with_name(path.name + ".eml")
    try:
        # The kit's one atomic writer: 0600 from the start, so the report is never
        # readable by others, not even for a moment. The folder is the person's choice.
        write_atomic(path, eml_bytes(message), private_folder=False)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SaveError(
            _(
                "The report could not be saved to {path} ({reason}). Choose another "
                "folder, or copy the report instead.",
                path=path,
                reason=reason,
            )
        ) from None
    return path
