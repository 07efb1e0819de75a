"""The saved record: a compact, versioned, integrity-checked binary format.

One record per person holds the Argon2id parameters, the salt, the earlier passwords
(oldest first) and the other accounts. Only tags are kept (see ``hashing``), plus the
day each was added and each account's label.

Layout of versions 2 and 3 (big-endian)::

    "HH"  version:u8  flags:u8  memory_kib:u32  iterations:u8  lanes:u8  salt:16
    entries:u8  accounts:u8
    entry   = day:u16  forms:u8  exact:8  near:4 × n
    account = label_len:u8  label:utf-8  day:u16  forms:u8  exact:8  near:4 × n
    check:16 = BLAKE2b-128 of everything before it

``forms`` holds the version of the near forms in its high four bits and their number
``n`` in the low four. Version 1 had the number alone (at most four forms, all of
version 1); version 2 held forms of versions 1 and 2 only (at most six); version 3 adds
forms version 3 (six forms and up to four word drops). Older records are still read,
and their entries keep their forms version when the record is next written, so a check
can compare like with like; an older app refuses a version 3 record as too new rather
than misreading it.

An entry with six near forms is 35 bytes, so 24 entries and the header make 884
bytes, 1,105 characters of Base85: inside the 1,280 characters Windows Credential
Manager allows. Entries of three or four words carry their word drops too (up to 51
bytes); bigger records (such entries throughout, accounts on top of a full history,
depth 50) are split by the keyring store.

The check detects accidents (a cut-short write, a flipped bit, parts of two writes
mixed). It is not keyed by any secret, since there is none outside the record, so it
does not stop deliberate tampering; whoever can write to the person's unlocked
keyring could do worse anyway.

Text form: ``hh1.<slot><parts>:<Base85>``. "hh" marks our own entries, the digit is
the envelope version, and slot/parts let the keyring store split a record over
several entries (``parse_head``). An unknown prefix is someone else's data
(``RecordForeign``); a higher version is refused (``RecordTooNew``).
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from dataclasses import dataclass, field
from datetime import date

from desktop.core.history.errors import (
    DAMAGED,
    FOREIGN,
    TOO_NEW,
    RecordDamaged,
    RecordForeign,
    RecordTooNew,
)
from desktop.core.history.forms import FORMS_VERSION, MAX_FORMS
from desktop.core.history.hashing import (
    EXACT_TAG_BYTES,
    MAX_NEAR_TAGS,
    NEAR_TAG_BYTES,
    SALT_BYTES,
    KdfParams,
)
from desktop.core.kit.digests import blake2b
from desktop.core.kit.i18n import _

VERSION = 3
_V1_FORMS = 4
MAGIC = b"HH"
MAX_ENTRIES = 50  # the policy's highest history_depth
MAX_ACCOUNTS = 30
MAX_LABEL_BYTES = 60
_EPOCH = date(1970, 1, 1).toordinal()
_HEADER = struct.Struct(">2sBBIBB16sBB")
_CHECK_BYTES = 16


@dataclass(frozen=True)
class Entry:
    """One earlier password: its tags and the day it was recorded."""

    exact: bytes
    near: tuple[bytes, ...]
    added: date
    forms: int = FORMS_VERSION  # which version of the near forms ``near`` holds


@dataclass(frozen=True)
class Account:
    """A password used elsewhere, under the label the person chose."""

    label: str
    exact: bytes
    near: tuple[bytes, ...]
    added: date
    forms: int = FORMS_VERSION


@dataclass(frozen=True)
class Record:
    """Everything saved for one person; entries are oldest first."""

    params: KdfParams
    salt: bytes
    entries: tuple[Entry, ...] = ()
    accounts: tuple[Account, ...] = field(default=())


def _day(d: date) -> int:
    return min(max(d.toordinal() - _EPOCH, 0), 0xFFFF)


def _most_forms(forms: int) -> int:
    return {1: _V1_FORMS, 2: MAX_FORMS, FORMS_VERSION: MAX_NEAR_TAGS}.get(forms, -1)


def _tags(exact: bytes, near: tuple[bytes, ...], added: date, forms: int) -> bytes:
    if (
        len(exact) != EXACT_TAG_BYTES
        or len(near) > _most_forms(forms)
        or any(len(n) != NEAR_TAG_BYTES for n in near)
    ):
        raise ValueError("tags of the wrong size")
    return struct.pack(">HB", _day(added), forms << 4 | len(near)) + exact + b"".join(near)


def encode(record: Record) -> bytes:
    """The record as bytes; raises ValueError for a record this format cannot hold."""
    if len(record.salt) != SALT_BYTES or record.params.problem():
        raise ValueError("unusable salt or parameters")
    if len(record.entries) > MAX_ENTRIES or len(record.accounts) > MAX_ACCOUNTS:
        raise ValueError("too many entries")
    p = record.params
    out = bytearray(
        _HEADER.pack(
            MAGIC,
            VERSION,
            0,
            p.memory_kib,
            p.iterations,
            p.lanes,
            record.salt,
            len(record.entries),
            len(record.accounts),
        )
    )
    for e in record.entries:
        out += _tags(e.exact, e.near, e.added, e.forms)
    for a in record.accounts:
        label = a.label.encode("utf-8")
        if not 0 < len(label) <= MAX_LABEL_BYTES:
            raise ValueError("label too long")
        out += bytes([len(label)]) + label + _tags(a.exact, a.near, a.added, a.forms)
    out += blake2b(bytes(out), digest_size=_CHECK_BYTES)
    return bytes(out)


class _Reader:
    def __init__(self, data: bytes, start: int, version: int) -> None:
        self.data, self.pos, self.version = data, start, version

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise RecordDamaged(_(DAMAGED))
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def tags(self) -> tuple[bytes, tuple[bytes, ...], date, int]:
        day, packed = struct.unpack(">HB", self.take(3))
        forms, count = (1, packed) if self.version == 1 else (packed >> 4, packed & 0xF)
        if count > _most_forms(forms):
            raise RecordDamaged(_(DAMAGED))
        exact = self.take(EXACT_TAG_BYTES)
        near = tuple(self.take(NEAR_TAG_BYTES) for _unused in range(count))
        return exact, near, date.fromordinal(_EPOCH + day), forms


def decode(data: bytes) -> Record:
    """Parse and verify; raises RecordTooNew or RecordDamaged."""
    if len(data) < 3 or data[:2] != MAGIC:  # inside our own envelope: damage, not foreign
        raise RecordDamaged(_(DAMAGED))
    if data[2] > VERSION:
        raise RecordTooNew(_(TOO_NEW))  # checked first: a newer layout may differ anywhere
    if len(data) < _HEADER.size + _CHECK_BYTES:
        raise RecordDamaged(_(DAMAGED))
    body, check = data[:-_CHECK_BYTES], data[-_CHECK_BYTES:]
    if blake2b(body, digest_size=_CHECK_BYTES) != check:
        raise RecordDamaged(_(DAMAGED))
    _unused, version, flags, memory, iterations, lanes, salt, n_entries, n_accounts = (
        _HEADER.unpack_from(body)
    )
    if version < 1 or flags:
        raise RecordDamaged(_(DAMAGED))
    params = KdfParams(memory, iterations, lanes)
    if params.problem() or n_entries > MAX_ENTRIES or n_accounts > MAX_ACCOUNTS:
        raise RecordDamaged(_(DAMAGED))
    reader = _Reader(body, _HEADER.size, version)
    entries = tuple(Entry(*reader.tags()) for _unused in range(n_entries))
    accounts = []
    for _unused in range(n_accounts):
        size = reader.take(1)[0]
        try:
            label = reader.take(size).decode("utf-8")
        except UnicodeDecodeError:
            raise RecordDamaged(_(DAMAGED)) from None
        accounts.append(Account(label, *reader.tags()))
    if reader.pos != len(body) or any(not a.label for a in accounts):
        raise RecordDamaged(_(DAMAGED))
    return Record(params, salt, entries, tuple(accounts))


ENVELOPE_VERSION = 1
_HEAD = re.compile(r"hh(\d{1,3})\.([ab])([1-9]\d?):(.*)", re.DOTALL)
_PREFIX = re.compile(r"hh\d{1,3}\.")


def to_text(data: bytes) -> str:
    return base64.b85encode(data).decode("ascii")


def from_text(text: str) -> bytes:
    try:
        return base64.b85decode(text.encode("ascii"))
    except (ValueError, binascii.Error):
        raise RecordDamaged(_(DAMAGED)) from None


def make_head(slot: str, parts: int, first: str) -> str:
    return f"hh{ENVELOPE_VERSION}.{slot}{parts}:{first}"


def parse_head(text: str) -> tuple[str, int, str]:
    """(slot, number of parts, first part) of a head entry, or the reason it is refused."""
    match = _HEAD.fullmatch(text)
    if match is None:
        if _PREFIX.match(text) and int(text[2 : text.index(".")]) > ENVELOPE_VERSION:
            raise RecordTooNew(_(TOO_NEW))
        raise RecordForeign(_(FOREIGN))
    if int(match.group(1)) > ENVELOPE_VERSION:
        raise RecordTooNew(_(TOO_NEW))
    if int(match.group(1)) < 1:
        raise RecordForeign(_(FOREIGN))
    return match.group(2), int(match.group(3)), match.group(4)
