"""Slow salted hashing of passwords and their near forms (Argon2id), and short tags.

Design, and why:

* One random salt per record (per user), not per entry. Checking a candidate then
  needs one Argon2id derivation per distinct *string* of the candidate (the password
  and its near forms: at most seven, and never more than ``MAX_DERIVATIONS`` = 8),
  whatever the history depth. With a salt per entry it would need depth × forms
  derivations (24 × 7 = 168 at the default depth), several seconds on a laptop.
  The cost per check is therefore flat in the depth; ``bench/bench_history.py`` measures it.
* Near forms need a derivation each: a tag that lets "summer" match must be a
  function of "summer" alone, so it cannot come from the password's own key. The
  count is small and constant (``MAX_DERIVATIONS``); identical strings share one.
* Each derivation gives a 32-byte key K. Stored tags are truncated HMAC-SHA256 of a
  fixed label under K, so the exact tag and the near tag of the same string are
  unrelated, and no stored byte is the raw Argon2id output.
* Exact tags are 8 bytes: a false "used before" needs a 64-bit collision with one of
  at most 50 entries (about 3 in 10^18 per check). Near tags are 4 bytes: a check
  compares at most 6 candidate forms with at most 50 × 6 stored ones, so a false
  "too close" happens about once in 3 million checks (6 × 50 × 6 / 2^32). A false match only
  ever rejects a password, it never lets one in, so that rate buys a record small
  enough for Windows Credential Manager. Short tags also mean that a stolen record
  leaves many false guesses for an attacker, though for a small dictionary they still
  confirm a guess: the keyring's own encryption is the main protection.
* Parameters are stored in every record so a later version can raise them; records
  below OWASP's minimum (m = 19 MiB, t = 2, p = 1) or absurdly above it are refused.
* Comparisons use ``hmac.compare_digest`` and never stop early.

Passwords with lone surrogates (which NFKC cannot normalise) are encoded with
``surrogatepass`` so they hash consistently instead of raising.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.history.forms import (
    LEGACY_V2_FORMS,
    MAX_DROPS,
    MAX_FORMS,
    loose_form,
    near_forms,
    near_forms_v1,
    near_forms_v2,
    word_drops,
)
from desktop.core.kit.i18n import _

SALT_BYTES = 16
KEY_BYTES = 32
EXACT_TAG_BYTES = 8
NEAR_TAG_BYTES = 4
MAX_DERIVATIONS = 12
MAX_NEAR_TAGS = MAX_FORMS + MAX_DROPS  # stored per entry from version 3 of the forms
# The password, its forms and its word drops, plus the one version-2 form that differs.
assert 1 + MAX_FORMS + MAX_DROPS + 1 <= MAX_DERIVATIONS
assert 1 + 4 + LEGACY_V2_FORMS <= MAX_DERIVATIONS

_EXACT_LABEL = b"hygiene-helper exact v1"
_NEAR_LABEL = b"hygiene-helper near v1"
# Word drops are stored under their own label, so that two passwords that each lose a
# different word (one word changed) never meet; see ``forms``.
_DROP_LABEL = b"hygiene-helper drop v3"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: memory in KiB, passes over memory, and parallel lanes."""

    memory_kib: int
    iterations: int
    lanes: int

    def problem(self) -> str:
        """Why these parameters may not be used, or "" when they are fine."""
        if (
            self.memory_kib < OWASP_MINIMUM.memory_kib
            or self.iterations < OWASP_MINIMUM.iterations
            or self.lanes < 1
        ):
            return _("weaker than the minimum allowed")
        if self.memory_kib > 1 << 20 or self.iterations > 64 or self.lanes > 16:
            return _("far costlier than any this app would choose")
        if self.memory_kib < 8 * self.lanes:
            return _("not a valid Argon2id setting")
        return ""


OWASP_MINIMUM = KdfParams(memory_kib=19 * 1024, iterations=2, lanes=1)
DEFAULT_PARAMS = OWASP_MINIMUM


def derive(params: KdfParams, salt: bytes, text: str) -> bytes:
    """Argon2id(salt, text): the one slow step. The text itself is not kept."""
    # cryptography and its OpenSSL load here, on the first derivation, not at start.
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    kdf = Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(text.encode("utf-8", "surrogatepass"))


def _tag(key: bytes, label: bytes, size: int) -> bytes:
    # hashlib and hmac load OpenSSL: only once there is a history to compare with.
    import hashlib
    import hmac

    return hmac.new(key, label, hashlib.sha256).digest()[:size]


@dataclass(frozen=True)
class Tags:
    """The fingerprint of one password: its exact tag and its near-form tags.

    ``near`` is what an entry stores: the tags of the current forms and, under their
    own label, of its word drops. ``probe`` is what a check adds to the forms' tags when
    comparing with entries of the current version: the whole ``loose`` form under the
    drop label (a word fewer) and the word drops under the usual label (a word more).
    ``near_v2`` and ``near_v1`` are the tags of older forms, only when asked for (to
    compare with entries an older version recorded).
    """

    exact: bytes
    near: tuple[bytes, ...]
    derivations: int = 0  # how many Argon2id runs this took (for the benchmark)
    near_v1: tuple[bytes, ...] = ()
    probe: tuple[bytes, ...] = ()
    forms: int = 0  # how many of ``near`` are form tags (the rest are word drops)
    near_v2: tuple[bytes, ...] = ()

    def compared(self, version: int) -> tuple[bytes, ...]:
        """The tags to compare with an entry recorded with forms of ``version``."""
        if version == 1:
            return self.near_v1
        if version == 2:
            return self.near_v2 or self.near[: self.forms or len(self.near)]
        return self.near[: self.forms or len(self.near)] + self.probe


def password_tags(params: KdfParams, salt: bytes, password: str, legacy: int = 0) -> Tags:
    """Tags of ``password`` under one record's salt: one derivation per distinct string.

    ``legacy`` is the oldest forms version still in use in the record (0 or the current
    version: none older). With 1 (entries from version 1 remain), the version 1 forms
    are derived too, and only the first ``LEGACY_V2_FORMS`` current forms, so a check
    never costs more than ``MAX_DERIVATIONS``. With 2, the one version 2 form that
    differs from the current ones is derived too.
    """
    keys: dict[str, bytes] = {}

    def key_for(text: str) -> bytes:
        if text not in keys:
            keys[text] = derive(params, salt, text)
        return keys[text]

    def tags_of(forms: tuple[str, ...], label: bytes = _NEAR_LABEL) -> tuple[bytes, ...]:
        return tuple(_tag(key_for(form), label, NEAR_TAG_BYTES) for form in forms)

    exact = _tag(key_for(password), _EXACT_LABEL, EXACT_TAG_BYTES)
    forms = near_forms(password)
    if legacy == 1:
        old = tags_of(near_forms_v1(password))
        current = tags_of(forms[:LEGACY_V2_FORMS])
        return Tags(exact, current, len(keys), old, forms=len(current))
    drops = word_drops(password)
    loose = loose_form(password)
    form_tags = tags_of(forms)
    stored = form_tags + tags_of(drops, _DROP_LABEL)
    probe = tags_of((loose,), _DROP_LABEL) if loose else ()
    probe += tags_of(drops)
    near_v2 = tags_of(near_forms_v2(password)) if legacy == 2 else ()
    return Tags(exact, stored, len(keys), probe=probe, forms=len(form_tags), near_v2=near_v2)


def same(a: bytes, b: bytes) -> bool:
    import hmac

    return hmac.compare_digest(a, b)


def any_same(tag: bytes, others: tuple[bytes, ...]) -> bool:
    """True when ``tag`` equals one of ``others``; looks at every one, never stops early."""
    import hmac

    found = False
    for other in others:
        found |= hmac.compare_digest(tag, other)
    return found


def any_shared(ours: tuple[bytes, ...], theirs: tuple[bytes, ...]) -> bool:
    """True when the two sets of tags share one; compares every pair."""
    found = False
    for tag in ours:
        found |= any_same(tag, theirs)
    return found
