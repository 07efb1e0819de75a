"""``hygiene policy show`` and ``hygiene policy check FILE``: the policy for IT and support.

``show`` prints every effective setting, its value and where it came from (the
built-in default, your own settings, or the managed source that set it), so a help
desk can see at a glance why the app behaves as it does. ``check`` validates a policy
file before it is rolled out: a TOML policy file, or a macOS property list or
configuration profile (.plist, .mobileconfig).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from desktop.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
    add_policy_option,
    load_policy,
)
from desktop.core.kit.i18n import _
from desktop.core.policy.resolve import EffectivePolicy
from desktop.core.policy.schema import SCHEMA, Contact, PolicyError, to_plain, validate
from desktop.core.policy.sources import parse_toml_file
from desktop.platform.policy_sources.macos_prefs import (
    profile_payloads,
    read_plist,
    values_from_mapping,
)

VALUE_WIDTH = 40


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "policy",
        help=_("show the policy in force, or check a policy file"),
        description=_(
            "Show the settings in force and where each comes from, "
            "or check a policy file before rolling it out."
        ),
    )
    actions = p.add_subparsers(dest="policy_command", metavar="ACTION")
    show = actions.add_parser(
        "show",
        help=_("print each setting, its value and its source"),
        description=_(
            "Print each setting in force, its value and where "
            "it came from: default, your settings, or managed (with the "
            "file or registry key that set it)."
        ),
    )
    show.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    add_policy_option(show)
    show.set_defaults(run=run_show)
    check = actions.add_parser(
        "check",
        help=_("check a policy file before rolling it out"),
        description=_(
            "Check a policy file (.toml, or a macOS .plist or "
            ".mobileconfig). Exit code 0 means it is valid, 1 that it is "
            "not; the message names the file, the key and what was "
            "expected."
        ),
    )
    check.add_argument("file", metavar="FILE", type=Path, help=_("the policy file to check"))
    check.set_defaults(run=run_check)
    p.set_defaults(run=lambda args: _missing_action(p))


def _missing_action(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE


def format_value(value: Any) -> str:
    """A setting's value as short plain text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple) and value and isinstance(value[0], Contact):
        parts = []
        for c in value:
            who = ", ".join(x for x in (c.role, c.name) if x)
            parts.append(f"{who} <{c.email}>" if c.email else who)
        return "; ".join(parts)
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value) or "(none)"
    if value == "":
        return "(empty)"
    return str(value)


def rows(loaded: EffectivePolicy) -> list[dict[str, Any]]:
    """One entry per key, in schema order."""
    policy = loaded.policy
    return [
        {
            "key": spec.name,
            "value": to_plain(getattr(policy, spec.name)),
            "text": format_value(getattr(policy, spec.name)),
            "origin": loaded.origin(spec.name).value,
            "source": loaded.describe_source(spec.name),
        }
        for spec in SCHEMA
    ]


def run_show(args: argparse.Namespace) -> int:
    loaded = load_policy(args)
    table = rows(loaded)
    if args.json:
        print(
            json.dumps(
                {
                    "settings": [
                        {k: r[k] for k in ("key", "value", "origin", "source")} for r in table
                    ],
                    "managed_sources": list(loaded.sources),
                    "problems": list(loaded.problems),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    sources = ", ".join(loaded.sources) or _("none found")
    print(_("Managed policy sources: {sources}", sources=sources))
    print()
    width = max(len(r["key"]) for r in table)
    print(f"{'SETTING':<{width}}  {'VALUE':<{VALUE_WIDTH}}  SOURCE")
    for r in table:
        text = r["text"]
        if len(text) > VALUE_WIDTH:
            text = text[: VALUE_WIDTH - 3] + "..."
        print(f"{r['key']:<{width}}  {text:<{VALUE_WIDTH}}  {r['source']}")
    return EXIT_OK


def _check_values(path: Path) -> list[dict[str, Any]]:
    """The validated settings a file holds (one dict per payload); PolicyError if invalid."""
    suffix = path.suffix.lower()
    if suffix == ".mobileconfig":
        return [validate(v, str(path)) for v in profile_payloads(path)]
    if suffix == ".plist":
        return [validate(values_from_mapping(read_plist(path), str(path)), str(path))]
    return [parse_toml_file(path)]


def run_check(args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        payloads = _check_values(path)
    except PolicyError as exc:
        print(_("NOT VALID: {exc}", exc=exc))
        print(
            _(
                "Fix this before rolling the file out. 'hygiene policy show' lists every "
                "setting with its current value."
            )
        )
        return EXIT_REJECTED
    keys = sorted({k for values in payloads for k in values})
    print(_("VALID: {path} can be rolled out.", path=path))
    if keys:
        print(_("It sets {count} setting(s): {join}.", count=len(keys), join=", ".join(keys)))
        print(_("People will see these as 'Set by your organisation' and cannot change them."))
    else:
        print(_("It sets nothing, so the built-in defaults apply."))
    return EXIT_OK
