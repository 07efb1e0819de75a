"""Generates every IT-facing policy file from the one policy schema.

The schema in ``desktop/core/policy/schema.py`` lists each key once. From it this script
writes the Linux ``policy.toml`` (every key commented out and explained), the Group
Policy templates (ADMX and en-GB/en-US ADML), the MSI's policy properties (a WiX
include), and the policy table on the IT page (``docs/it.md``). ``--check`` fails when a
committed file differs from what the schema gives, so a new key cannot be forgotten in
one of them.

    python packaging/generate_templates.py --write    # regenerate
    python packaging/generate_templates.py --check    # CI: are they current?
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import generated_files  # noqa: E402
from generated_files import between  # noqa: E402

from desktop import APP_NAME  # noqa: E402
from desktop.core.policy.convert import registry_type_for  # noqa: E402
from desktop.core.policy.schema import DEFAULT_CONTACTS, SCHEMA, Contact, Key  # noqa: E402
from desktop.platform.policy_sources.windows_registry import POLICY_KEY  # noqa: E402

ADMX_NAMESPACE = "HygieneHelper.Policies"
ADMX_PREFIX = "hygienehelper"
# Group Policy shows keys in folders; every key must be in one (a test checks).
CATEGORIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Passwords": (
        "Passwords",
        (
            "min_length",
            "max_length",
            "history_depth",
            "min_score",
            "org_words",
            "month_languages",
            "required_checks",
        ),
    ),
    "BreachCheck": ("Known-breach check", ("breach_check", "hibp_api_url", "offline_breach_file")),
    "Reporting": (
        "Reporting a problem",
        (
            "report_contacts",
            "smtp_host",
            "smtp_port",
            "smtp_starttls",
            "smtp_user",
            "report_subject_prefix",
            "report_kinds_hidden",
            "incident_contacts",
            "phishing_mailbox",
            "report_device_summary",
        ),
    ),
    "ScreenLock": (
        "Screen lock reminders",
        ("reminders_enabled", "nudge_after", "auto_lock_after", "lock_command", "allow_pause"),
    ),
    "Device": (
        "Check this computer",
        (
            "device_checks_required",
            "max_lock_minutes",
            "device_grace_days",
            "updates_grace_days",
            "updates_lists_max_age_days",
            "malware_products",
            "approved_drives",
            "removable_media_notices",
            "malware_signatures_max_age_days",
            "remote_access_allowed",
            "os_end_of_support",
            "mfa_guidance_url",
        ),
    ),
    "Posture": ("What IT collects", ("policy_version", "share_lock_counts")),
    "Language": ("Language", ("default_language", "report_language")),
}
# MSI public properties are the key in capitals, except where a shorter name was asked for.
MSI_PROPERTY_OVERRIDES = {"hibp_api_url": "HIBP_URL"}
# The first release that read these policies: Group Policy shows "supported on" with it.
POLICY_SINCE = "0.1.0"
# REPORT_EMAIL is a shortcut: the service desk's address, other default contacts kept.
REPORT_EMAIL_PROPERTY = "REPORT_EMAIL"


def category_of(key: str) -> str:
    for name, (_title, keys) in CATEGORIES.items():
        if key in keys:
            return name
    raise KeyError(f"{key} has no Group Policy category; add it to CATEGORIES")


def msi_property(key: str) -> str:
    return MSI_PROPERTY_OVERRIDES.get(key, key.upper())


def contact_line(c: Contact) -> str:
    kinds = f"|{' '.join(c.kinds)}" if c.kinds else ""
    return f"{c.role}|{c.name}|{c.email}{kinds}"


def default_text(spec: Key) -> str:
    """A key's default in plain words, for explanations and the IT page's table."""
    value = spec.default
    if isinstance(value, bool):
        return "true" if value else "false"
    if spec.kind == "contacts":
        return (
            "; ".join(c.role + (f" ({', '.join(c.kinds)})" if c.kinds else "") for c in value)
            or "(none)"
        )
    if spec.kind == "words":
        return ", ".join(value) or "(none)"
    if value == "":
        return "(empty)"
    return str(value)


def user_note(spec: Key) -> str:
    if spec.user_settable:
        return "If not set, each person may choose this in the app's settings."
    return "If not set, the built-in default applies."


# --- Linux policy.toml -----------------------------------------------------------------


def _toml_value(spec: Key) -> str:
    value = spec.default
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if spec.kind == "words" and not value:
        return "[]"
    if spec.kind == "words":
        lines, line = [], " "
        for word in value:
            if len(line) + len(json.dumps(word)) > 70:
                lines.append(line.rstrip())
                line = " "
            line += f" {json.dumps(word)},"
        return "[\n" + "\n".join([*lines, line.rstrip()]) + "\n]"
    rows = [
        f"  {{ role = {json.dumps(c.role)}, name = {json.dumps(c.name)}, "
        f"email = {json.dumps(c.email)}"
        + (f", kinds = {json.dumps(list(c.kinds))}" if c.kinds else "")
        + " },"
        for c in value
    ]
    return "[\n" + "\n".join(rows) + "\n]"


def policy_toml() -> str:
    out = [
        f"# {APP_NAME}: the organisation's policy for this computer.",
        "#",
        "# Every setting is listed below, commented out, with its built-in default.",
        "# To set one, remove the '# ' in front of it and change the value.",
        "# What is set here always wins over what people choose in the app.",
        "# Check the file after editing it:",
        "#     hygiene policy check /etc/hygiene-helper/policy.toml",
        "# and see what is in force, and where each value comes from:",
        "#     hygiene policy show",
        "# A file with a mistake is ignored as a whole: the app then uses its",
        "# built-in defaults and says so. Package upgrades keep your edits.",
    ]
    for name, (title, keys) in CATEGORIES.items():
        del name
        out += ["", f"# --- {title} " + "-" * max(3, 60 - len(title))]
        for spec in (s for s in SCHEMA if s.name in keys):
            out += [
                "",
                f"# {spec.description}",
                f"# Must be {spec.expected()}.",
                f"# {user_note(spec)}",
            ]
            lines = f"{spec.name} = {_toml_value(spec)}".splitlines()
            out += [f"# {line}" for line in lines]
    return "\n".join(out) + "\n"


# --- Group Policy (ADMX / ADML) --------------------------------------------------------


def _admx_policy(spec: Key) -> list[str]:
    key = spec.name
    head = (
        f'    <policy name="{key}" class="Machine" displayName="$(string.{key})" '
        f'explainText="$(string.{key}_Explain)" key={quoteattr(POLICY_KEY)}'
    )
    common = [
        f'      <parentCategory ref="{category_of(key)}"/>',
        '      <supportedOn ref="SUPPORTED_HygieneHelper"/>',
    ]
    if spec.kind == "bool":
        return [
            head + f' valueName="{key}">',
            *common,
            '      <enabledValue><decimal value="1"/></enabledValue>',
            '      <disabledValue><decimal value="0"/></disabledValue>',
            "    </policy>",
        ]
    lines = [head + f' presentation="$(presentation.{key})">', *common, "      <elements>"]
    if spec.kind == "int":
        lines.append(
            f'        <decimal id="{key}" valueName="{key}" required="true" '
            f'minValue="{spec.minimum or 0}" maxValue="{spec.maximum or 2**31 - 1}"/>'
        )
    elif spec.kind == "str":
        expand = ' expandable="true"' if key.endswith("_file") else ""
        lines.append(f'        <text id="{key}" valueName="{key}" maxLength="1023"{expand}/>')
    elif spec.kind == "choice":
        lines.append(f'        <enum id="{key}" valueName="{key}" required="true">')
        for choice in spec.choices:
            lines.append(
                f'          <item displayName="$(string.{key}_{choice})">'
                f"<value><string>{choice}</string></value></item>"
            )
        lines.append("        </enum>")
    else:  # words and contacts: one entry a line, stored as REG_MULTI_SZ
        lines.append(
            f'        <multiText id="{key}" valueName="{key}" required="true" '
            'maxLength="1023" maxStrings="200"/>'
        )
    return [*lines, "      </elements>", "    </policy>"]


def admx() -> str:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f"<!-- {APP_NAME} Group Policy template. Generated from the policy schema by",
        "     packaging/generate_templates.py: edit the schema, not this file. -->",
        '<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" '
        'schemaVersion="1.0" '
        'xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">',
        "  <policyNamespaces>",
        f'    <target prefix="{ADMX_PREFIX}" namespace="{ADMX_NAMESPACE}"/>',
        "  </policyNamespaces>",
        '  <resources minRequiredRevision="1.0"/>',
        "  <supportedOn>",
        "    <definitions>",
        '      <definition name="SUPPORTED_HygieneHelper" '
        'displayName="$(string.SUPPORTED_HygieneHelper)"/>',
        "    </definitions>",
        "  </supportedOn>",
        "  <categories>",
        '    <category name="HygieneHelper" displayName="$(string.HygieneHelper)"/>',
    ]
    for name in CATEGORIES:
        out += [
            f'    <category name="{name}" displayName="$(string.Category_{name})">',
            '      <parentCategory ref="HygieneHelper"/>',
            "    </category>",
        ]
    out += ["  </categories>", "  <policies>"]
    for spec in SCHEMA:
        out += _admx_policy(spec)
    out += ["  </policies>", "</policyDefinitions>"]
    return "\n".join(out) + "\n"


def _explain(spec: Key) -> str:
    how = {
        "int": "a whole number",
        "bool": "Enabled for true, Disabled for false",
        "str": "text",
        "choice": "one of " + ", ".join(spec.choices),
        "words": "one word a line",
        "contacts": "one contact a line, written role|name|email (name and email may be empty)"
        + (", then |kinds: the report kinds, separated by spaces" if spec.allowed else ""),
    }[spec.kind]
    return (
        f"{spec.description}\n\nValue: {how}. Must be {spec.expected()}.\n"
        f"Built-in default: {default_text(spec)}.\n{user_note(spec)}\n\n"
        f"Registry: HKLM\\{POLICY_KEY}, value {spec.name} "
        f"({registry_type_for(spec)})."
    )


def _presentation(spec: Key) -> str | None:
    key = spec.name
    label = escape(spec.description)
    if spec.kind == "bool":
        return None
    if spec.kind == "int":
        body = (
            f'<decimalTextBox refId="{key}" defaultValue="{spec.default}">{label}</decimalTextBox>'
        )
    elif spec.kind == "str":
        default = f"<defaultValue>{escape(spec.default)}</defaultValue>" if spec.default else ""
        body = f'<textBox refId="{key}"><label>{label}</label>{default}</textBox>'
    elif spec.kind == "choice":
        default = spec.choices.index(spec.default)
        body = (
            f'<dropdownList refId="{key}" noSort="true" defaultItem="{default}">'
            f"{label}</dropdownList>"
        )
    else:
        body = f'<multiTextBox refId="{key}">{label}</multiTextBox>'
    return f'      <presentation id="{key}">{body}</presentation>'


def adml() -> str:
    strings = [
        ("HygieneHelper", APP_NAME),
        ("SUPPORTED_HygieneHelper", f"{APP_NAME} {POLICY_SINCE} and later"),
    ]
    strings += [(f"Category_{n}", title) for n, (title, _keys) in CATEGORIES.items()]
    for spec in SCHEMA:
        strings.append((spec.name, spec.description.rstrip(".")))
        strings.append((f"{spec.name}_Explain", _explain(spec)))
        strings += [(f"{spec.name}_{c}", c) for c in spec.choices]
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<!-- Generated by packaging/generate_templates.py from the policy schema. -->",
        '<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" '
        'schemaVersion="1.0" '
        'xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">',
        f"  <displayName>{APP_NAME}</displayName>",
        f"  <description>Policy settings for {APP_NAME}.</description>",
        "  <resources>",
        "    <stringTable>",
    ]
    out += [f'      <string id="{sid}">{escape(text)}</string>' for sid, text in strings]
    out += ["    </stringTable>", "    <presentationTable>"]
    out += [p for p in (_presentation(s) for s in SCHEMA) if p]
    out += ["    </presentationTable>", "  </resources>", "</policyDefinitionResources>"]
    return "\n".join(out) + "\n"


# --- MSI public properties (WiX include) -----------------------------------------------


def _msi_component(comp_id: str, condition: str, name: str, reg_type: str, value: str) -> list[str]:
    return [
        f'    <Component Id="{comp_id}" Guid="*" Win64="$(var.Win64)">',
        # wixl cannot read component conditions; build-msi.sh applies this one afterwards.
        f'      <?if $(var.Toolset) = "wix" ?><Condition>{escape(condition)}</Condition><?endif ?>',
        f'      <RegistryValue Root="HKLM" Key={quoteattr(POLICY_KEY)} Name="{name}" '
        f'Type="{reg_type}" Value={quoteattr(value)} KeyPath="yes"/>',
        "    </Component>",
    ]


def msi_fragment() -> str:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<!-- MSI public properties that write managed policy to the registry. Generated by",
        "     packaging/generate_templates.py from the policy schema. Each value is written",
        "     only when its property is given on the msiexec command line. -->",
        '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">',
        "  <Fragment>",
        '  <DirectoryRef Id="INSTALLDIR">',
    ]
    refs = []
    for spec in SCHEMA:
        prop = msi_property(spec.name)
        reg_type = "integer" if spec.kind in ("int", "bool") else "string"
        out += _msi_component(f"Policy_{prop}", prop, spec.name, reg_type, f"[{prop}]")
        refs.append(f"Policy_{prop}")
    # The shortcut property: keep the default contacts, give the service desk an address.
    contacts = [contact_line(Contact(DEFAULT_CONTACTS[0].role, "", f"[{REPORT_EMAIL_PROPERTY}]"))]
    contacts += [contact_line(c) for c in DEFAULT_CONTACTS[1:]]
    out += _msi_component(
        f"Policy_{REPORT_EMAIL_PROPERTY}",
        f"{REPORT_EMAIL_PROPERTY} AND NOT {msi_property('report_contacts')}",
        # "[~]" between entries makes Windows Installer write REG_MULTI_SZ.
        "report_contacts",
        "string",
        "[~]".join(contacts),
    )
    refs.append(f"Policy_{REPORT_EMAIL_PROPERTY}")
    out += ["  </DirectoryRef>", '  <ComponentGroup Id="PolicyValues">']
    out += [f'    <ComponentRef Id="{r}"/>' for r in refs]
    out += ["  </ComponentGroup>", "  </Fragment>", "</Wix>"]
    return "\n".join(out) + "\n"


# --- The IT page ---------------------------------------------------------------------

IT_PAGE = "docs/it.md"
PAGE_START = "<!-- policy-table: generated by packaging/generate_templates.py -->"
PAGE_END = "<!-- /policy-table -->"


def page_table() -> str:
    out = [
        "| Key | Default | Meaning | Windows registry value | MSI property |",
        "| --- | --- | --- | --- | --- |",
    ]
    for spec in SCHEMA:
        meaning = spec.description + (
            " People may change it unless it is set." if spec.user_settable else ""
        )
        out.append(
            f"| `{spec.name}` | {default_text(spec).replace('|', '/')} | "
            f"{meaning} Must be {spec.expected()}. | {registry_type_for(spec)} | "
            f"`{msi_property(spec.name)}` |"
        )
    out.append(
        f"| | | `{REPORT_EMAIL_PROPERTY}` (MSI only): sets the service desk's address "
        "and keeps the other default contacts. | | "
        f"`{REPORT_EMAIL_PROPERTY}` |"
    )
    return "\n".join(out)


def page_with_table(text: str) -> str:
    return between(
        text,
        PAGE_START,
        PAGE_END,
        page_table(),
        "docs/it.md has no policy-table markers",
    )


OUTPUTS: dict[str, Callable[[], str]] = {
    "packaging/linux/policy.toml": policy_toml,
    "packaging/windows/HygieneHelper.admx": admx,
    "packaging/windows/en-GB/HygieneHelper.adml": adml,
    # Windows falls back to en-US when the console's language has no folder of its own.
    "packaging/windows/en-US/HygieneHelper.adml": adml,
    "packaging/windows/policy-properties.wxs": msi_fragment,
}


def expected_files() -> dict[Path, str]:
    files = {ROOT / rel: make() for rel, make in OUTPUTS.items()}
    page = ROOT / IT_PAGE
    files[page] = page_with_table(page.read_text(encoding="utf-8"))
    return files


def main(argv: list[str] | None = None) -> int:
    return generated_files.main(__doc__.splitlines()[0], expected_files, ROOT, argv)


if __name__ == "__main__":
    sys.exit(main())
