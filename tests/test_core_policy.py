"""The policy file: defaults from the acceptable-use policy, and clear errors for IT."""

from pathlib import Path

import pytest

from desktop.core.policy.resolve import resolve
from desktop.core.policy.schema import KEYS, SCHEMA, Origin, Policy
from desktop.core.policy.sources import managed_policy_path, parse_toml_file


def test_defaults_follow_the_acceptable_use_policy() -> None:
    p = Policy()
    assert (p.min_length, p.max_length, p.history_depth, p.min_score) == (10, 128, 24, 3)
    assert "serco" in p.org_words and p.breach_check == "online"
    # No real addresses are built in: IT fills them in.
    assert all(c.email == "" for c in p.report_contacts)
    assert p.report_contacts[0].role == "IT service desk"


def test_every_key_has_a_description_and_plain_expectation() -> None:
    assert {k.name for k in SCHEMA} == set(KEYS)
    for key in SCHEMA:
        assert key.description.endswith(".") and key.expected()


def test_max_length_can_never_go_below_64(tmp_path: Path) -> None:
    f = tmp_path / "p.toml"
    f.write_text("max_length = 32\n")
    eff = resolve(f)
    assert eff.policy.max_length == 128
    assert "max_length" in eff.problems[0] and "64" in eff.problems[0]


def test_managed_file_is_applied_and_marked(tmp_path: Path) -> None:
    f = tmp_path / "p.toml"
    f.write_text(
        'min_length = 14\norg_words = ["acme"]\nbreach_check = "offline"\n'
        '[[report_contacts]]\nrole = "IT service desk"\nemail = "it@example.org"\n'
    )
    eff = resolve(f)
    assert eff.policy.min_length == 14 and eff.policy.org_words == ("acme",)
    assert eff.policy.report_contacts[0].email == "it@example.org"
    assert eff.origin("min_length") is Origin.MANAGED and eff.origin("max_length") is Origin.DEFAULT
    assert eff.problems == ()


@pytest.mark.parametrize(
    ("content", "needles"),
    [
        ("min_length = 'twelve'\n", ["min_length", "whole number", "'twelve'"]),
        ("min_lenght = 12\n", ["min_lenght", "not a policy key"]),
        ("min_length = 12\nthis is not toml\n", ["not valid TOML"]),
        ("breach_check = 'sometimes'\n", ["breach_check", '"online"']),
        ("smtp_starttls = 1\n", ["smtp_starttls", "true or false"]),
        ("min_length = 60\nmax_length = 64\nmin_score = 1\n", ["min_score"]),
        ("report_contacts = ['it@example.org']\n", ["report_contacts", "role"]),
    ],
)
def test_a_faulty_file_names_file_key_and_expectation_and_defaults_are_used(
    tmp_path: Path, content: str, needles: list[str]
) -> None:
    f = tmp_path / "policy.toml"
    f.write_text(content)
    eff = resolve(f)
    assert eff.policy == Policy()  # never something weaker than the defaults
    message = eff.problems[0]
    assert str(f) in message and "defaults" in message
    for needle in needles:
        assert needle in message


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    f = tmp_path / "policy.toml"
    f.write_bytes(b"min_length = 12 # \xff\xfe\n")
    assert "UTF-8" in resolve(f).problems[0]


def test_missing_managed_file_is_not_an_error(tmp_path: Path) -> None:
    eff = resolve(tmp_path / "absent.toml")
    assert eff.policy == Policy() and eff.problems == ()


def test_managed_policy_always_wins_over_user_settings(tmp_path: Path) -> None:
    f = tmp_path / "p.toml"
    f.write_text('breach_check = "offline"\n')
    eff = resolve(f, user_values={"breach_check": "off", "nudge_after": 120, "min_length": 4})
    assert eff.policy.breach_check == "offline" and eff.is_managed("breach_check")
    assert eff.policy.nudge_after == 120 and eff.origin("nudge_after") is Origin.USER
    # People cannot change security keys such as the minimum length.
    assert eff.policy.min_length == 10


def test_bom_is_accepted(tmp_path: Path) -> None:
    f = tmp_path / "p.toml"
    f.write_bytes("\ufeffmin_length = 12\n".encode())
    assert parse_toml_file(f) == {"min_length": 12}


def test_managed_locations_per_os() -> None:
    assert str(managed_policy_path("linux")) == "/etc/hygiene-helper/policy.toml"
    assert managed_policy_path("win32", {"ProgramData": "D:\\PD"}).parts[-2:] == (
        "HygieneHelper",
        "policy.toml",
    )
    assert str(managed_policy_path("darwin")).startswith("/Library/Application Support/")
