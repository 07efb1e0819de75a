"""The breach check through the real ``hygiene`` command, against the loopback service.

``hygiene check`` runs in a subprocess with a policy file (``--policy FILE``) that points
``hibp_api_url`` at the range server on 127.0.0.1, so the whole path is exercised: the
policy, make_breach_lookup, pyhibp over requests, the rule and the output.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.cli_helpers import run_hygiene
from tests.fixtures_breach import random_hashes, sorted_lines, write_lines
from tests.range_server import RangeServer, sha1_upper

STRONG = "kettle orbit lantern mosaic"  # passes every other rule


def write_policy(tmp_path: Path, **values: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text("".join(f'{k} = "{v}"\n' for k, v in values.items()), encoding="utf-8")
    return path


def check(
    tmp_path: Path, policy: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[int, dict[str, dict[str, str]], str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    full_env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), **(env or {})}
    out = run_hygiene(
        "check",
        "--json",
        "--policy",
        str(policy),
        *args,
        stdin=STRONG.encode() + b"\n",
        env=full_env,
    )
    text = out.stdout.decode() + out.stderr.decode()
    assert STRONG not in text and sha1_upper(STRONG)[5:] not in text
    data = json.loads(out.stdout)
    return out.returncode, {c["id"]: c for c in data["checks"]}, out.stderr.decode()


def offline_file(tmp_path: Path, count: int) -> Path:
    hashes = {**random_hashes(3000, 11), sha1_upper(STRONG): count}
    return write_lines(tmp_path / "pwned.txt", sorted_lines(hashes))


def test_breached_password_is_rejected_with_the_count(
    tmp_path: Path, range_server: RangeServer
) -> None:
    range_server.add_password(STRONG, 3541)
    code, checks, _ = check(tmp_path, write_policy(tmp_path, hibp_api_url=range_server.url))
    assert code == 1
    assert checks["breached"]["status"] == "fail"
    assert checks["breached"]["message"] == "Seen 3,541 times in known data breaches."
    assert range_server.prefixes_sent() == [sha1_upper(STRONG)[:5]]
    assert range_server.requests[0].headers["Add-Padding"] == "true"
    assert range_server.requests[0].headers["User-Agent"].startswith("Hygiene-Helper/")


def test_clean_password_passes_the_breach_check(tmp_path: Path, range_server: RangeServer) -> None:
    range_server.add_password("something else entirely", 8)
    code, checks, _ = check(tmp_path, write_policy(tmp_path, hibp_api_url=range_server.url))
    assert code == 0
    assert checks["breached"]["status"] == "pass"


def test_service_error_is_not_checked_never_pass(tmp_path: Path, range_server: RangeServer) -> None:
    range_server.status = 500
    _, checks, _ = check(tmp_path, write_policy(tmp_path, hibp_api_url=range_server.url))
    assert checks["breached"]["status"] == "not_checked"
    assert (
        checks["breached"]["message"]
        == "Not checked: the breach service had a problem (error 500)."
    )


def test_no_network_without_a_file_is_not_checked_and_sends_nothing(
    tmp_path: Path, range_server: RangeServer
) -> None:
    policy = write_policy(tmp_path, hibp_api_url=range_server.url)
    _, checks, _ = check(tmp_path, policy, "--no-network")
    assert checks["breached"]["status"] == "not_checked"
    assert "the network is turned off (--no-network)" in checks["breached"]["message"]
    assert range_server.requests == []


def test_no_network_uses_the_offline_file(tmp_path: Path, range_server: RangeServer) -> None:
    policy = write_policy(
        tmp_path, hibp_api_url=range_server.url, offline_breach_file=str(offline_file(tmp_path, 27))
    )
    code, checks, _ = check(tmp_path, policy, "--no-network")
    assert code == 1 and checks["breached"]["message"] == "Seen 27 times in known data breaches."
    assert range_server.requests == []


def test_online_failure_falls_back_to_the_offline_file(
    tmp_path: Path, refused_range_url: str
) -> None:
    policy = write_policy(
        tmp_path, hibp_api_url=refused_range_url, offline_breach_file=str(offline_file(tmp_path, 5))
    )
    _, checks, _ = check(tmp_path, policy)
    assert checks["breached"]["message"] == "Seen 5 times in known data breaches."


def test_both_failing_gives_both_reasons(tmp_path: Path, refused_range_url: str) -> None:
    policy = write_policy(
        tmp_path,
        hibp_api_url=refused_range_url,
        offline_breach_file=str(tmp_path / "not-there.txt"),
    )
    _, checks, _ = check(tmp_path, policy)
    message = checks["breached"]["message"]
    assert checks["breached"]["status"] == "not_checked"
    assert "could not be reached" in message and "cannot be found" in message


def test_offline_mode_with_missing_file_is_not_checked(tmp_path: Path) -> None:
    policy = write_policy(
        tmp_path, breach_check="offline", offline_breach_file=str(tmp_path / "gone.txt")
    )
    _, checks, _ = check(tmp_path, policy)
    assert checks["breached"]["status"] == "not_checked"
    assert "cannot be found" in checks["breached"]["message"]
    assert "tell IT" in checks["breached"]["hint"]


def test_breach_check_off_is_not_checked(tmp_path: Path, range_server: RangeServer) -> None:
    policy = write_policy(tmp_path, breach_check="off", hibp_api_url=range_server.url)
    _, checks, _ = check(tmp_path, policy)
    assert checks["breached"]["status"] == "not_checked"
    assert "turned off" in checks["breached"]["message"]
    assert range_server.requests == []


def test_proxy_from_the_environment_is_used(tmp_path: Path, range_server: RangeServer) -> None:
    # The "mirror" name cannot resolve; only the proxy (the loopback server) is reached.
    proxy = f"http://127.0.0.1:{range_server.port}"
    env = {
        **{name: proxy for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")},
        "NO_PROXY": "",
        "no_proxy": "",
    }
    policy = write_policy(tmp_path, hibp_api_url="https://breach-mirror.invalid/range/")
    _, checks, _ = check(tmp_path, policy, env=env)
    assert checks["breached"]["message"] == (
        "Not checked: the proxy would not connect to the breach service."
    )
    # The proxy is asked for a tunnel to the host and sees nothing else: the prefix
    # would travel inside TLS.
    assert [(r.method, r.target) for r in range_server.requests] == [
        ("CONNECT", "breach-mirror.invalid:443")
    ]
    assert sha1_upper(STRONG)[:5].encode() not in range_server.requests[0].raw


def test_plain_http_mirror_is_refused_before_anything_is_sent(
    tmp_path: Path, range_server: RangeServer
) -> None:
    # Through a proxy or not, a plain http:// address away from this computer would show
    # the prefix to everyone on the path.
    proxy = f"http://127.0.0.1:{range_server.port}"
    env = {"HTTP_PROXY": proxy, "http_proxy": proxy, "NO_PROXY": "", "no_proxy": ""}
    policy = write_policy(tmp_path, hibp_api_url="http://breach-mirror.invalid/range/")
    _, checks, _ = check(tmp_path, policy, env=env)
    assert checks["breached"]["status"] == "not_checked"
    assert checks["breached"]["message"] == (
        "Not checked: the breach service address must use https."
    )
    assert range_server.requests == []


def verify(*args: str) -> tuple[int, str]:
    out = run_hygiene("breach-file", "verify", *args)
    return out.returncode, out.stdout.decode() + out.stderr.decode()


def test_verify_says_a_good_file_is_usable(tmp_path: Path) -> None:
    code, out = verify(str(offline_file(tmp_path, 3)))
    assert code == 0 and "USABLE" in out and "NOT USABLE" not in out


def test_verify_says_an_unsorted_file_is_not_usable(tmp_path: Path) -> None:
    lines = sorted_lines(random_hashes(3000, 12))
    random.Random(1).shuffle(lines)
    code, out = verify(str(write_lines(tmp_path / "pwned.txt", lines)))
    assert code == 1 and "NOT USABLE" in out and "not sorted by hash" in out


def test_verify_json_and_usage(tmp_path: Path) -> None:
    code, out = verify("--json", str(tmp_path / "missing.txt"))
    data = json.loads(out)
    assert code == 1 and data["usable"] is False and data["problems"]
    code, out = verify()
    assert code == 2 and "PATH" in out


@pytest.mark.parametrize("layout", ["file", "folder"])
def test_verify_never_shows_a_traceback(tmp_path: Path, layout: str) -> None:
    path = tmp_path / "odd"
    if layout == "folder":
        path.mkdir()
        (path / "ABCDE.txt").write_bytes(b"\x00\xff" * 100)
    else:
        path.write_bytes(bytes(range(256)) * 50)
    code, out = verify(str(path))
    assert code == 1 and "Traceback" not in out and "NOT USABLE" in out
