"""How many wrong passwords unlocking allows on Linux, read from the PAM stack that every
sign-in and unlock screen shares, as PAM itself reads it.

* Lock-out: ``pam_faillock`` counts failures only where the stack has its ``authfail``
  step; its limit is ``deny=`` on the module's lines (read after the file, so it wins)
  or ``deny`` in ``/etc/security/faillock.conf``, 3 when neither says; ``deny=0`` is
  off. The older ``pam_tally2`` reads ``deny=`` from its line. A stack with neither has
  no limit (the 2-second delay after a wrong password is far above 10 guesses in five
  minutes).
* Shortest password: ``pam_pwquality`` (``minlen=`` on its line, else
  ``/etc/security/pwquality.conf`` and its ``.d`` folder, 8 by default) when it is in
  the password stack, otherwise ``pam_unix`` (``minlen=``, 6 by default).

Debian and Ubuntu keep the shared stacks in ``common-auth`` and ``common-password``;
Fedora and Arch in ``system-auth``. Every file here may be read by any user.
"""

from __future__ import annotations

import re
from pathlib import Path

from desktop.core.device.readings import Unread
from desktop.core.device.readings_ce import UnlockReading
from desktop.core.kit.i18n import N_
from desktop.platform.device.linux._common import conf_dir, read_text

STACKS = (("common-auth", "common-password"), ("system-auth", "system-auth"))
FAILLOCK_DEFAULT = 3
PWQUALITY_DEFAULT = 8
PAM_UNIX_DEFAULT = 6


def _lines(text: str, kind: str) -> list[list[str]]:
    """The active lines of one type (``auth``, ``password``) as words; a bracketed
    control (``[success=1 default=ignore]``) is kept as one word."""
    out: list[list[str]] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        words = re.findall(r"\[[^\]]*\]|\S+", line)
        if words and words[0].lstrip("-") == kind:
            out.append(words)
    return out


def _module(words: list[str]) -> str:
    return Path(words[2]).name if len(words) > 2 else ""


def _arg(words: list[str], name: str) -> str | None:
    found = None
    for word in words[3:]:
        if word.startswith(name + "="):
            found = word.split("=", 1)[1]
    return found


def _conf_value(texts: list[str], name: str) -> str | None:
    found = None
    for text in texts:
        for raw in text.splitlines():
            line = raw.split("#", 1)[0].strip()
            match = re.match(rf"{name}\s*=\s*(\S+)$", line)
            if match:
                found = match.group(1)
    return found


def _number(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None


class PamUnlockLimits:
    """The shared PAM stacks under ``root`` (``/`` on a real system)."""

    def __init__(self, root: Path = Path("/")) -> None:
        self.root = root

    def read(self) -> UnlockReading | Unread:
        pam = self.root / "etc/pam.d"
        for auth_name, password_name in STACKS:
            auth = read_text(pam / auth_name)
            if auth is not None:
                password = read_text(pam / password_name) or ""
                return UnlockReading(
                    self._attempts(auth), self._min_length(password), f"PAM ({auth_name})"
                )
        return Unread(N_("the app found no sign-in settings it knows on this computer"), "no stack")

    def _attempts(self, auth: str) -> int | None:
        lines = _lines(auth, "auth")
        faillock = [w for w in lines if _module(w) == "pam_faillock.so"]
        if any("authfail" in w for w in faillock):
            conf = read_text(self.root / "etc/security/faillock.conf") or ""
            deny = _number(_conf_value([conf], "deny"))
            for words in faillock:
                deny = _number(_arg(words, "deny")) if _arg(words, "deny") else deny
            limit = FAILLOCK_DEFAULT if deny is None else deny
            return limit or None  # deny=0: no lock-out
        for words in lines:
            if _module(words) == "pam_tally2.so":
                return _number(_arg(words, "deny")) or None
        return None

    def _min_length(self, password: str) -> int | None:
        lines = _lines(password, "password")
        for words in lines:
            if _module(words) == "pam_pwquality.so":
                if (arg := _number(_arg(words, "minlen"))) is not None:
                    return arg
                sec = self.root / "etc/security"
                files = [sec / "pwquality.conf", *conf_dir(sec / "pwquality.conf.d")]
                texts = [t for t in (read_text(p) for p in files) if t is not None]
                return _number(_conf_value(texts, "minlen")) or PWQUALITY_DEFAULT
        for words in lines:
            if _module(words) == "pam_unix.so":
                return _number(_arg(words, "minlen")) or PAM_UNIX_DEFAULT
        return None
