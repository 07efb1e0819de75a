"""Writes the component conditions of the policy properties into an MSI built by wixl.

wixl (msitools) cannot read ``<Condition>`` inside a component, so the WiX sources keep
each condition behind ``<?if $(var.Toolset) = "wix" ?>`` for the real WiX tool set, and
this script copies the same conditions into the finished MSI's Component table with
msibuild. It also marks those components transitive (so a repair re-checks them) and
lists their properties in SecureCustomProperties (so a silent per-machine install
passes them to the elevated part of the installation).

    python3 msi_conditions.py PACKAGE.msi SOURCE.wxs...
"""

# MSI SQL has no parameters; every value is quoted by sql_text and comes from our sources.
# ruff: noqa: S608

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

WIX = "{http://schemas.microsoft.com/wix/2006/wi}"
TRANSITIVE = 64  # msidbComponentAttributesTransitive
KEYWORDS = {"AND", "OR", "NOT", "XOR", "EQV", "IMP"}


def conditions(sources: list[Path]) -> dict[str, str]:
    found: dict[str, str] = {}
    for source in sources:
        # Our own WiX sources, not untrusted input.
        for comp in ET.parse(source).getroot().iter(f"{WIX}Component"):  # noqa: S314
            cond = comp.find(f"{WIX}Condition")
            if cond is not None and cond.text:
                found[comp.attrib["Id"]] = cond.text.strip()
    return found


def table(msi: Path, name: str) -> list[list[str]]:
    text = subprocess.run(
        ["msiinfo", "export", str(msi), name], check=True, capture_output=True, text=True
    ).stdout
    return [line.split("\t") for line in text.splitlines()[3:] if line]


def sql_text(value: str) -> str:
    """A quoted MSI SQL string literal; every query below builds its values with this."""
    return "'" + value.replace("'", "''") + "'"


def main(argv: list[str]) -> int:
    msi, sources = Path(argv[0]), [Path(a) for a in argv[1:]]
    wanted = conditions(sources)
    attributes = {row[0]: int(row[3] or 0) for row in table(msi, "Component")}
    missing = sorted(set(wanted) - set(attributes))
    if missing:
        print(f"components not in {msi}: {', '.join(missing)}", file=sys.stderr)
        return 1
    queries = [
        f"UPDATE `Component` SET `Condition` = {sql_text(cond)}, "
        f"`Attributes` = {attributes[comp] | TRANSITIVE} WHERE `Component` = {sql_text(comp)}"
        for comp, cond in sorted(wanted.items())
    ]
    props = {row[0]: row[1] for row in table(msi, "Property")}
    secure = [p for p in props.get("SecureCustomProperties", "").split(";") if p]
    for cond in wanted.values():
        for word in re.findall(r"\b[A-Z][A-Z0-9_]*\b", cond):
            if word not in KEYWORDS and word not in secure:
                secure.append(word)
    value = sql_text(";".join(secure))
    if "SecureCustomProperties" in props:
        queries.append(
            f"UPDATE `Property` SET `Value` = {value} WHERE `Property` = 'SecureCustomProperties'"
        )
    else:
        queries.append(
            "INSERT INTO `Property` (`Property`, `Value`) "
            f"VALUES ('SecureCustomProperties', {value})"
        )
    for query in queries:
        subprocess.run(["msibuild", str(msi), "-q", query], check=True)
    print(f"{len(wanted)} component conditions written to {msi}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
