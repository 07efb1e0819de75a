"""``hygiene breach-file verify PATH``: can the breach check use this offline list?

For IT, before pointing ``offline_breach_file`` at a copy of Pwned Passwords. It reads
a few small pieces of the file (never the whole 35 GB) and says whether the format is
right and the order holds where it looked. Exit code 0: usable; 1: not usable; 2: the
command was called wrongly.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop.cli.common import EXIT_OK, EXIT_REJECTED
from desktop.core.breach import VerifyReport, verify
from desktop.core.kit.i18n import N_, _

LAYOUTS = {
    "sorted file": N_("one file of hashes sorted by hash"),
    "prefix folder": N_("a folder of per-prefix files"),
    "unknown": N_("not recognised"),
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "breach-file",
        help=_("check an offline breach list (for IT)"),
        description=_(
            "Check an offline copy of the Pwned Passwords list before "
            "using it for the breach check."
        ),
    )
    actions = p.add_subparsers(dest="breach_file_command", metavar="ACTION")
    v = actions.add_parser(
        "verify",
        help=_("say whether a file or folder can be used"),
        description=_(
            "Say whether a Pwned Passwords file (sorted by hash) or "
            "a folder of per-prefix files can be used for offline checks. Only "
            "small parts are read. Exit code 0 means usable, 1 not usable."
        ),
    )
    v.add_argument("path", metavar="PATH", type=Path, help=_("the file or folder to check"))
    v.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    v.set_defaults(run=run_verify)


def _size(n: int) -> str:
    if n < 1000:
        return f"{n:,} bytes"
    units = ("KB", "MB", "GB", "TB")
    value, i = n / 1000, 0
    while value >= 1000 and i < len(units) - 1:
        value, i = value / 1000, i + 1
    return f"{value:.1f} {units[i]}"


def render(report: VerifyReport) -> str:
    lines = [
        _("Checked: {path}", path=report.path),
        _("Layout: {value}", value=_(LAYOUTS[report.layout])),
    ]
    lines += report.notes
    if report.layout == "sorted file":
        lines.append(
            _("Read {size} of {size2}.", size=_size(report.bytes_read), size2=_size(report.size))
        )
    lines += [_("Warning: {w}", w=w) for w in report.warnings]
    lines += [_("Problem: {p}", p=p) for p in report.problems]
    lines.append("")
    if report.usable:
        lines.append(_("USABLE: the breach check can use this list."))
    else:
        lines.append(
            _(
                "NOT USABLE: the breach check cannot use this list. "
                "Fix the problem above, then check again."
            )
        )
    return "\n".join(lines)


def run_verify(args: argparse.Namespace) -> int:
    report = verify(args.path)
    if args.json:
        print(
            json.dumps(
                {
                    "path": str(report.path),
                    "usable": report.usable,
                    "layout": report.layout,
                    "problems": report.problems,
                    "warnings": report.warnings,
                    "notes": report.notes,
                    "bytes_read": report.bytes_read,
                    "size": report.size,
                }
            )
        )
    else:
        print(render(report))
    return EXIT_OK if report.usable else EXIT_REJECTED
