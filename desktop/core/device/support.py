"""Looking up when an operating system version stops getting security updates: the
table shipped with the app (``os_support_table``) plus the rows IT adds in the policy
(``os_end_of_support``: ``"family version[ edition]=YYYY-MM-DD"``, a row there wins).

Windows rows are per build and edition group, because Microsoft supports Enterprise
and Education editions longer than Home and Pro.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from desktop.core.device.os_support_table import ROWS
from desktop.core.device.readings_ce import OsReading
from desktop.core.kit.i18n import _

# Windows EditionID values and the lifecycle group Microsoft dates them by.
EDITION_GROUPS: dict[str, str] = {
    "core": "home_pro",
    "corecountryspecific": "home_pro",
    "coresinglelanguage": "home_pro",
    "coren": "home_pro",
    "professional": "home_pro",
    "professionaln": "home_pro",
    "professionaleducation": "home_pro",
    "professionalworkstation": "home_pro",
    "enterprise": "enterprise",
    "enterprisen": "enterprise",
    "education": "enterprise",
    "educationn": "enterprise",
    "iotenterprise": "enterprise",
    "enterprises": "ltsc",
    "enterprisesn": "ltsc",
    "iotenterprises": "ltsc",
}
POLICY_ROW = re.compile(
    r"^\s*(?P<family>[a-z]+)\s+(?P<version>[0-9][0-9.]*)(?:\s+(?P<edition>[a-z_]+))?\s*="
    r"\s*(?P<end>\d{4}-\d{2}-\d{2})\s*$"
)


@dataclass(frozen=True)
class SupportRow:
    family: str
    version: str
    edition: str
    name: str
    end: date | None
    source: str


def parse_policy_row(text: str) -> SupportRow | None:
    """One ``os_end_of_support`` row, or None when it is not in the documented form."""
    match = POLICY_ROW.match(text.lower())
    if match is None:
        return None
    try:
        end = date.fromisoformat(match["end"])
    except ValueError:
        return None
    family, version = match["family"], match["version"]
    name = f"{family.capitalize()} {version}"
    return SupportRow(family, version, match["edition"] or "", name, end, _("your organisation"))


def edition_group(edition: str) -> str:
    return EDITION_GROUPS.get(edition.lower().replace(" ", ""), "")


def _matches(row: SupportRow, reading: OsReading) -> bool:
    if row.family != reading.family.lower():
        return False
    version = reading.version
    if not (version == row.version or version.startswith(row.version + ".")):
        return False
    return not row.edition or row.edition == edition_group(reading.edition)


def find_row(reading: OsReading, policy_rows: Iterable[str] = ()) -> SupportRow | None:
    """The row for this system: the organisation's first, then the app's own, the most
    specific (longest version) first."""
    own = [
        SupportRow(f, v, e, n, date.fromisoformat(d) if d else None, s) for f, v, e, n, d, s in ROWS
    ]
    theirs = [r for r in (parse_policy_row(t) for t in policy_rows) if r is not None]
    for rows in (theirs, own):
        found = [r for r in rows if _matches(r, reading)]
        if found:
            return max(found, key=lambda r: (len(r.version), bool(r.edition)))
    return None
