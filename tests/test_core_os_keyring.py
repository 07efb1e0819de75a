"""Finding the OS keyring: the person's own choice first, never a scan of every package."""

import sys

from desktop.platform.keyring import SystemKeyring

NULL = {"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
FAIL = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def test_the_environment_choice_is_honoured() -> None:
    assert type(SystemKeyring(sys.platform, NULL).backend()).__module__ == "keyring.backends.null"


def test_the_choice_is_kept_once_made() -> None:
    env = dict(NULL)
    keyring = SystemKeyring(sys.platform, env)
    first = keyring.backend()
    env.update(FAIL)
    assert keyring.backend() is first
    # Nothing is kept for the whole process: a new one looks again.
    assert type(SystemKeyring(sys.platform, env).backend()).__module__ == "keyring.backends.fail"


def test_secrets_go_through_the_chosen_backend() -> None:
    keyring = SystemKeyring(sys.platform, NULL)
    assert keyring.get_password("hygiene-helper", "personal-words") is None
