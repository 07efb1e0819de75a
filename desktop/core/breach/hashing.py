"""SHA-1 of a password and the line formats shared by the range service and offline files.

The Pwned Passwords data is keyed by the upper-case hex SHA-1 of the password's UTF-8
bytes. A range answer has ``SUFFIX:COUNT`` lines (35 hex characters after the 5-character
prefix); the single sorted file has ``HASH:COUNT`` lines (all 40). Both may come with
CRLF or LF line ends, a byte-order mark, or lower-case hex; all of that is accepted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from desktop.core.kit.digests import sha1_hex as _sha1_hex
from desktop.core.kit.i18n import _

PREFIX_LEN = 5
HASH_LEN = 40
SUFFIX_LEN = HASH_LEN - PREFIX_LEN
BOM = b"\xef\xbb\xbf"

# Counts in the real data stay far below ten digits; the limit keeps a damaged line
# from being read as a huge number.
_SUFFIX_LINE = re.compile(rb"([0-9A-Fa-f]{35}):([0-9]{1,12})")
_HASH_LINE = re.compile(rb"([0-9A-Fa-f]{40}):([0-9]{1,12})")
_NTLM_LINE = re.compile(rb"[0-9A-Fa-f]{32}:[0-9]{1,12}")


class DamagedData(ValueError):
    """Breach data that does not have the expected shape. The message never holds a hash."""


def sha1_hex(password: str) -> str:
    """Upper-case hex SHA-1 of the UTF-8 bytes; lone surrogates are encoded, not refused."""
    data = password.encode("utf-8", errors="surrogatepass")
    # SHA-1 is what the breach data is keyed by; it is not used here to protect anything.
    return _sha1_hex(data).upper()


def split_hash(full_hash: str) -> tuple[str, str]:
    """The 5-character prefix that may be sent, and the suffix that must stay here."""
    return full_hash[:PREFIX_LEN], full_hash[PREFIX_LEN:]


def parse_suffix_line(line: bytes) -> tuple[bytes, int] | None:
    """``SUFFIX:COUNT`` as (upper-case suffix, count); None for a blank line.

    Raises DamagedData for anything else, so a garbled answer is never read as
    "not in the list".
    """
    text = line.strip()
    if not text:
        return None
    match = _SUFFIX_LINE.fullmatch(text)
    if match is None:
        raise DamagedData(_("a line is not in the SUFFIX:COUNT form"))
    return match.group(1).upper(), int(match.group(2))


def parse_hash_line(line: bytes) -> tuple[bytes, int] | None:
    """``HASH:COUNT`` as (upper-case hash, count); None for a blank line; DamagedData else."""
    text = line.strip()
    if not text:
        return None
    match = _HASH_LINE.fullmatch(text)
    if match is None:
        if _NTLM_LINE.fullmatch(text):
            raise DamagedData(_("it holds NTLM hashes, not SHA-1 hashes"))
        raise DamagedData(_("a line is not in the HASH:COUNT form"))
    return match.group(1).upper(), int(match.group(2))


def parse_range_lines(lines: Iterable[str]) -> dict[bytes, int]:
    """Every suffix in a range answer (as text lines) with a count above zero.

    Padding lines have a count of 0 and mean "not breached", so they are left out.
    An empty answer is damaged: every real prefix has entries, and an empty page is
    more likely a proxy or portal than a real "nothing found".
    """
    found: dict[bytes, int] = {}
    seen = 0
    for text in lines:
        try:
            raw = text.lstrip("\ufeff").encode("ascii")
        except UnicodeEncodeError:
            raise DamagedData(_("the answer is not plain text")) from None
        parsed = parse_suffix_line(raw)
        if parsed is None:
            continue
        seen += 1
        suffix, count = parsed
        if count > 0:
            found[suffix] = count
    if seen == 0:
        raise DamagedData(_("the answer was empty"))
    return found
