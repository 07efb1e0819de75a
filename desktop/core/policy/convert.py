"""Turns values from managed sources (registry, property lists) into raw policy values.

Group Policy and MDM tools can only write a few value types, so each policy kind has a
documented spelling there:

- whole numbers: REG_DWORD (or REG_QWORD, or decimal text); a plist integer;
- true/false: REG_DWORD 1 or 0; a plist boolean;
- text and choices: REG_SZ or REG_EXPAND_SZ; a plist string;
- word lists (``org_words``): REG_MULTI_SZ, one word a line, or REG_SZ with words
  separated by commas, semicolons or line breaks; a plist array of strings;
- report contacts: REG_MULTI_SZ with one ``role|name|email`` line per contact, or REG_SZ
  holding those lines separated by ``;`` or a JSON list of ``{"role", "name", "email"}``
  objects; a plist array of dictionaries or of ``role|name|email`` strings.

The result goes through ``policy.validate`` like a TOML file, so limits and messages are
the same everywhere. Anything that cannot be converted raises ``PolicyError`` naming the
source and the value.
"""

from __future__ import annotations

import json
import re
from typing import Any

from desktop.core.policy.schema import KEYS, Key, PolicyError

# The registry's own type numbers (the same as winreg's), kept here so that the
# conversion can be tested on any OS.
REG_SZ = 1
REG_EXPAND_SZ = 2
REG_BINARY = 3
REG_DWORD = 4
REG_MULTI_SZ = 7
REG_QWORD = 11

REG_TYPE_NAMES = {
    REG_SZ: "REG_SZ",
    REG_EXPAND_SZ: "REG_EXPAND_SZ",
    REG_BINARY: "REG_BINARY",
    REG_DWORD: "REG_DWORD",
    REG_MULTI_SZ: "REG_MULTI_SZ",
    REG_QWORD: "REG_QWORD",
}

_WORD_SPLIT = re.compile(r"[,;\r\n]+")
_LINE_SPLIT = re.compile(r"[;\r\n]+")


def registry_type_for(spec: Key) -> str:
    """The registry type IT should use for a key (for templates and the IT page)."""
    if spec.kind in ("int", "bool"):
        return "REG_DWORD"
    if spec.kind in ("words", "contacts"):
        return "REG_MULTI_SZ"
    return "REG_SZ"


def parse_contact_line(line: str, source: str, kinds: bool = False) -> dict[str, Any]:
    """One ``role|name|email`` line as a contact table; name and email may be empty. With
    ``kinds`` (``incident_contacts``) a fourth part, ``|kind kind``, lists the kinds of
    report that go to the contact."""
    parts = [p.strip() for p in line.split("|")]
    if len(parts) > (4 if kinds else 3) or not parts[0]:
        shape, key = (
            ("role|name|email|kinds", "incident_contacts")
            if kinds
            else (
                "role|name|email",
                "report_contacts",
            )
        )
        raise PolicyError(
            f"{source}: '{key}' lines must look like '{shape}' "
            f"(name and email may be empty), but one is {line.strip()!r}."
        )
    parts += [""] * (3 - len(parts))
    table: dict[str, Any] = {"role": parts[0], "name": parts[1], "email": parts[2]}
    if len(parts) == 4:
        table["kinds"] = [k for k in re.split(r"[\s,]+", parts[3]) if k]
    return table


def contacts_from_text(text: str, source: str, kinds: bool = False) -> list[Any]:
    """Contacts from one piece of text: a JSON list, or lines separated by ';' or line breaks."""
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise PolicyError(
                f"{source}: 'report_contacts' looks like JSON but cannot be read ({exc.msg})."
            ) from None
        if not isinstance(data, list):
            raise PolicyError(f"{source}: 'report_contacts' JSON must be a list of contacts.")
        return data
    return [
        parse_contact_line(line, source, kinds) for line in _LINE_SPLIT.split(text) if line.strip()
    ]


def contacts_from_lines(lines: list[Any], source: str, kinds: bool = False) -> list[Any]:
    """Contacts from a list of lines (REG_MULTI_SZ, plist strings) or of tables (plist dicts)."""
    out: list[Any] = []
    for item in lines:
        if isinstance(item, str):
            if item.strip():
                out.append(parse_contact_line(item, source, kinds))
        else:
            out.append(item)  # a table: validate() checks its fields
    return out


def words_from_text(text: str) -> list[str]:
    return [w.strip() for w in _WORD_SPLIT.split(text) if w.strip()]


def from_registry(name: str, reg_type: int, data: Any, source: str) -> Any:
    """Convert one registry value (already read) to the raw value ``validate`` expects.

    Unknown names are passed through unchanged, so ``validate`` reports them the same
    way it reports a typo in a TOML file.
    """
    spec = KEYS.get(name)
    if spec is None:
        return data
    type_name = REG_TYPE_NAMES.get(reg_type, f"type {reg_type}")
    wrong = PolicyError(
        f"{source}: '{name}' is stored as {type_name}; use {registry_type_for(spec)} "
        f"holding {spec.expected()}."
    )
    if spec.kind in ("int", "bool"):
        if reg_type in (REG_DWORD, REG_QWORD) and isinstance(data, int):
            number = data
        elif (
            reg_type in (REG_SZ, REG_EXPAND_SZ)
            and isinstance(data, str)
            and (data.strip().isdigit())
        ):
            number = int(data.strip())
        else:
            raise wrong
        if spec.kind == "bool" and number in (0, 1):
            return bool(number)
        return number  # validate() explains a bool that is neither 0 nor 1
    if spec.kind in ("str", "choice"):
        if reg_type in (REG_SZ, REG_EXPAND_SZ) and isinstance(data, str):
            return data.strip() if spec.kind == "choice" else data
        raise wrong
    if spec.kind == "words":
        if reg_type == REG_MULTI_SZ and isinstance(data, list):
            return [str(w) for w in data if str(w).strip()]
        if reg_type in (REG_SZ, REG_EXPAND_SZ) and isinstance(data, str):
            return words_from_text(data)
        raise wrong
    # contacts
    kinds = spec.allowed is not None
    if reg_type == REG_MULTI_SZ and isinstance(data, list):
        return contacts_from_lines(data, source, kinds)
    if reg_type in (REG_SZ, REG_EXPAND_SZ) and isinstance(data, str):
        return contacts_from_text(data, source, kinds)
    raise wrong


def from_plist(name: str, value: Any, source: str) -> Any:
    """Convert one managed-preferences value to the raw value ``validate`` expects."""
    spec = KEYS.get(name)
    if spec is None:
        return value
    if spec.kind == "contacts":
        kinds = spec.allowed is not None
        if isinstance(value, list):
            return contacts_from_lines(value, source, kinds)
        if isinstance(value, str):
            return contacts_from_text(value, source, kinds)
    if spec.kind == "words" and isinstance(value, str):
        return words_from_text(value)
    return value  # plist types already match TOML's; validate() checks the rest
