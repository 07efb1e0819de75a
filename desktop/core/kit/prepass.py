"""The one step before the rules: what the rules (all but ``characters``) judge.

Kept in the kit because the password history hashes exactly this form too, so a
password matches its earlier self however it was typed.
"""

from __future__ import annotations

import unicodedata

from desktop.core.kit.visible import bounded, visible


def normalise(password: str) -> str:
    """NFKC, so that look-alike forms (full-width letters, ligatures) count as what they are.

    Lone surrogates cannot be normalised; they are kept as they are and the
    ``characters`` rule reports them.
    """
    try:
        return unicodedata.normalize("NFKC", password)
    except UnicodeError:
        return password


def prepare(password: str, max_length: int) -> str:
    """``password`` with its hidden characters removed, then NFKC.

    The pipeline calls this before any rule runs, so no rule scores the invisible parts
    of a password while the ``characters`` rule refuses them (that rule looks at the
    text as typed). Input far beyond ``max_length`` is cut to what a rule could need;
    the ``length`` rule refuses it as too long and the others do not check it.
    """
    return normalise(visible(bounded(password, max_length)))
