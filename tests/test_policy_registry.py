"""The Windows registry reader, run against an in-memory registry with real value types."""

from __future__ import annotations

import pytest

from desktop.core.policy.convert import (
    REG_BINARY,
    REG_DWORD,
    REG_EXPAND_SZ,
    REG_MULTI_SZ,
    REG_QWORD,
    REG_SZ,
)
from desktop.core.policy.resolve import resolve
from desktop.core.policy.schema import Contact, PolicyError, validate
from desktop.platform.policy_sources.windows_registry import (
    POLICY_KEY,
    DictRegistry,
    read_registry_policy,
    registry_reader,
)


def _read(*values: tuple[str, int, object]) -> dict[str, object]:
    got = read_registry_policy(DictRegistry({POLICY_KEY: list(values)}))
    assert got is not None
    source, raw = got
    assert source == "HKLM\\SOFTWARE\\Policies\\HygieneHelper"
    return validate(raw, source)


def test_missing_or_empty_key_means_no_policy() -> None:
    assert read_registry_policy(DictRegistry()) is None
    assert read_registry_policy(DictRegistry({POLICY_KEY: []})) is None
    # The unnamed default value of a key is never policy.
    assert read_registry_policy(DictRegistry({POLICY_KEY: [("", REG_SZ, "x")]})) is None


def test_dword_becomes_number_and_true_false() -> None:
    got = _read(
        ("min_length", REG_DWORD, 12),
        ("smtp_starttls", REG_DWORD, 0),
        ("allow_pause", REG_DWORD, 1),
        ("smtp_port", REG_QWORD, 2525),
    )
    assert got == {"min_length": 12, "smtp_starttls": False, "allow_pause": True, "smtp_port": 2525}


def test_names_are_case_insensitive_like_the_registry() -> None:
    got = _read(("MIN_LENGTH", REG_DWORD, 11))
    assert got == {"min_length": 11}
    reg = DictRegistry({POLICY_KEY.upper(): [("min_length", REG_DWORD, 11)]})
    assert read_registry_policy(reg) is not None


def test_decimal_text_is_accepted_for_numbers() -> None:
    assert _read(("nudge_after", REG_SZ, " 120 ")) == {"nudge_after": 120}


def test_strings_and_choices() -> None:
    got = _read(
        ("hibp_api_url", REG_SZ, "https://mirror.example.org/range/"),
        ("breach_check", REG_SZ, "offline "),
        ("offline_breach_file", REG_EXPAND_SZ, r"C:\Data\pwned.txt"),
    )
    assert got == {
        "hibp_api_url": "https://mirror.example.org/range/",
        "breach_check": "offline",
        "offline_breach_file": r"C:\Data\pwned.txt",
    }


def test_words_from_multi_string_or_separated_text() -> None:
    assert _read(("org_words", REG_MULTI_SZ, ["acme", " portal ", ""])) == {
        "org_words": ("acme", "portal")
    }
    assert _read(("org_words", REG_SZ, "acme, portal;intranet\nwifi")) == {
        "org_words": ("acme", "portal", "intranet", "wifi")
    }


def test_contacts_from_multi_string_lines() -> None:
    got = _read(
        (
            "report_contacts",
            REG_MULTI_SZ,
            [
                "IT service desk||servicedesk@example.org",
                "Head of Skills Delivery|Sam Jones|sam.jones@example.org",
                "Data protection officer",
            ],
        )
    )
    assert got["report_contacts"] == (
        Contact("IT service desk", "", "servicedesk@example.org"),
        Contact("Head of Skills Delivery", "Sam Jones", "sam.jones@example.org"),
        Contact("Data protection officer", "", ""),
    )


def test_contacts_from_one_line_text_or_json() -> None:
    semi = _read(("report_contacts", REG_SZ, "IT||it@example.org; DPO|Ann|dpo@example.org"))
    assert semi["report_contacts"] == (
        Contact("IT", "", "it@example.org"),
        Contact("DPO", "Ann", "dpo@example.org"),
    )
    as_json = _read(("report_contacts", REG_SZ, '[{"role": "IT", "email": "it@example.org"}]'))
    assert as_json["report_contacts"] == (Contact("IT", "", "it@example.org"),)


@pytest.mark.parametrize(
    ("name", "reg_type", "data", "words"),
    [
        ("min_length", REG_BINARY, b"\x0c", "REG_BINARY"),
        ("min_length", REG_SZ, "twelve", "REG_SZ; use REG_DWORD"),
        ("hibp_api_url", REG_DWORD, 1, "REG_DWORD; use REG_SZ"),
        ("report_contacts", REG_MULTI_SZ, ["a|b|c|d"], "role|name|email"),
        ("report_contacts", REG_SZ, "[{bad json", "JSON"),
    ],
)
def test_wrong_types_are_explained(name: str, reg_type: int, data: object, words: str) -> None:
    with pytest.raises(PolicyError) as err:
        read_registry_policy(DictRegistry({POLICY_KEY: [(name, reg_type, data)]}))
    message = str(err.value)
    assert "HKLM\\SOFTWARE\\Policies\\HygieneHelper" in message
    assert name in message and words in message


def test_out_of_range_and_unknown_names_reject_the_whole_key() -> None:
    reg = DictRegistry(
        {POLICY_KEY: [("min_length", REG_DWORD, 12), ("smtp_starttls", REG_DWORD, 2)]}
    )
    effective = resolve(None, None, extra_managed=(registry_reader(reg),))
    assert effective.policy.min_length == 10  # nothing from a faulty source is used
    assert any("smtp_starttls" in p and "true or false" in p for p in effective.problems)

    typo = DictRegistry({POLICY_KEY: [("min_lenght", REG_DWORD, 12)]})
    effective = resolve(None, None, extra_managed=(registry_reader(typo),))
    assert any("min_lenght" in p and "not a policy key" in p for p in effective.problems)


def test_reader_wins_over_user_values() -> None:
    reg = DictRegistry({POLICY_KEY: [("nudge_after", REG_DWORD, 45)]})
    effective = resolve(None, {"nudge_after": 600}, extra_managed=(registry_reader(reg),))
    assert effective.policy.nudge_after == 45
    assert effective.is_managed("nudge_after")
    assert effective.sources == ("HKLM\\SOFTWARE\\Policies\\HygieneHelper",)
