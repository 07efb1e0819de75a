"""The organisation words a policy starts from, at the bottom of the core.

The policy's ``org_words`` default and the passphrase suggester (which leaves these words
out so that its own suggestions are never refused) both read them from here, so the
suggester needs nothing from the policy room.
"""

from __future__ import annotations

DEFAULT_ORG_WORDS: tuple[str, ...] = (
    "serco",
    "skills",
    "training",
    "learner",
    "apprentice",
    "password",
    "welcome",
    "login",
    "office",
    "outlook",
    "windows",
    "microsoft",
    "teams",
)
