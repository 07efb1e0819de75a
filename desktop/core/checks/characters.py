"""The ``characters`` rule: no hidden or control characters you could not type again.

Not in the written policy, but a password with a NUL byte, a lone surrogate or an
invisible direction mark often cannot be typed on another keyboard or is silently
changed by a website, which locks people out. Emoji and accented letters are fine.
"""

from __future__ import annotations

import unicodedata
from typing import ClassVar

from desktop.core.checks.base import CheckContext, RuleKind, finding
from desktop.core.checks.findings import Finding, Status
from desktop.core.policy.schema import Policy

# Direction marks and embeddings: invisible, and they reorder what is shown.
_BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


class CharactersRule:
    rule_id: ClassVar[str] = "characters"
    title: ClassVar[str] = "Only characters you can type"
    kind: ClassVar[RuleKind] = "local"
    why: ClassVar[str] = (
        "Hidden characters cannot be typed again on another keyboard, and some websites "
        "quietly change them, which can lock you out."
    )
    requires: ClassVar[tuple[str, ...]] = ()

    def expects(self, policy: Policy) -> str:
        return "Only letters, numbers, spaces and keyboard symbols."

    def check(self, ctx: CheckContext) -> Finding:
        for ch in ctx.password:
            category = unicodedata.category(ch)
            if category == "Cc":
                return finding(
                    self.rule_id,
                    Status.FAIL,
                    "It has a control character (such as a tab or a null byte).",
                    "Use only letters, numbers, spaces and symbols from your keyboard.",
                )
            if category == "Cs":
                return finding(
                    self.rule_id,
                    Status.FAIL,
                    "It has a broken character that cannot be saved.",
                    "Retype the password instead of pasting it.",
                )
            if ch in _BIDI_CONTROLS:
                return finding(
                    self.rule_id,
                    Status.FAIL,
                    "It has an invisible direction mark.",
                    "Retype the password instead of pasting it.",
                )
        return finding(self.rule_id, Status.PASS, "Only characters you can type again.")
