"""``hygiene check`` through a real subprocess: exit codes, JSON, bad input, no leaks."""

import json
from pathlib import Path

import pytest

from tests.cli_helpers import run_hygiene
from tests.fixtures_keyring import SecretServiceSession
from tests.range_server import RangeServer

STRONG = "kettle orbit lantern mosaic"


def check(stdin: bytes, *args: str) -> tuple[int, str, str]:
    out = run_hygiene("check", "--no-network", *args, stdin=stdin)
    return out.returncode, out.stdout.decode(), out.stderr.decode()


def test_strong_password_is_accepted_with_exit_0() -> None:
    code, out, err = check(STRONG.encode() + b"\n")
    assert code == 0 and "ACCEPTED" in out
    assert STRONG not in out + err


def test_weak_password_is_rejected_with_exit_1() -> None:
    code, out, _ = check(b"password1\n")
    assert code == 1 and "REJECTED" in out and "FAIL" in out


def test_json_output_has_exactly_the_documented_shape() -> None:
    code, out, _ = check(
        b"M@isie2015!!\n", "--json", "--personal", "Maisie", "--personal", "14/03/2015"
    )
    data = json.loads(out)  # nothing else on stdout
    assert set(data) == {"accepted", "complete", "checks", "score"}
    assert data["accepted"] is False and code == 1
    assert data["complete"] is False  # the breach check could not run without a network
    assert isinstance(data["score"], int)
    by_id = {c["id"]: c for c in data["checks"]}
    assert {"length", "guessable", "personal", "breached", "reuse"} <= set(by_id)
    assert all(set(c) == {"id", "status", "message", "hint", "reason"} for c in data["checks"])
    assert by_id["personal"]["status"] == "fail"
    assert by_id["breached"]["status"] == "not_checked"
    assert "M@isie2015!!" not in out


def test_exactly_one_line_ending_is_stripped() -> None:
    # Ten characters ending in a space: the space is part of the password.
    _, out, _ = check(b"kettle-or \n", "--json")
    assert json.loads(out)["checks"][0]["message"].startswith("10 characters")
    _, out, _ = check(b"kettle-or \r\n", "--json")
    assert json.loads(out)["checks"][0]["message"].startswith("10 characters")
    # Only one is removed: the second line ending stays, and is refused as a control
    # character (it is not counted as a character the person can see).
    _, out, _ = check(b"kettle-or \n\n", "--json")
    by_id = {c["id"]: c for c in json.loads(out)["checks"]}
    assert by_id["characters"]["status"] == "fail"
    assert "control character" in by_id["characters"]["message"]


@pytest.mark.parametrize(
    ("stdin", "expected"),
    [
        (b"", "No password entered"),
        (b"          \n", "10 characters"),
        (b"x" * 10_000, "10000 characters"),
        (b"abc\x00defghijkl\n", "control character"),
        ("😀🔒🎉🌍🚀📚🧩🎲🪁🌈🍀\n".encode(), "11 characters"),
        ("kettle\u200forbit-lamp\n".encode(), "direction mark"),
        ("kettle orbit\ufeff lantern\n".encode(), "invisible character"),
        ("kettle\u00adorbit lantern\n".encode(), "invisible character"),
    ],
)
def test_odd_input_gets_a_clear_verdict(stdin: bytes, expected: str) -> None:
    code, out, err = check(stdin, "--json")
    assert code in (0, 1), err
    data = json.loads(out)
    assert expected in json.dumps(data, ensure_ascii=False)
    assert "Traceback" not in err


def test_a_byte_order_mark_only_at_the_very_start_of_piped_input_is_dropped() -> None:
    code, out, _ = check(("\ufeff" + STRONG + "\n").encode(), "--json")
    assert code == 0 and json.loads(out)["accepted"] is True
    code, out, _ = check(("\ufeff\ufeff" + STRONG + "\n").encode(), "--json")
    by_id = {c["id"]: c for c in json.loads(out)["checks"]}
    assert code == 1 and by_id["characters"]["status"] == "fail"


@pytest.mark.parametrize("stdin", [b"\xff\xfe\xfdabc\n", b"abc\xed\xa0\x80def\n"])
def test_invalid_utf8_and_encoded_lone_surrogates_are_usage_errors(stdin: bytes) -> None:
    code, out, err = check(stdin)
    assert code == 2 and out == ""
    assert "not valid UTF-8" in err and "Traceback" not in err


def test_password_is_never_taken_from_the_command_line() -> None:
    code, out, err = check(b"", "hunter2hunter2")
    assert code == 2 and "read from standard input" in err
    assert "hunter2" not in out + err  # refused, and never printed back


def test_bad_policy_file_is_named_and_defaults_are_used(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("min_length = 'ten'\n")
    code, _, err = check(STRONG.encode(), "--policy", str(policy))
    assert code == 0 and str(policy) in err and "min_length" in err and "defaults" in err


def test_policy_file_changes_the_rules(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("min_length = 30\n")
    code, out, _ = check(STRONG.encode(), "--policy", str(policy))
    assert code == 1 and "at least 30" in out


def test_missing_policy_file_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = check(STRONG.encode(), "--policy", str(tmp_path / "nope.toml"))
    assert code == 2 and "no such policy file" in err


def test_version() -> None:
    out = run_hygiene("--version")
    assert out.returncode == 0 and out.stdout.decode().startswith("Hygiene Helper ")


def _online(
    tmp_path: Path, server: RangeServer, session: SecretServiceSession, extra: str = ""
) -> tuple[int, dict[str, object]]:
    policy = tmp_path / "policy.toml"
    policy.write_text(f'hibp_api_url = "{server.url}"\n{extra}')
    out = run_hygiene(
        "check", "--json", "--policy", str(policy), stdin=STRONG.encode(), env=session.env
    )
    return out.returncode, json.loads(out.stdout)


def test_complete_only_when_every_check_ran(
    tmp_path: Path, range_server: RangeServer, empty_history: SecretServiceSession
) -> None:
    code, data = _online(tmp_path, range_server, empty_history)
    assert (code, data["accepted"], data["complete"]) == (0, True, True)
    range_server.status = 500  # the breach service breaks: still accepted, but not complete
    code, data = _online(tmp_path, range_server, empty_history)
    assert (code, data["accepted"], data["complete"]) == (0, True, False)


def test_required_check_that_could_not_run_refuses_the_password(
    tmp_path: Path, range_server: RangeServer, empty_history: SecretServiceSession
) -> None:
    range_server.add_password(STRONG, 4242)
    range_server.status = 500
    required = 'required_checks = ["breached"]\n'
    code, data = _online(tmp_path, range_server, empty_history, required)
    assert (code, data["accepted"], data["complete"]) == (1, False, False)
    breached = next(c for c in data["checks"] if c["id"] == "breached")  # type: ignore[attr-defined]
    assert breached["status"] == "not_checked" and "error 500" in breached["message"]
    assert "You can still use" not in breached["hint"]
    # In words: what could not be checked, and what to do.
    policy = tmp_path / "policy.toml"
    out = run_hygiene("check", "--no-network", "--policy", str(policy), stdin=STRONG.encode())
    text = out.stdout.decode()
    assert out.returncode == 1 and "REJECTED" in text
    assert "“Not in a known data breach” could not be checked" in text and "ask IT" in text


def test_unknown_id_in_required_checks_is_named(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('required_checks = ["breach"]\n')
    code, _, err = check(STRONG.encode(), "--policy", str(policy))
    assert code == 0 and "required_checks" in err and '"breached"' in err and "defaults" in err
