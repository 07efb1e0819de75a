"""The person's password history: checks a candidate for reuse, records new passwords.

``PasswordHistory`` is the ``ReuseCheck`` the ``reuse`` rule uses, and what the
``hygiene history`` and ``hygiene accounts`` commands drive. It never keeps a
password: it turns each one into tags (``hashing``) under the record's salt, and
forgets it.

Costs: a check reads the record once and runs at most ``MAX_DERIVATIONS`` Argon2id
derivations, whatever the depth. An addition derives its tags *before* taking the
store's lock (the salt rarely changes), so the lock is held only for the keyring
round trips; if the record was replaced meanwhile, the tags are derived again under
the new salt inside the lock.

Depth. The record keeps up to ``MAX_ENTRIES`` (50, the policy's highest depth) earlier
passwords whatever the depth in force; the effective depth only decides how many of
the newest are compared and shown. Lowering the depth (or a typo in IT's file making
the default of 24 apply) therefore forgets nothing: raising it again brings the older
ones back. A record of 50 entries and 30 accounts is split over a few keyring entries
where the store has a size limit (Windows), see ``keyring_store``.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from desktop.core.history.errors import HistoryError
from desktop.core.history.forms import FORMS_VERSION
from desktop.core.history.hashing import (
    DEFAULT_PARAMS,
    SALT_BYTES,
    KdfParams,
    Tags,
    any_same,
    any_shared,
    password_tags,
)
from desktop.core.history.keyring_store import KeyringStore
from desktop.core.history.record import (
    MAX_ACCOUNTS,
    MAX_ENTRIES,
    MAX_LABEL_BYTES,
    Account,
    Entry,
    Record,
)
from desktop.core.history.store import HistoryStore
from desktop.core.kit.clock import SystemClock
from desktop.core.kit.i18n import _
from desktop.core.kit.ports import ReuseOutcome, ReuseVerdict
from desktop.core.kit.prepass import prepare
from desktop.core.kit.secrets import SecretBackend

MAX_LABEL_CHARS = 40


class RequestError(ValueError):
    """A request that cannot be done as asked (an empty password, a bad label)."""


def normalise(password: str) -> str:
    """The password as the checks judge it: hidden characters removed, then NFKC, so a
    password recorded here and the same one typed in the window are compared alike."""
    return prepare(password, len(password))


def clean_label(label: str) -> str:
    """The label as it will be kept, or RequestError saying what to change."""
    label = " ".join(label.split())
    if not label:
        raise RequestError(_('Give the account a name, for example "personal email".'))
    if (
        len(label) > MAX_LABEL_CHARS
        or len(label.encode("utf-8", "surrogatepass")) > MAX_LABEL_BYTES
    ):
        raise RequestError(
            _(
                "Keep the account name to {MAX_LABEL_CHARS} characters or fewer.",
                MAX_LABEL_CHARS=MAX_LABEL_CHARS,
            )
        )
    if any(unicodedata.category(ch).startswith("C") for ch in label):
        raise RequestError(
            _(
                "The account name has characters that cannot be shown; "
                "use letters, numbers and spaces."
            )
        )
    return label


def _ours(tags: Tags, forms: int) -> tuple[bytes, ...]:
    """The candidate's near tags of the forms version an entry was recorded with."""
    return tags.compared(forms)


def _oldest_forms(record: Record, depth: int) -> int:
    """The oldest forms version among the entries and accounts a check compares."""
    kept = record.entries[-depth:] + tuple(record.accounts)
    return min((item.forms for item in kept), default=FORMS_VERSION)


def _verdict(record: Record, tags: Tags, depth: int) -> ReuseVerdict:
    """Compare the candidate's tags with every entry and account (no early exit)."""
    entries = record.entries[-depth:]
    exact = any_same(tags.exact, tuple(e.exact for e in entries))
    near = False
    for e in entries:
        near |= any_shared(_ours(tags, e.forms), e.near)
    exact_label = near_label = ""
    for account in record.accounts:
        if any_same(tags.exact, (account.exact,)) and not exact_label:
            exact_label = account.label
        if any_shared(_ours(tags, account.forms), account.near) and not near_label:
            near_label = account.label
    if exact:
        return ReuseVerdict(ReuseOutcome.EXACT)
    if exact_label:
        return ReuseVerdict(ReuseOutcome.ACCOUNT_EXACT, label=exact_label)
    if near:
        return ReuseVerdict(ReuseOutcome.NEAR)
    if near_label:
        return ReuseVerdict(ReuseOutcome.ACCOUNT_NEAR, label=near_label)
    return ReuseVerdict(ReuseOutcome.NONE)


class PasswordHistory:
    """Remembers earlier passwords and other accounts as salted slow hashes only."""

    def __init__(
        self,
        store: HistoryStore,
        depth: int = 24,
        *,
        today: Callable[[], date] | None = None,
        params: KdfParams = DEFAULT_PARAMS,
        new_salt: Callable[[int], bytes] = os.urandom,
        tagger: Callable[[KdfParams, bytes, str, int], Tags] = password_tags,
    ) -> None:
        self.store = store
        self.depth = max(1, min(depth, MAX_ENTRIES))
        self._today = today or (lambda: SystemClock().now().date())
        self._params = params
        self._new_salt = new_salt
        self._tags = tagger  # the one slow step; passed in so its cost can be measured

    def check_reuse(self, password: str) -> ReuseVerdict:
        try:
            record = self.store.read()
        except HistoryError as exc:
            return ReuseVerdict(ReuseOutcome.UNAVAILABLE, reason=exc.reason)
        if record is None or not (record.entries or record.accounts):
            return ReuseVerdict(ReuseOutcome.EMPTY)
        legacy = _oldest_forms(record, self.depth)
        tags = self._tags(record.params, record.salt, normalise(password), legacy)
        return _verdict(record, tags, self.depth)

    def accounts_sharing(self, password: str) -> list[str]:
        """Every labelled account whose password is this one or very like it.

        Used by the leak report to say where else the password must be changed. One
        derivation, like ``check_reuse``; an unreadable history gives an empty list
        (the wizard then asks the person to think of other places themselves).
        """
        try:
            record = self.store.read()
        except HistoryError:
            return []
        if record is None or not record.accounts:
            return []
        legacy = min((a.forms for a in record.accounts), default=FORMS_VERSION)
        tags = self._tags(record.params, record.salt, normalise(password), legacy)
        return [
            a.label
            for a in record.accounts
            if any_same(tags.exact, (a.exact,)) or any_shared(_ours(tags, a.forms), a.near)
        ]

    def read(self) -> Record | None:
        """The saved record (dates, labels and tags), for listing."""
        return self.store.read()

    def in_use(self, record: Record) -> tuple[Entry, ...]:
        """The entries the effective depth compares and shows (the newest ``depth``)."""
        return record.entries[-self.depth :]

    def _change_with_tags(
        self, password: str, apply: Callable[[Record, Tags], Record]
    ) -> Record | None:
        """Run ``apply`` on the current record with the password's tags under its salt."""
        password = normalise(password)
        if not password:
            raise RequestError(_("No password was entered."))
        before = self.store.read()
        params, salt = (
            (self._params, self._new_salt(SALT_BYTES))
            if before is None
            else (before.params, before.salt)
        )
        tags = self._tags(params, salt, password, FORMS_VERSION)

        def change(current: Record | None) -> Record:
            base = current if current is not None else Record(params, salt)
            ready = tags
            if (base.params, base.salt) != (params, salt):  # replaced since we looked
                ready = self._tags(base.params, base.salt, password, FORMS_VERSION)
            return apply(base, ready)

        return self.store.update(change)

    def add_password(self, password: str) -> int:
        """Record a password just set; returns how many are now remembered."""
        today = self._today()

        def apply(record: Record, tags: Tags) -> Record:
            kept = [e for e in record.entries if not any_same(tags.exact, (e.exact,))]
            kept.append(Entry(tags.exact, tags.near, today))
            return replace(record, entries=tuple(kept[-MAX_ENTRIES:]))  # never cut to depth

        record = self._change_with_tags(password, apply)
        return len(self.in_use(record)) if record else 0

    def add_account(self, label: str, password: str) -> bool:
        """Remember a password used elsewhere under ``label``; True if it replaced one."""
        label = clean_label(label)
        today = self._today()
        replaced = False

        def apply(record: Record, tags: Tags) -> Record:
            nonlocal replaced
            others = [a for a in record.accounts if a.label.casefold() != label.casefold()]
            replaced = len(others) != len(record.accounts)
            if len(others) >= MAX_ACCOUNTS:
                raise RequestError(
                    _(
                        "You already have {MAX_ACCOUNTS} accounts recorded. Remove one you no "
                        "longer use first.",
                        MAX_ACCOUNTS=MAX_ACCOUNTS,
                    )
                )
            others.append(Account(label, tags.exact, tags.near, today))
            return replace(record, accounts=tuple(others))

        self._change_with_tags(password, apply)
        return replaced

    def remove_account(self, label: str) -> bool:
        """Forget the account with this label (any case); False when there is none."""
        wanted = " ".join(label.split()).casefold()
        found = False

        def change(current: Record | None) -> Record | None:
            nonlocal found
            if current is None:
                return None
            kept = tuple(a for a in current.accounts if a.label.casefold() != wanted)
            found = len(kept) != len(current.accounts)
            return replace(current, accounts=kept) if found else current

        self.store.update(change)
        return found

    def clear(self) -> None:
        """Forget everything, including a damaged record. Only on the person's say."""
        self.store.erase()


def keyring_history(
    depth: int,
    backend: SecretBackend | None = None,
    *,
    lock_path: Path,
    load_backend: Callable[[], SecretBackend] | None = None,
) -> PasswordHistory:
    """The history in the OS keyring: ``backend``, or the one ``load_backend`` finds."""
    return PasswordHistory(
        KeyringStore(backend, lock_path=lock_path, load_backend=load_backend), depth
    )
