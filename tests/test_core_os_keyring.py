"""Finding the OS keyring: the person's own choice first, never a scan of every package."""

import pytest

from desktop.platform import keyring as os_keyring


@pytest.fixture(autouse=True)
def fresh_cache():
    os_keyring.forget_cached()
    yield
    os_keyring.forget_cached()


def test_the_environment_choice_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    assert type(os_keyring.system_keyring()).__module__ == "keyring.backends.null"


def test_the_choice_is_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    first = os_keyring.system_keyring()
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    assert os_keyring.system_keyring() is first
