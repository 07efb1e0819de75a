"""Finding the OS keyring: the person's own choice first, never a scan of every package."""

import pytest

from desktop.platform.keyring import SystemKeyring


def test_the_environment_choice_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    assert type(SystemKeyring().backend()).__module__ == "keyring.backends.null"


def test_the_choice_is_kept_once_made(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    keyring = SystemKeyring()
    first = keyring.backend()
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    assert keyring.backend() is first
    # Nothing is kept for the whole process: a new one looks again.
    assert type(SystemKeyring().backend()).__module__ == "keyring.backends.fail"


def test_secrets_go_through_the_chosen_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    keyring = SystemKeyring()
    assert keyring.get_password("hygiene-helper", "personal-words") is None
