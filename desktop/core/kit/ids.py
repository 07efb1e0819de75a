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

# The kinds of report "What happened?" offers, in its order. The policy's
# ``report_kinds_hidden`` and contacts' ``kinds`` may only name these, and validating a
# policy must not load the report room (it imports the policy for its contacts); a test
# checks that ``desktop.core.report.kinds.KINDS`` has exactly these, in this order.
REPORT_KIND_IDS: tuple[str, ...] = (
    "leak",
    "scam",
    "clicked",
    "wrong-person",
    "lost-device",
    "stick-or-warning",
    "misuse",
)
