"""Values from outside the app, made safe for its sentences (``core.kit.untrusted``),
the keyring's "no room" failures told apart from "no answer", and folders the app
creates being private all the way up (core parts, no Qt)."""

from __future__ import annotations

import errno
import os
import stat
import unicodedata
from pathlib import Path

import keyring.errors
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.kit.paths import private_dir
from desktop.core.kit.secrets import storage_full
from desktop.core.kit.untrusted import BIDI_CONTROLS, FSI, MAX_CHARS, PDI, plain_value, shown


def test_a_hostile_label_keeps_its_words_and_loses_its_tricks() -> None:
    value = '<a href="x">Open</a>\u202eevil\nnext\x00end\x7f\x85'
    out = shown(value)
    assert out.startswith(FSI) and out.endswith(PDI)
    assert out[1:-1] == '<a href="x">Open</a>evil\u240anext\u2400end\u2421\ufffd'


@given(st.text(max_size=MAX_CHARS))
def test_any_value_is_one_isolated_run_with_nothing_invisible_that_steers(value: str) -> None:
    inner = shown(value)[1:-1]
    assert not any(ch in BIDI_CONTROLS for ch in inner)
    assert not any(unicodedata.category(ch) == "Cc" for ch in inner)
    assert plain_value(value) == inner
    # ordinary text is left exactly as it was
    if not any(unicodedata.category(ch) == "Cc" or ch in BIDI_CONTROLS for ch in value):
        assert inner == value


def test_a_very_long_value_is_cut_with_an_ellipsis() -> None:
    assert len(plain_value("x" * 10_000)) == MAX_CHARS
    assert plain_value("x" * 10_000).endswith("\u2026")


class WinError(OSError):
    def __init__(self, winerror: int) -> None:
        super().__init__("CredWrite failed")
        self.winerror = winerror


def test_storage_full_knows_each_backends_way_of_saying_it() -> None:
    full = [
        OSError(errno.ENOSPC, "No space left on device"),
        OSError(errno.EROFS, "Read-only file system"),
        WinError(112),  # ERROR_DISK_FULL
        WinError(39),  # ERROR_HANDLE_DISK_FULL
        keyring.errors.PasswordSetError("Can't store password on keychain: (-34, 'Unknown')"),
        RuntimeError("Couldn't create item: An error occurred on the device"),
    ]
    wrapped = keyring.errors.PasswordSetError("set failed")
    wrapped.__cause__ = OSError(errno.ENOSPC, "No space left on device")
    full.append(wrapped)
    for exc in full:
        assert storage_full(exc), exc
    for exc in (
        TimeoutError("no reply"),
        keyring.errors.KeyringLocked("locked"),
        OSError(errno.EACCES, "Permission denied"),
        WinError(5),
        RuntimeError("Prompt dismissed"),
        keyring.errors.PasswordSetError("error -340"),
    ):
        assert not storage_full(exc), exc


def test_folders_the_app_has_to_create_are_private_all_the_way(tmp_path: Path) -> None:
    shared = tmp_path / "home"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)  # noqa: S103  (a shared parent, as ~ often is)
    old = os.umask(0o022)
    try:
        made = private_dir(shared / ".config" / "hygiene-helper" / "drafts")
    finally:
        os.umask(old)
    for folder in (made, made.parent, made.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755  # not the app's to change


def test_a_whole_sentence_keeps_its_lines_and_isolates_but_loses_overrides() -> None:
    from desktop.core.kit.untrusted import sentence_text

    text = f"The firewall ({shown('ufw')}) is off.\nAsk IT.\u202eevil\x00"
    assert sentence_text(text) == f"The firewall ({shown('ufw')}) is off.\nAsk IT.evil\u2400"
