"""The organisation's password and device policy: the keys, their defaults and validation.

Every key is declared once in ``SCHEMA`` with its type, default, limits and a plain
description. The TOML loader, the settings dialog, ``hygiene policy show``, the IT
page's table and the Windows ADMX templates all read that one list. Reading the sources is in
``sources``, combining them in ``resolve``, holding the result in ``service``.

A managed policy file that cannot be used as a whole (bad TOML, an unknown key, a wrong
type or a value out of range) is rejected with a message naming the file, the key and
what was expected; the program then runs on the built-in defaults, never on something
weaker, and says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from enum import Enum
from typing import Any, Literal

# The device checks of "Check this computer", by their stable ids, come from the registry
# of device checks; it reads the policy only through its own protocol, so no circle.
from desktop.core.device.checks import DEFAULT_REQUIRED_IDS, DEVICE_CHECK_IDS
from desktop.core.device.readings_ce import REMOTE_SERVICES
from desktop.core.device.support import parse_policy_row
from desktop.core.kit.ids import PASSWORD_RULE_IDS, REPORT_KIND_IDS
from desktop.core.kit.monthdata import month_languages
from desktop.core.kit.orgwords import DEFAULT_ORG_WORDS as DEFAULT_ORG_WORDS

BreachMode = Literal["online", "offline", "off"]


class Origin(str, Enum):
    """Where an effective setting came from; managed policy always wins."""

    DEFAULT = "default"
    USER = "user"
    MANAGED = "managed"


@dataclass(frozen=True)
class Contact:
    """Someone a report is sent to. ``kinds`` (in ``incident_contacts`` only) are the
    kinds of report, by id, that go to them."""

    role: str
    name: str = ""
    email: str = ""
    kinds: tuple[str, ...] = ()


DEFAULT_CONTACTS: tuple[Contact, ...] = (
    Contact(role="IT service desk"),
    Contact(role="Head of Skills Delivery"),
    Contact(role="Head of Continuous Improvement"),
)


# Most organisation words a policy may list; Microsoft Entra Password Protection allows
# the same number of custom banned terms. The matcher builds one index for the list.
MAX_ORG_WORDS = 1000
MAX_ORG_WORD_LENGTH = 64

# Languages whose month names a birthday may be written with (codes of
# desktop/core/data/months.json): English and the languages UK learners often write in.
DEFAULT_MONTH_LANGUAGES: tuple[str, ...] = (
    "en",
    "cy",
    "gd",
    "ga",
    "pl",
    "lt",
    "ro",
    "fr",
    "es",
    "pt",
    "it",
    "de",
    "nl",
    "tr",
    "so",
    "ur",
    "pa",
    "hi",
    "bn",
    "gu",
    "ta",
    "ar",
)


@dataclass(frozen=True)
class Policy:
    """The effective policy. Built-in defaults come from the acceptable-use policy."""

    min_length: int = 10
    max_length: int = 128
    history_depth: int = 24
    min_score: int = 3
    org_words: tuple[str, ...] = DEFAULT_ORG_WORDS
    month_languages: tuple[str, ...] = DEFAULT_MONTH_LANGUAGES
    breach_check: BreachMode = "online"
    required_checks: tuple[str, ...] = ()
    hibp_api_url: str = "https://api.pwnedpasswords.com/range/"
    offline_breach_file: str = ""
    report_contacts: tuple[Contact, ...] = DEFAULT_CONTACTS
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_starttls: bool = True
    smtp_user: str = ""
    report_subject_prefix: str = "[Password concern]"
    report_kinds_hidden: tuple[str, ...] = ()
    # Empty: every kind goes to the report contacts, which the acceptable-use policy's
    # "Reporting Misuse" section names for misuse and for a compromised password alike.
    incident_contacts: tuple[Contact, ...] = ()
    phishing_mailbox: str = ""
    report_device_summary: tuple[str, ...] = ("clicked", "stick-or-warning")
    reminders_enabled: bool = True
    nudge_after: int = 60
    auto_lock_after: int = 0
    lock_command: str = ""
    allow_pause: bool = True
    device_checks_required: tuple[str, ...] = DEFAULT_REQUIRED_IDS
    max_lock_minutes: int = 15
    device_grace_days: int = 3
    updates_grace_days: int = 14
    updates_lists_max_age_days: int = 3
    malware_products: tuple[str, ...] = ()
    approved_drives: tuple[str, ...] = ()
    removable_media_notices: bool = True
    malware_signatures_max_age_days: int = 7
    remote_access_allowed: tuple[str, ...] = ()
    os_end_of_support: tuple[str, ...] = ()
    mfa_guidance_url: str = ""
    policy_version: str = ""
    share_lock_counts: bool = False
    default_language: str = ""
    report_language: str = "en"


@dataclass(frozen=True)
class Key:
    """One policy key: its type, limits, whether a user may change it, and what it means."""

    name: str
    kind: Literal["int", "str", "bool", "words", "choice", "contacts"]
    description: str
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()
    user_settable: bool = False
    # For a list whose items must be ids of another room (the password rules' ids).
    allowed: Callable[[], tuple[str, ...]] | None = None
    allowed_noun: str = "check ids"
    # For a list: most items, and most characters in one item.
    max_items: int | None = None
    max_item_length: int | None = None

    @property
    def default(self) -> Any:
        return getattr(Policy(), self.name)

    def expected(self) -> str:
        """Plain words for what a valid value looks like, used in error messages."""
        if self.kind == "int":
            lo = "" if self.minimum is None else f" from {self.minimum}"
            hi = "" if self.maximum is None else f" to {self.maximum}"
            return f"a whole number{lo}{hi}"
        if self.kind == "bool":
            return "true or false"
        if self.kind == "words" and self.allowed is not None:
            return f"a list of {self.allowed_noun} from " + ", ".join(
                f'"{c}"' for c in self.allowed()
            )
        if self.kind == "words" and self.choices:
            return "a list of any of " + ", ".join(f'"{c}"' for c in self.choices)
        if self.kind == "words" and self.max_items is not None:
            return (
                f"a list of at most {self.max_items:,} words of at most "
                f'{self.max_item_length} characters each, for example ["acme", "portal"]'
            )
        if self.kind == "words":
            return 'a list of words, for example ["acme", "portal"]'
        if self.kind == "choice":
            return "one of " + ", ".join(f'"{c}"' for c in self.choices)
        if self.kind == "contacts" and self.allowed is not None:
            return (
                "a list of tables with role, name, email and kinds (a list of "
                + ", ".join(f'"{c}"' for c in self.allowed())
                + ")"
            )
        if self.kind == "contacts":
            return "a list of tables with role, name and email"
        return "a piece of text in quotes"


def _rule_ids() -> tuple[str, ...]:
    return PASSWORD_RULE_IDS


def _month_language_codes() -> tuple[str, ...]:
    # The list of languages is the data file's (read once, when first asked).
    return month_languages()


def _kind_ids() -> tuple[str, ...]:
    # From the kit, not the report room: the report room imports this module.
    return REPORT_KIND_IDS


SCHEMA: tuple[Key, ...] = (
    Key("min_length", "int", "Shortest password accepted, in characters.", 8, 64),
    Key("max_length", "int", "Longest password accepted; never below 64.", 64, 1024),
    Key("history_depth", "int", "How many earlier passwords are remembered (as hashes).", 1, 50),
    Key("min_score", "int", "Lowest guessability score accepted (0 to 4; 3 is 'safe').", 2, 4),
    Key(
        "org_words",
        "words",
        f"Words about the organisation that must not be in a password (at most {MAX_ORG_WORDS:,}).",
        max_items=MAX_ORG_WORDS,
        max_item_length=MAX_ORG_WORD_LENGTH,
    ),
    Key(
        "month_languages",
        "words",
        "Languages whose month names are looked for in birthdays (for example en, cy, pl).",
        allowed=_month_language_codes,
        allowed_noun="language codes",
    ),
    Key(
        "breach_check",
        "choice",
        "How to check known breaches: online, offline (a file) or off.",
        choices=("online", "offline", "off"),
        user_settable=True,
    ),
    Key(
        "required_checks",
        "words",
        "Checks that must run before a password is accepted: one that could not run "
        "(no network, a locked keyring) then refuses the password instead of letting it "
        "through.",
        allowed=_rule_ids,
    ),
    Key("hibp_api_url", "str", "Base address of the Pwned Passwords range service or a mirror."),
    Key(
        "offline_breach_file", "str", "Path of a Pwned Passwords file or folder for offline checks."
    ),
    Key("report_contacts", "contacts", "Who a suspected leak is reported to, in order."),
    Key("smtp_host", "str", "Mail relay for sending reports; empty opens the mail app."),
    Key("smtp_port", "int", "Port of the mail relay.", 1, 65535),
    Key("smtp_starttls", "bool", "Use STARTTLS with the mail relay."),
    Key("smtp_user", "str", "User name for the mail relay, if it needs one."),
    Key("report_subject_prefix", "str", "Text put before the subject of every report."),
    Key(
        "report_kinds_hidden",
        "words",
        "Kinds of report not offered under 'Report a problem' (the leaked-password report "
        "is always offered).",
        allowed=_kind_ids,
        allowed_noun="report kinds",
    ),
    Key(
        "incident_contacts",
        "contacts",
        "Who each kind of report goes to: every contact lists the kinds it gets. A kind "
        "no contact lists goes to the report contacts.",
        allowed=_kind_ids,
        allowed_noun="report kinds",
    ),
    Key(
        "phishing_mailbox",
        "str",
        "The organisation's mailbox for suspected scam messages; scam reports go there too.",
    ),
    Key(
        "report_device_summary",
        "words",
        "Kinds of report to which a person may choose to attach the 'Check this computer' summary.",
        allowed=_kind_ids,
        allowed_noun="report kinds",
    ),
    Key("reminders_enabled", "bool", "Show lock reminders.", user_settable=True),
    Key("nudge_after", "int", "Seconds idle before a lock reminder.", 15, 3600, user_settable=True),
    Key("auto_lock_after", "int", "Seconds idle before locking automatically; 0 is off.", 0, 86400),
    Key("lock_command", "str", "Command that locks the screen, if the usual ways do not work."),
    Key("allow_pause", "bool", "Let people pause lock reminders for a while."),
    Key(
        "device_checks_required",
        "words",
        "Device checks your organisation requires; the others are shown as advice only.",
        choices=DEVICE_CHECK_IDS,
    ),
    Key(
        "max_lock_minutes", "int", "Longest idle time, in minutes, before the screen locks.", 1, 240
    ),
    Key(
        "device_grace_days",
        "int",
        "Days a device check may fail before the tray icon shows it and a notice is given.",
        0,
        60,
    ),
    Key(
        "updates_grace_days",
        "int",
        "Days a security update may wait to be installed before the updates check fails.",
        0,
        365,
    ),
    Key(
        "updates_lists_max_age_days",
        "int",
        "Days since the computer last fetched its list of available updates before the "
        "updates check says it cannot tell what is waiting.",
        1,
        60,
    ),
    Key(
        "malware_products",
        "words",
        "On Linux: anti-malware services that must run (for example clamav-daemon).",
    ),
    Key(
        "approved_drives",
        "words",
        "Serial numbers of removable drives the organisation has approved; empty is none listed.",
    ),
    Key(
        "removable_media_notices",
        "bool",
        "Tell people what the policy says when they plug in a removable drive.",
    ),
    Key(
        "malware_signatures_max_age_days",
        "int",
        "Oldest anti-malware signatures accepted, in days since they were last updated.",
        1,
        90,
    ),
    Key(
        "remote_access_allowed",
        "words",
        "Kinds of remote access this organisation allows on its computers; the others must be off.",
        choices=tuple(REMOTE_SERVICES),
    ),
    Key(
        "os_end_of_support",
        "words",
        "Extra rows for the end-of-support table, as 'family version=YYYY-MM-DD' (for "
        "example 'ubuntu 26.04=2031-05-31'); a row here wins over the app's own.",
    ),
    Key(
        "mfa_guidance_url",
        "str",
        "Address of your organisation's guidance on multi-factor sign-in, shown where the "
        "app says what it cannot see.",
    ),
    Key(
        "policy_version",
        "str",
        "A version name for this policy, of IT's choosing; shown in the posture document.",
    ),
    Key(
        "share_lock_counts",
        "bool",
        "Put this week's count of screens left unlocked in the posture document IT collects.",
    ),
    Key(
        "default_language",
        "str",
        "Language of the app's screens for people who have not chosen one in Settings: a "
        "language code such as cy or pl; empty follows the computer's language.",
    ),
    Key(
        "report_language",
        "str",
        "Language of the reports sent to the organisation (a code such as en, cy or pl), "
        "whatever language the person reads on screen.",
    ),
)

KEYS: dict[str, Key] = {k.name: k for k in SCHEMA}
assert set(KEYS) == {f.name for f in fields(Policy)}, "SCHEMA and Policy must list the same keys"


class PolicyError(ValueError):
    """A policy source that cannot be used, with a message a person can act on."""


def _bad(source: str, key: str, spec: Key, value: Any) -> PolicyError:
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return PolicyError(f"{source}: '{key}' must be {spec.expected()}, but it is {shown}.")


def _convert(source: str, spec: Key, value: Any) -> Any:
    """Check one raw value against its key and return it in the Policy's own type."""
    key = spec.name
    if spec.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise _bad(source, key, spec, value)
        if (spec.minimum is not None and value < spec.minimum) or (
            spec.maximum is not None and value > spec.maximum
        ):
            raise _bad(source, key, spec, value)
        return value
    if spec.kind == "bool":
        if not isinstance(value, bool):
            raise _bad(source, key, spec, value)
        return value
    if spec.kind == "str":
        if not isinstance(value, str):
            raise _bad(source, key, spec, value)
        return value
    if spec.kind == "choice":
        if value not in spec.choices:
            raise _bad(source, key, spec, value)
        return value
    if spec.kind == "words":
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            raise _bad(source, key, spec, value)
        words = tuple(w.strip() for w in value if w.strip())
        if spec.max_items is not None and len(words) > spec.max_items:
            raise PolicyError(
                f"{source}: '{key}' lists {len(words):,} words, but at most "
                f"{spec.max_items:,} are allowed. Keep the words most likely to be guessed."
            )
        if spec.max_item_length is not None and any(len(w) > spec.max_item_length for w in words):
            raise PolicyError(
                f"{source}: '{key}' has a word longer than {spec.max_item_length} "
                "characters. Use shorter words; a long word is found through its parts."
            )
        if spec.allowed is not None and any(w not in spec.allowed() for w in words):
            raise _bad(source, key, spec, value)
        if spec.choices and any(w not in spec.choices for w in words):
            raise _bad(source, key, spec, value)
        return words
    # contacts
    if not isinstance(value, list):
        raise _bad(source, key, spec, value)
    contacts = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("role"), str):
            raise _bad(source, key, spec, value)
        kinds = item.get("kinds", [])
        unknown = set(item) - {"role", "name", "email", *(("kinds",) if spec.allowed else ())}
        texts = [v for k, v in item.items() if k != "kinds"]
        if unknown or not all(isinstance(v, str) for v in texts):
            raise _bad(source, key, spec, value)
        if spec.allowed is not None and (
            not isinstance(kinds, list)
            or not kinds
            or not all(isinstance(k, str) and k.strip() in spec.allowed() for k in kinds)
        ):
            raise _bad(source, key, spec, value)
        contacts.append(
            Contact(
                item["role"],
                item.get("name", ""),
                item.get("email", ""),
                tuple(k.strip() for k in kinds),
            )
        )
    return tuple(contacts)


def validate(values: Mapping[str, Any], source: str) -> dict[str, Any]:
    """Check a mapping of raw values; return them converted, or raise PolicyError.

    Unknown keys are errors: a typo in a managed file must not pass silently.
    """
    out: dict[str, Any] = {}
    for key, value in values.items():
        spec = KEYS.get(key)
        if spec is None:
            raise PolicyError(
                f"{source}: '{key}' is not a policy key. "
                "Run 'hygiene policy show' to see the keys there are."
            )
        out[key] = _convert(source, spec, value)
    merged = replace(Policy(), **out)
    url = merged.mfa_guidance_url.strip()
    if url and not url.lower().startswith(("https://", "http://")):
        raise PolicyError(
            f"{source}: 'mfa_guidance_url' must be a web address starting with https://, "
            f"but it is {url[:60]!r}."
        )
    for row in merged.os_end_of_support:
        if parse_policy_row(row) is None:
            raise PolicyError(
                f"{source}: 'os_end_of_support' rows must look like 'family version=YYYY-MM-DD' "
                f"(for example 'ubuntu 26.04=2031-04-30'), but one is {row[:60]!r}."
            )
    if merged.min_length > merged.max_length:
        raise PolicyError(
            f"{source}: 'min_length' ({merged.min_length}) must not be more than "
            f"'max_length' ({merged.max_length})."
        )
    return out


def to_plain(value: Any) -> Any:
    """A value as plain TOML/JSON-friendly data (for 'policy show' and tests)."""
    if isinstance(value, tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, Contact):
        plain = {"role": value.role, "name": value.name, "email": value.email}
        return {**plain, "kinds": list(value.kinds)} if value.kinds else plain
    return value
