"""Which cipher a LUKS volume really uses: a LUKS header can name ``cipher_null``, which
stores the data as it is, so "LUKS" alone does not mean "encrypted".

* The header itself, where this account may read the device (root, or the ``disk``
  group): LUKS1 keeps the cipher name and mode at fixed places; LUKS2 keeps a JSON
  area whose data segments name their ``encryption`` (the layout ``cryptsetup
  luksDump`` prints; pinned in the tests against the real tool).
* Otherwise, for a volume that is open (the system disk always is): the kernel lists
  each cipher in ``/proc/crypto``, readable by everyone, with how many users it has.
  When the null cipher has no user besides its own registration, no open volume can be
  using it. When it has, the app cannot tell which volume does, so the answer is
  ``Unread``: never "encrypted" on a guess.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from desktop.core.device.readings import Unread
from desktop.core.kit.i18n import N_

MAGIC = b"LUKS\xba\xbe"
LUKS2_JSON_AT = 4096
MAX_HEADER = 4 * 1024 * 1024  # LUKS2 headers are 16 KiB to 4 MiB
NULL = "cipher_null"
NOT_TOLD = N_(
    "the app could not read which cipher the encryption uses, so it cannot tell whether "
    "the data is really encrypted"
)


def _text(raw: bytes) -> str:
    return raw.split(b"\0", 1)[0].decode("ascii", errors="replace").strip()


def header_ciphers(header: bytes) -> list[str] | None:
    """The ciphers a LUKS header names for its data ("aes-xts-plain64"), or None when
    it is not a LUKS header the app knows."""
    if header[:6] != MAGIC or len(header) < 512:
        return None
    version = int.from_bytes(header[6:8], "big")
    if version == 1:
        name, mode = _text(header[8:40]), _text(header[40:72])
        return [f"{name}-{mode}" if mode else name]
    if version == 2:
        size = int.from_bytes(header[8:16], "big")
        if not LUKS2_JSON_AT < size <= MAX_HEADER or len(header) < size:
            return None
        try:
            meta = json.loads(header[LUKS2_JSON_AT:size].split(b"\0", 1)[0])
        except ValueError:
            return None
        segments = meta.get("segments") if isinstance(meta, dict) else None
        if not isinstance(segments, dict):
            return None
        return [
            str(s.get("encryption", ""))
            for s in segments.values()
            if isinstance(s, dict) and s.get("type") == "crypt"
        ]
    return None


def is_null(cipher: str) -> bool:
    return cipher.strip().lower().startswith(NULL)


def read_header(device: Path) -> bytes | Unread:
    """The start of the device, enough for any LUKS header; Unread when it may not be read."""
    try:
        with open(device, "rb") as handle:
            head = handle.read(LUKS2_JSON_AT)
            if head[:6] == MAGIC and int.from_bytes(head[6:8], "big") == 2:
                size = int.from_bytes(head[8:16], "big")
                if LUKS2_JSON_AT < size <= MAX_HEADER:
                    head += handle.read(size - LUKS2_JSON_AT)
            return head
    except PermissionError:
        return Unread(NOT_TOLD, f"no read access to {device}")
    except OSError as exc:
        return Unread(NOT_TOLD, f"{device}: {exc.strerror or type(exc).__name__}")


def null_cipher_users(proc_crypto: Path = Path("/proc/crypto")) -> int | None:
    """How many users the kernel's null cipher has beyond its own registration (0: none,
    so no open volume uses it); None when the list cannot be read. A cipher the kernel
    has not loaded at all has none."""
    try:
        text = proc_crypto.read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    users = 0
    for block in text.split("\n\n"):
        name = re.search(r"^name\s*:\s*(\S+)", block, re.MULTILINE)
        count = re.search(r"^refcnt\s*:\s*(\d+)", block, re.MULTILINE)
        if name and count and NULL in name.group(1) and name.group(1).startswith("ecb("):
            users += max(0, int(count.group(1)) - 1)
    return users


def cipher_state(
    device: Path, is_open: bool, proc_crypto: Path = Path("/proc/crypto")
) -> str | Unread:
    """The cipher a LUKS device uses ("aes-xts-plain64", "cipher_null-ecb"), "" when it
    is not the null cipher but its name could not be read (an open volume, while no open
    volume uses the null cipher), or Unread when the app cannot tell."""
    header = read_header(device)
    if not isinstance(header, Unread):
        ciphers = header_ciphers(header)
        if ciphers:
            nulls = [c for c in ciphers if is_null(c)]
            return nulls[0] if nulls else ciphers[0]
        return Unread(NOT_TOLD, f"{device}: not a LUKS header the app knows")
    if is_open and null_cipher_users(proc_crypto) == 0:
        return ""
    return header


__all__ = ["cipher_state", "header_ciphers", "is_null", "null_cipher_users"]
