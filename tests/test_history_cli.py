"""``hygiene history`` and ``hygiene accounts`` as a person or script runs them: real
subprocesses, passwords on standard input, a private Secret Service."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from desktop.core.history.keyring_store import RECORD_NAME
from desktop.core.kit.secrets import KEYRING_SERVICE
from tests.cli_helpers import ROOT, run_hygiene
from tests.fixtures_keyring import SecretServiceSession

pytestmark = pytest.mark.keyring

SERVICE, NAME = KEYRING_SERVICE, RECORD_NAME


def hygiene(
    session: SecretServiceSession, *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    out = run_hygiene(*args, stdin=stdin.encode(), env={**session.env, **(env or {})})
    return out.returncode, out.stdout.decode(), out.stderr.decode()


def listing(session: SecretServiceSession) -> dict[str, object]:
    code, out, err = hygiene(session, "history", "list", "--json")
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def test_add_then_list_shows_dates_only(empty_history: SecretServiceSession) -> None:
    code, out, err = hygiene(empty_history, "history", "add", stdin="Summer2024!\n")
    assert code == 0, err
    assert "Recorded. 1 earlier password remembered (up to 24)." in out
    data = listing(empty_history)
    assert data["passwords"] == [{"recorded": date.today().isoformat()}]
    code, out, _ = hygiene(empty_history, "history", "list")
    assert "recorded" in out and "Summer2024!" not in out
    assert "Summer2024!" not in out + err


def test_check_refuses_reused_and_near_reused_passwords(
    empty_history: SecretServiceSession,
) -> None:
    hygiene(empty_history, "history", "add", stdin="Summer2024!\n")
    code, out, _ = hygiene(empty_history, "check", "--no-network", "--json", stdin="Summer2025!\n")
    reuse = {c["id"]: c for c in json.loads(out)["checks"]}["reuse"]
    assert code == 1 and reuse["status"] == "fail"
    assert reuse["message"] == "It is too close to a password you used before."
    code, out, _ = hygiene(empty_history, "check", "--no-network", "--json", stdin="Summer2024!\n")
    reuse = {c["id"]: c for c in json.loads(out)["checks"]}["reuse"]
    assert reuse["message"] == "You have used this password before."
    code, out, _ = hygiene(
        empty_history, "check", "--no-network", "--json", stdin="kettle orbit lantern mosaic\n"
    )
    reuse = {c["id"]: c for c in json.loads(out)["checks"]}["reuse"]
    assert code == 0 and reuse["status"] == "pass"


def test_other_accounts_are_named_and_can_be_removed(empty_history: SecretServiceSession) -> None:
    code, out, err = hygiene(
        empty_history, "accounts", "add", "personal email", stdin="P@ssw0rd-Autumn-Otter\n"
    )
    assert code == 0, err
    code, out, _ = hygiene(empty_history, "check", "--no-network", stdin="password-autumn-otter\n")
    assert code == 1
    assert "You use this password (or one very like it) for: personal email" in out
    assert listing(empty_history)["accounts"] == [
        {"label": "personal email", "recorded": date.today().isoformat()}
    ]
    code, out, _ = hygiene(empty_history, "accounts", "remove", "Personal Email")
    assert code == 0
    assert listing(empty_history)["accounts"] == []
    code, _, err = hygiene(empty_history, "accounts", "remove", "bank")
    assert code == 1 and 'No account called "bank"' in err


def test_the_policy_depth_is_honoured(empty_history: SecretServiceSession, tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("history_depth = 2\n")
    for password in ("first Lantern 1", "second Harbour 2", "third Thistle 3"):
        code, _, err = hygiene(
            empty_history, "history", "add", "--policy", str(policy), stdin=password + "\n"
        )
        assert code == 0, err
    code, out, _ = hygiene(
        empty_history,
        "check",
        "--policy",
        str(policy),
        "--no-network",
        "--json",
        stdin="first Lantern 1\n",
    )
    reuse = {c["id"]: c for c in json.loads(out)["checks"]}["reuse"]
    assert reuse["status"] == "pass"
    # The depth of 2 decided what was compared; all three are kept (the default depth
    # of 24 that 'list' uses without the policy shows them), so nothing was deleted.
    assert len(listing(empty_history)["passwords"]) == 3  # type: ignore[arg-type]


def test_a_password_is_never_taken_from_the_command_line(
    empty_history: SecretServiceSession,
) -> None:
    code, _, err = hygiene(empty_history, "history", "add", "Summer2024!")
    assert code == 2 and "standard input" in err
    assert "Summer2024!" not in err  # refused, and never printed back
    code, _, err = hygiene(empty_history, "history", "add", stdin="")
    assert code == 2 and "No password was entered." in err
    assert empty_history.stored() == {}


def test_clear_needs_the_persons_say(empty_history: SecretServiceSession) -> None:
    hygiene(empty_history, "history", "add", stdin="Summer2024!\n")
    code, _, err = hygiene(empty_history, "history", "clear", stdin="yes\n")
    assert code == 2 and "--yes" in err
    assert len(listing(empty_history)["passwords"]) == 1  # type: ignore[arg-type]
    code, out, _ = hygiene(empty_history, "history", "clear", "--yes")
    assert code == 0 and "cleared" in out
    assert listing(empty_history)["passwords"] == []
    assert empty_history.stored() == {}


def _clear_on_a_terminal(session: SecretServiceSession, answer: bytes) -> str:
    """Run ``hygiene history clear`` with a terminal as stdin and type ``answer``."""
    main, side = pty.openpty()
    env = dict(session.env, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop", "history", "clear"],
        cwd=ROOT,
        env=env,
        stdin=side,
        stdout=subprocess.PIPE,
        stderr=side,
    )
    os.close(side)
    seen = b""
    deadline = time.monotonic() + 30
    while b"Type yes" not in seen and time.monotonic() < deadline:
        seen += os.read(main, 1024)
    os.write(main, answer + b"\n")
    out, _ = proc.communicate(timeout=30)
    os.close(main)
    assert b"forgets 1 earlier password and 0 other accounts" in seen
    return out.decode()


def test_clear_on_a_terminal_asks_first(empty_history: SecretServiceSession) -> None:
    hygiene(empty_history, "history", "add", stdin="Summer2024!\n")
    assert "Nothing was changed." in _clear_on_a_terminal(empty_history, b"no")
    assert len(listing(empty_history)["passwords"]) == 1  # type: ignore[arg-type]
    assert "cleared" in _clear_on_a_terminal(empty_history, b"yes")
    assert listing(empty_history)["passwords"] == []


@pytest.mark.parametrize(
    ("backend", "expected"),
    [
        ("keyring.backends.fail.Keyring", "There is no keyring"),
        ("keyring.backends.null.Keyring", "There is no keyring"),
    ],
)
def test_no_keyring_is_reported_and_check_says_not_checked(
    empty_history: SecretServiceSession, backend: str, expected: str
) -> None:
    env = {"PYTHON_KEYRING_BACKEND": backend}
    code, out, err = hygiene(empty_history, "history", "add", stdin="Summer2024!\n", env=env)
    assert code == 1 and expected in err and "Not recorded" in err
    assert "Traceback" not in err
    code, out, _ = hygiene(empty_history, "check", "--no-network", stdin="Summer2024!\n", env=env)
    assert "NOT CHECKED  reuse" in out and "no keyring" in out
    assert empty_history.stored() == {}


def test_a_keyring_that_does_not_answer_is_reported(
    empty_history: SecretServiceSession, tmp_path: Path
) -> None:
    env = {"DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path}/no-bus-here"}
    code, _, err = hygiene(empty_history, "history", "add", stdin="Summer2024!\n", env=env)
    assert code == 1 and "did not answer" in err and "Traceback" not in err
    code, out, _ = hygiene(
        empty_history, "check", "--no-network", "--json", stdin="Summer2024!\n", env=env
    )
    reuse = {c["id"]: c for c in json.loads(out)["checks"]}["reuse"]
    assert reuse["status"] == "not_checked"


def test_a_damaged_history_is_kept_until_the_person_clears_it(
    empty_history: SecretServiceSession,
) -> None:
    hygiene(empty_history, "history", "add", stdin="Summer2024!\n")
    good = empty_history.backend.get_password(SERVICE, NAME)
    assert good is not None
    damaged = good[:-12]
    empty_history.backend.set_password(SERVICE, NAME, damaged)
    code, _, err = hygiene(empty_history, "history", "add", stdin="Winter2024!\n")
    assert code == 1 and "damaged" in err and "hygiene history clear" in err
    code, _, err = hygiene(empty_history, "history", "list")
    assert code == 1 and "damaged" in err
    code, out, _ = hygiene(empty_history, "check", "--no-network", stdin="Summer2024!\n")
    assert "NOT CHECKED  reuse" in out and "damaged" in out
    assert empty_history.backend.get_password(SERVICE, NAME) == damaged
    code, _, _ = hygiene(empty_history, "history", "clear", "--yes")
    assert code == 0 and empty_history.stored() == {}


def test_two_adds_at_once_are_both_recorded(empty_history: SecretServiceSession) -> None:
    env = {**os.environ, **empty_history.env, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "desktop", "history", "add"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for proc, password in zip(
        procs, ("amber orbit lantern", "cobalt harbour thistle"), strict=True
    ):
        assert proc.stdin is not None
        proc.stdin.write(password.encode() + b"\n")
        proc.stdin.close()
    for proc in procs:
        proc.wait(timeout=60)
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        err = proc.stderr.read()
        proc.stderr.close()
        assert proc.returncode == 0, err
    assert len(listing(empty_history)["passwords"]) == 2  # type: ignore[arg-type]
