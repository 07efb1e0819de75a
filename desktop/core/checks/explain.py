""" "Why?" beside each check in the window: why the rule matters, and where it comes from.

The window's own, longer "why" texts are kept here by rule id, beside the policy key
that sets each rule, so the window holds no rule ids (a rule's ``why`` from the core
wins where one is passed in). The second line names the source truthfully: "Your
organisation: at least 12 characters" when the managed policy set it, "Built-in: ..."
when it is the app's own default.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from desktop.core.kit.i18n import _, ngettext
from desktop.core.policy.schema import Origin, Policy

# Which policy key sets each rule (the match line is not a policy rule).
POLICY_KEY = {
    "length": "min_length",
    "guessable": "min_score",
    "personal": "org_words",
    "breached": "breach_check",
    "reuse": "history_depth",
}


def why_texts() -> dict[str, str]:
    return {
        "length": _(
            "Every extra character multiplies the guesses an attacker needs. Length "
            "matters more than odd symbols."
        ),
        "guessable": _(
            "Attackers try common words, names, keyboard patterns and simple swaps like "
            "0 for o first, so those fall in seconds."
        ),
        "personal": _(
            "Names, pets, birthdays and the words everyone guesses first (like 'password' "
            "or where you work or study) are the first things someone who knows you, or "
            "an attacker's list, will try."
        ),
        "characters": _(
            "Some signs cannot be typed on every keyboard or sign-in screen, and you could "
            "lock yourself out."
        ),
        "breached": _(
            "Passwords from past data breaches are on lists attackers try first. Only the "
            "first 5 characters of a scrambled code of yours are sent to check."
        ),
        "reuse": _(
            "If an old password leaked, going back to it lets the attacker straight in. "
            "Only scrambled codes of earlier passwords are kept."
        ),
        "match": _("Typing it twice catches a slip of the finger before you rely on it."),
    }


def rule_setting(rule_id: str, policy: Policy) -> str:
    """The rule's setting in words, for the source line."""
    if rule_id == "length":
        return ngettext("at least {n} character", "at least {n} characters", policy.min_length)
    if rule_id == "guessable":
        return _("a strength of at least {n} out of 4", n=policy.min_score)
    if rule_id == "personal":
        return ngettext(
            "{n} word everyone guesses first",
            "{n} words everyone guesses first",
            len(policy.org_words),
        )
    if rule_id == "breached":
        return {
            "online": _("checked online"),
            "offline": _("checked against a list from IT"),
        }.get(policy.breach_check, _("off"))
    if rule_id == "reuse":
        return ngettext("not your last password", "not one of your last {n}", policy.history_depth)
    return ""


def source_line(rule_id: str, policy: Policy, origin_of: Callable[[str], Origin] | None) -> str:
    """'Your organisation: at least 12 characters', 'Built-in: ...' or 'Built-in'."""
    key = POLICY_KEY.get(rule_id)
    setting = rule_setting(rule_id, policy)
    origin = origin_of(key) if (key and origin_of is not None) else Origin.DEFAULT
    who = {
        Origin.MANAGED: _("Your organisation"),
        Origin.USER: _("Your settings"),
        Origin.DEFAULT: _("Built-in"),
    }[origin]
    return _("{who}: {setting}", who=who, setting=setting) if setting else who


def explanations(
    rule_ids: Iterable[str],
    policy: Policy,
    origin_of: Callable[[str], Origin] | None = None,
    core_why: Callable[[str], str] | None = None,
) -> dict[str, str]:
    """rule id -> "why it matters" and where the rule comes from, for the Why? lines."""
    table = why_texts()
    out: dict[str, str] = {}
    for rule_id in rule_ids:
        why = (core_why(rule_id) if core_why is not None else "") or table.get(rule_id, "")
        source = source_line(rule_id, policy, origin_of)
        out[rule_id] = "\n".join(p for p in (why, source) if p)
    return out
