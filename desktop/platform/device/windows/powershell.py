"""Asking Windows through a short PowerShell script that prints one JSON object.

Used for COM objects the standard library cannot reach (``HNetCfg.FwPolicy2`` for
INetFwPolicy2, ``Shell.Application`` for the BitLocker shell property, the Windows
Update Agent). The script's JSON is the boundary the tests pin with recorded outputs.
"""

from __future__ import annotations

import json
from typing import Any

from desktop.core.device.readings import Unread
from desktop.core.kit.i18n import N_
from desktop.platform.device.commands import Output, Run, run_command

POWERSHELL = (
    "powershell.exe",
    "-NoLogo",
    "-NoProfile",
    "-NonInteractive",
    "-ExecutionPolicy",
    "Bypass",
    "-Command",
)


def powershell_json(script: str, run: Run = run_command) -> dict[str, Any] | Unread:
    """Run ``script`` and parse the JSON object it prints; Unread on any fault."""
    out = run([*POWERSHELL, script])
    if isinstance(out, Unread):
        return out
    return parse_json_output(out)


def parse_json_output(out: Output) -> dict[str, Any] | Unread:
    if out.code != 0:
        return Unread(N_("Windows did not answer the question"), out.stderr.strip()[:200])
    text = out.stdout.strip().lstrip("\ufeff")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return Unread(N_("Windows gave an answer the app does not understand"), text[:200])
    if not isinstance(data, dict):
        return Unread(N_("Windows gave an answer the app does not understand"), text[:200])
    return data
