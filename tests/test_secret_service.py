"""The app's own Secret Service client, against a real gnome-keyring on a private bus.

What a person would notice: their history and words written by an earlier version
(through ``keyring``) are still there, and a later downgrade still finds what this one
wrote; a locked keyring says "locked", never a pass; the daemon is never knocked over;
and on Linux the ``keyring`` library (about 13 MiB) is not loaded at all.
"""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest

from desktop.core.checks.ports import ReuseOutcome
from desktop.core.history import KeyringStore, PasswordHistory
from desktop.core.history.errors import StoreUnavailable
from desktop.core.history.keyring_store import LOCKED
from desktop.core.kit.secrets import SecretNotFound, SecretStoreLocked
from desktop.platform.keyring import find_backend
from desktop.platform.secret_service import SecretServiceStore
from tests.fixtures_keyring import SecretServiceSession, private_secret_service
from tests.patient_keyring import default_collection
from tests.support import loaded_after

pytestmark = pytest.mark.keyring


def fresh_service() -> str:
    return f"hh-ss-test-{uuid.uuid4().hex[:8]}"


def test_what_one_writes_the_other_reads_both_ways(secret_service: SecretServiceSession) -> None:
    ours = SecretServiceStore(secret_service.bus_address)
    theirs = secret_service.backend  # keyring's own backend, as earlier versions used
    service = fresh_service()
    theirs.set_password(service, "personal-words", '["Rosie", "1987"]')
    assert ours.get_password(service, "personal-words") == '["Rosie", "1987"]'
    ours.set_password(service, "personal-words", '["Rosie", "1987", "Biscuit"]')
    assert theirs.get_password(service, "personal-words") == '["Rosie", "1987", "Biscuit"]'
    # Replaced, not added beside: one item, exactly as keyring labels and tags it.
    [(label, attributes, secret)] = secret_service.items(service)
    assert label == f"Password for 'personal-words' on '{service}'"
    assert {k: v for k, v in attributes.items() if k != "xdg:schema"} == {
        "application": "Python keyring library",
        "service": service,
        "username": "personal-words",
    }
    assert secret == b'["Rosie", "1987", "Biscuit"]'
    ours.delete_password(service, "personal-words")
    assert theirs.get_password(service, "personal-words") is None
    assert ours.get_password(service, "personal-words") is None


def test_a_copy_made_by_another_tool_never_outlives_a_write(
    secret_service: SecretServiceSession,
) -> None:
    import secretstorage

    service = fresh_service()
    # The entry as another tool writes it (secret-tool, say: no "application"), which
    # keyring's lookup finds but "replace" does not match.
    with secretstorage.dbus_init() as conn:
        default_collection(conn).create_item(
            f"Password for 'words' on '{service}'",
            {
                "service": service,
                "username": "words",
                "xdg:schema": "org.freedesktop.Secret.Generic",
            },
            b"old words",
        )
    SecretServiceStore(secret_service.bus_address).set_password(service, "words", "new words")
    secrets = [secret for _label, _attributes, secret in secret_service.items(service)]
    assert secrets == [b"new words"]
    assert secret_service.backend.get_password(service, "words") == "new words"  # a downgrade
    secret_service.forget_history(service)


def test_text_in_any_script_survives_and_missing_names_are_told_apart(
    secret_service: SecretServiceSession,
) -> None:
    ours = SecretServiceStore(secret_service.bus_address)
    service = fresh_service()
    text = "Zoë, Łukasz, 名前, مرحبا, 🦊"
    ours.set_password(service, "words", text)
    assert ours.get_password(service, "words") == text
    assert ours.get_password(service, "someone-else") is None
    with pytest.raises(SecretNotFound):
        ours.delete_password(service, "someone-else")
    ours.delete_password(service, "words")


def test_a_secret_that_is_not_text_is_reported_as_keyring_reports_it(
    secret_service: SecretServiceSession,
) -> None:
    import secretstorage

    service = fresh_service()
    with secretstorage.dbus_init() as conn:  # another program stored raw bytes there
        collection = default_collection(conn)
        collection.create_item("raw", {"service": service, "username": "words"}, b"\xff\xfe")
    with pytest.raises(UnicodeDecodeError):
        SecretServiceStore(secret_service.bus_address).get_password(service, "words")
    secret_service.forget_history(service)


def test_a_locked_keyring_is_locked_not_a_pass(tmp_path: Path) -> None:
    with private_secret_service() as own:
        ours = SecretServiceStore(own.bus_address, prompt_timeout=10)
        store = KeyringStore(ours, lock_path=tmp_path / "lock", service=fresh_service())
        history = PasswordHistory(store, 24)
        history.add_password("kettle orbit lantern")
        own.lock()
        # No desktop here can show the unlock prompt: gnome-keyring gives up on it.
        with pytest.raises(SecretStoreLocked):
            ours.get_password("anything", "at-all")
        verdict = history.check_reuse("kettle orbit lantern")
        assert verdict.outcome is ReuseOutcome.UNAVAILABLE and verdict.reason == LOCKED
        with pytest.raises(StoreUnavailable):
            history.add_password("mosaic harbour thistle")


def test_many_short_calls_at_once_never_knock_the_daemon_over() -> None:
    # gnome-keyring aborts now and then when a new caller's first call is OpenSession
    # (an upstream race); the client asks for the collection first, so it never does.
    with private_secret_service() as own:
        ours = SecretServiceStore(own.bus_address)
        service = fresh_service()
        failures: list[BaseException] = []

        def work(n: int) -> None:
            try:
                for i in range(60):
                    ours.set_password(service, f"{n}-{i % 3}", f"value {i}")
                    assert ours.get_password(service, f"{n}-{i % 3}") == f"value {i}"
            except BaseException as exc:
                failures.append(exc)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not failures, failures[:1]
        assert own.backend.get_password(service, "0-0") is not None  # still the same daemon


def test_linux_uses_it_without_loading_keyring(secret_service: SecretServiceSession) -> None:
    env = {k: v for k, v in secret_service.env.items() if k != "PYTHON_KEYRING_BACKEND"}
    assert isinstance(find_backend("linux", env), SecretServiceStore)
    loaded = loaded_after(
        "import os\n"
        "from desktop.platform.keyring import SystemKeyring\n"
        "store = SystemKeyring('linux', dict(os.environ))\n"
        "assert type(store.backend()).__name__ == 'SecretServiceStore'\n"
        "store.get_password('hygiene-helper-probe', 'nobody')\n",
        {**env, "PYTHON_KEYRING_BACKEND": ""},
    )
    assert not {"keyring", "secretstorage", "cryptography"} & loaded


def test_a_person_who_chose_a_backend_keeps_it(secret_service: SecretServiceSession) -> None:
    env = {k: v for k, v in secret_service.env.items() if k != "PYTHON_KEYRING_BACKEND"}
    named = {**env, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    assert type(find_backend("linux", named)).__module__ == "keyring.backends.null"
    config = Path(env["XDG_CONFIG_HOME"], "python_keyring", "keyringrc.cfg")
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[backend]\ndefault-keyring=keyring.backends.null.Keyring\n")
    try:
        assert not isinstance(find_backend("linux", env), SecretServiceStore)
    finally:
        config.unlink()


def test_no_secret_service_on_the_bus_falls_back_to_keyrings_search(tmp_path: Path) -> None:
    env = {
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path / 'no-bus'}",
    }
    assert not isinstance(find_backend("linux", env), SecretServiceStore)
