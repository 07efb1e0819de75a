"""The ids other rooms name a password rule by, at the bottom of the core.

The policy's ``required_checks`` key may only name these, and validating a policy must
not load the rules themselves (the rules import the policy, so the policy cannot import
them back). Each rule class still carries its own ``rule_id``; a test checks that
``build_pipeline`` has exactly these, in this order, so adding a rule means adding its
id here too.
"""

from __future__ import annotations

PASSWORD_RULE_IDS: tuple[str, ...] = (
    "length",
    "guessable",
    "personal",
    "root_word",
    "characters",
    "breached",
    "reuse",
)
