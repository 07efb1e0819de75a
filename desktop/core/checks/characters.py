"""The ``characters`` rule: no hidden or control characters you could not type again.

Not in the written policy, but a password with a NUL byte, a lone surrogate, a soft
hyphen or a zero-width space often cannot be typed on another keyboard or is silently
changed by a website, which locks people out; invisible characters also hide a weak
password from the other rules. What counts as hidden is worked out from Unicode's
properties (see ``visible``). Emoji, including those joined into one picture, and
accented letters are fine.
"""

from __future__ import annotations

from typing import ClassVar

from desktop.core.checks.base import CheckContext, RuleKind, finding
from desktop.core.checks.findings import Finding, Status
from desktop.core.kit.i18n import N_, _
from desktop.core.kit.visible import Hidden, bounded, scan
from desktop.core.policy.schema import Policy

_MESSAGES: dict[Hidden, tuple[str, str]] = {
    Hidden.CONTROL: (
        N_("It has a control character (such as a tab, a new line or a null byte)."),
        N_("Use only letters, numbers, spaces and symbols from your keyboard."),
    ),
    Hidden.BROKEN: (
        N_("It has a broken character that cannot be saved."),
        N_("Retype the password instead of pasting it."),
    ),
    Hidden.DIRECTION: (
        N_("It has an invisible direction mark."),
        N_("Retype the password instead of pasting it."),
    ),
    Hidden.INVISIBLE: (
        N_("It has an invisible character (such as a zero-width space or a soft hyphen)."),
        N_(
            "Retype the password instead of pasting it; invisible characters cannot be typed again."
        ),
    ),
}


class CharactersRule:
    rule_id: ClassVar[str] = "characters"
    title: ClassVar[str] = N_("Only characters you can type")
    kind: ClassVar[RuleKind] = "local"
    why: ClassVar[str] = N_(
        "Hidden characters cannot be typed again on another keyboard, and some websites "
        "quietly change them, which can lock you out."
    )
    requires: ClassVar[tuple[str, ...]] = ()

    def expects(self, policy: Policy) -> str:
        return _("Only letters, numbers, spaces and keyboard symbols.")

    def check(self, ctx: CheckContext) -> Finding:
        # The text as typed: the other rules see it with hidden characters removed.
        text = bounded(ctx.as_typed or ctx.password, ctx.policy.max_length)
        first = scan(text).first
        if first is not None:
            message, hint = (_(text) for text in _MESSAGES[first])
            return finding(self.rule_id, Status.FAIL, message, hint)
        return finding(self.rule_id, Status.PASS, _("Only characters you can type again."))
