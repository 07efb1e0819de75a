"""``hygiene history`` and ``hygiene accounts``: keep the hashed password history.

Passwords are read from standard input only (``read_secret``), turned into salted
slow-hash fingerprints and forgotten. Exit codes: 0 done, 1 not done (the keyring or
the saved history could not be used; the message says why and what to do), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date

from desktop.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
    HeldCtrlC,
    add_policy_option,
    root,
    services,
    warn,
)
from desktop.cli.secret_input import read_secret
from desktop.core.history import HistoryError, PasswordHistory, RequestError
from desktop.core.history.errors import RecordDamaged, RecordTooNew
from desktop.core.kit import i18n
from desktop.core.kit.i18n import N_, _, ngettext
from desktop.wiring import Options

log = logging.getLogger(__name__)

DEFAULT_DEPTH = 24
KEPT_AS = N_("Only a scrambled fingerprint is kept, never the password itself.")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    history = sub.add_parser(
        "history",
        help=_("record passwords you set, so they are never used again"),
        description=_(
            "Keep a history of your earlier passwords as scrambled fingerprints "
            "in your computer's keyring, so 'hygiene check' can refuse one you used before."
        ),
    )
    actions = history.add_subparsers(dest="action", metavar="ACTION")
    add = actions.add_parser(
        "add", help=_("record the password you have just set (from standard input)")
    )
    add_policy_option(add)
    add.set_defaults(run=run_history_add)
    listing = actions.add_parser(
        "list", help=_("show when passwords were recorded, and the other accounts' names")
    )
    listing.add_argument("--json", action="store_true", help=_("print the list as JSON"))
    add_policy_option(listing)
    listing.set_defaults(run=run_history_list)
    clear = actions.add_parser("clear", help=_("forget every recorded password and account"))
    clear.add_argument("--yes", action="store_true", help=_("do not ask first (for scripts)"))
    clear.set_defaults(run=run_history_clear)
    history.set_defaults(run=lambda args: _usage(history))

    accounts = sub.add_parser(
        "accounts",
        help=_("passwords you use elsewhere, so work ones are different"),
        description=_(
            "Record the password you use for another account (your personal email, "
            "your bank) under a name you choose. Only the name and a scrambled fingerprint are "
            "kept. A work password that is the same or very like it is then refused."
        ),
    )
    acts = accounts.add_subparsers(dest="action", metavar="ACTION")
    acc_add = acts.add_parser("add", help=_("record an account's password (from standard input)"))
    acc_add.add_argument("label", metavar="LABEL", help=_('a name for the account, e.g. "bank"'))
    acc_add.set_defaults(run=run_accounts_add)
    acc_remove = acts.add_parser("remove", help=_("forget an account"))
    acc_remove.add_argument("label", metavar="LABEL")
    acc_remove.set_defaults(run=run_accounts_remove)
    accounts.set_defaults(run=lambda args: _usage(accounts))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE


def _history(args: argparse.Namespace) -> PasswordHistory:
    """The history to the policy's depth (for commands with ``--policy``), else to 24:
    clearing and accounts do not depend on the depth, so they do not read the policy."""
    if hasattr(args, "policy"):
        return services(args).history()
    return root(args, Options()).history(DEFAULT_DEPTH)


def _fault(doing: str, exc: HistoryError) -> int:
    reason = exc.reason[:1].upper() + exc.reason[1:]
    warn(f"{doing}: {reason}")
    return EXIT_REJECTED


def _when(day: date) -> str:
    return i18n.date(day, "medium")


def run_history_add(args: argparse.Namespace) -> int:
    history = _history(args)
    password = read_secret(_("The password you have just set (not shown): "))
    # From here the addition may be made at any moment: Ctrl-C waits for the outcome,
    # so "Stopped." is never printed for a password that was recorded.
    with HeldCtrlC() as held:
        try:
            count = history.add_password(password)
        except RequestError as exc:
            warn(str(exc))
            return EXIT_USAGE
        except HistoryError as exc:
            return _fault(_("Not recorded"), exc)
        finally:
            del password
        log.info("password history: one more password recorded (%d remembered)", count)
        print(
            _(
                "Recorded. {count} remembered (up to {depth}). {KEPT_AS}",
                count=ngettext("{n} earlier password", "{n} earlier passwords", count),
                depth=history.depth,
                KEPT_AS=_(KEPT_AS),
            ),
            flush=True,
        )
        held.settle()
    return EXIT_OK


def run_history_list(args: argparse.Namespace) -> int:
    history = _history(args)
    try:
        record = history.read()
    except HistoryError as exc:
        return _fault(_("Cannot show the history"), exc)
    entries = list(reversed(history.in_use(record))) if record else []
    resting = len(record.entries) - len(entries) if record else 0
    accounts = list(record.accounts) if record else []
    if args.json:
        print(
            json.dumps(
                {
                    "depth": history.depth,
                    "passwords": [{"recorded": e.added.isoformat()} for e in entries],
                    "accounts": [
                        {"label": a.label, "recorded": a.added.isoformat()} for a in accounts
                    ],
                },
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    if not entries and not accounts:
        print(
            _(
                "Nothing is recorded yet. After you change a password, run "
                "'hygiene history add' so it is never used again."
            )
        )
        return EXIT_OK
    print(
        _(
            "Earlier passwords, newest first ({count} of up to {depth}):",
            count=len(entries),
            depth=history.depth,
        )
    )
    for number, entry in enumerate(entries, start=1):
        print(f"  {number:>2}. " + _("recorded {day}", day=_when(entry.added)))
    if resting:
        print(
            _(
                "  ({count} kept but not compared while the depth is "
                "{depth}; nothing is deleted when the depth changes.)",
                count=ngettext("{n} older password", "{n} older passwords", resting),
                depth=history.depth,
            )
        )
    if accounts:
        print(_("Other accounts:"))
        width = max(len(a.label) for a in accounts)
        for account in accounts:
            print(f"  {account.label:<{width}}  " + _("recorded {day}", day=_when(account.added)))
    return EXIT_OK


def _confirm(question: str) -> bool:
    print(question, end=" ", file=sys.stderr, flush=True)
    try:
        answer = input()
    except EOFError:
        return False
    return answer.strip().casefold() in ("yes", "y")


def run_history_clear(args: argparse.Namespace) -> int:
    history = _history(args)
    if not args.yes:
        if not sys.stdin or not sys.stdin.isatty():
            warn(
                _(
                    "Clearing cannot be undone, so it needs your say. "
                    "Add --yes to clear without being asked."
                )
            )
            return EXIT_USAGE
        try:
            record = history.read()
            what = (
                _("nothing is recorded yet")
                if record is None
                else _(
                    "it forgets {count} and {count2}",
                    count=ngettext(
                        "{n} earlier password", "{n} earlier passwords", len(record.entries)
                    ),
                    count2=ngettext(
                        "{n} other account", "{n} other accounts", len(record.accounts)
                    ),
                )
            )
        except RecordDamaged:
            what = _("it removes the saved history, which is damaged and cannot be read")
        except RecordTooNew:
            what = _("it removes the saved history, which a newer version of this app wrote")
        except HistoryError as exc:
            return _fault(_("Not cleared"), exc)
        if not _confirm(_("This cannot be undone: {what}. Type yes to go on:", what=what)):
            print(_("Nothing was changed."))
            return EXIT_OK
    with HeldCtrlC() as held:  # once cleared, it is never reported as "Stopped."
        try:
            history.clear()
        except HistoryError as exc:
            return _fault(_("Not cleared"), exc)
        print(_("The password history is cleared."), flush=True)
        held.settle()
    return EXIT_OK


def run_accounts_add(args: argparse.Namespace) -> int:
    history = _history(args)
    password = read_secret(_("Password you use for {label} (not shown): ", label=args.label))
    with HeldCtrlC() as held:  # as for 'history add': no "Stopped." once it is saved
        try:
            replaced = history.add_account(args.label, password)
        except RequestError as exc:
            warn(str(exc))
            return EXIT_USAGE
        except HistoryError as exc:
            return _fault(_("Not saved"), exc)
        finally:
            del password
        done = _("Updated") if replaced else _("Saved")
        print(
            _(
                "{done}. A work password that is the same as or like the one "
                'for "{join}" will be refused. {KEPT_AS}',
                done=done,
                join=" ".join(args.label.split()),
                KEPT_AS=_(KEPT_AS),
            ),
            flush=True,
        )
        held.settle()
    return EXIT_OK


def run_accounts_remove(args: argparse.Namespace) -> int:
    history = _history(args)
    with HeldCtrlC() as held:  # once removed, it is never reported as "Stopped."
        try:
            found = history.remove_account(args.label)
        except HistoryError as exc:
            return _fault(_("Not removed"), exc)
        if found:
            print(_('Removed "{label}".', label=args.label), flush=True)
            held.settle()
    if not found:
        warn(
            _(
                'No account called "{label}" is recorded. \'hygiene history '
                "list' shows the names.",
                label=args.label,
            )
        )
        return EXIT_REJECTED
    return EXIT_OK
