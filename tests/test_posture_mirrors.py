"""The posture mirrors: Windows registry values and Event Log records (at the boundary,
with stand-ins recording the calls), a real macOS plist, and journald records sent to a
real systemd-journald started here in a private mount namespace."""

from __future__ import annotations

import json
import plistlib
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from desktop.core.device import DeviceStatus
from desktop.core.posture.document import flat_fields
from desktop.core.posture.store import PostureRecorder, StatusChange
from desktop.platform.posture.eventlog import EVENT_IDS, EventLogSink, event_text
from desktop.platform.posture.journald import MESSAGE_ID, encode
from desktop.platform.posture.plist import PlistMirror
from desktop.platform.posture.registry import KEY, RegistryMirror
from tests.posture_helpers import ROOT, document, every_status_report, real_reports

JOURNALD = Path("/lib/systemd/systemd-journald")


class FakeWinreg:
    """Records calls with winreg's names and constants (the values are winreg's own)."""

    HKEY_CURRENT_USER = 0x80000001
    KEY_SET_VALUE = 0x0002
    REG_SZ = 1
    REG_DWORD = 4

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.values: dict[str, tuple[int, Any]] = {}

    def CreateKeyEx(self, key: Any, sub_key: str, reserved: int = 0, access: int = 0) -> str:
        self.calls.append(("CreateKeyEx", key, sub_key, reserved, access))
        return "handle"

    def SetValueEx(self, key: Any, name: str, reserved: int, kind: int, value: Any) -> None:
        self.calls.append(("SetValueEx", key, name, reserved, kind, value))
        self.values[name] = (kind, value)


class FakeAdvapi32:
    def __init__(self, registered: bool = True) -> None:
        self.registered = registered
        self.calls: list[tuple[Any, ...]] = []

    def RegisterEventSourceW(self, server: Any, source: str) -> int:
        self.calls.append(("RegisterEventSourceW", server, source))
        return 42 if self.registered else 0

    def ReportEventW(self, *args: Any) -> int:
        handle, kind, _category, event_id, _sid, count, _size, strings, _data = args
        self.calls.append(("ReportEventW", handle, kind, event_id, count, strings[0]))
        return 1

    def DeregisterEventSource(self, handle: Any) -> int:
        self.calls.append(("DeregisterEventSource", handle))
        return 1


def test_registry_values_under_hkcu_with_types_collectors_read() -> None:
    winreg = FakeWinreg()
    fields = flat_fields(document(real_reports()["failing"]))
    RegistryMirror(winreg).publish(fields)  # type: ignore[arg-type]
    assert winreg.calls[0] == ("CreateKeyEx", winreg.HKEY_CURRENT_USER, KEY, 0, 2)
    assert KEY == r"Software\HygieneHelper\Posture"
    assert set(winreg.values) == set(fields)
    assert winreg.values["screen_lock_status"] == (winreg.REG_SZ, "fail")
    assert winreg.values["screen_lock_value"] == (winreg.REG_DWORD, 30)
    assert winreg.values["screen_lock_compliant"] == (winreg.REG_DWORD, 0)
    assert winreg.values["reminders_enabled"] == (winreg.REG_DWORD, 1)
    assert winreg.values["removable_media_threshold"] == (winreg.REG_DWORD, 0)
    unknown = flat_fields(document(real_reports()["unknown"]))
    RegistryMirror(winreg).publish(unknown)  # type: ignore[arg-type]
    none = [n for n, v in unknown.items() if v is None]
    assert none and all(winreg.values[n] == (winreg.REG_SZ, "") for n in none)


def test_plist_written_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "HygieneHelper" / "posture.plist"
    fields = flat_fields(document(real_reports()["failing"]))
    PlistMirror(path).publish(fields)
    back = plistlib.loads(path.read_bytes())
    assert back == {k: v for k, v in fields.items() if v is not None}
    assert back["firewall_status"] == "fail" and back["firewall_compliant"] is False
    assert back["schema"] == 1


def test_event_log_record_per_change_from_the_registered_source() -> None:
    advapi = FakeAdvapi32()
    fields = flat_fields(document(real_reports()["failing"]))
    change = StatusChange("firewall", "pass", "fail", "off", "on")
    EventLogSink(advapi).status_changed(change, fields)  # type: ignore[arg-type]
    assert advapi.calls[0] == ("RegisterEventSourceW", None, "Hygiene Helper")
    _name, handle, kind, event_id, count, text = advapi.calls[1]
    assert (handle, kind, event_id, count) == (42, 0x0002, EVENT_IDS["fail"], 1)
    assert "HYGIENE_CHECK=firewall" in text and "HYGIENE_STATUS=fail" in text
    assert text == event_text(change, fields)
    assert advapi.calls[2] == ("DeregisterEventSource", 42)


def test_event_log_without_the_source_is_a_problem_noted_not_a_crash(tmp_path: Path) -> None:
    recorder = PostureRecorder(tmp_path / "p.json", sinks=[EventLogSink(FakeAdvapi32(False))])  # type: ignore[list-item]
    recorder.record(document(real_reports()["passing"]))
    assert recorder.problems and recorder.problems[0] == "EventLogSink: OSError"
    assert (tmp_path / "p.json").exists()


def test_msi_registers_the_event_source() -> None:
    wxs = (ROOT / "packaging/windows/hygiene-helper.wxs").read_text(encoding="utf-8")
    assert r"SYSTEM\CurrentControlSet\Services\EventLog\Application\Hygiene Helper" in wxs
    assert 'Name="EventMessageFile"' in wxs and 'Name="TypesSupported"' in wxs
    assert '<ComponentRef Id="EventLogSource"/>' in wxs


def test_native_protocol_framing() -> None:
    data = encode({"MESSAGE": "one", "HYGIENE_X": "a\nb"})
    assert data == b"MESSAGE=one\nHYGIENE_X\n\x03\x00\x00\x00\x00\x00\x00\x00a\nb\n"


SCRIPT = """\
set -eu
mount -t tmpfs tmpfs /run
if [ -d /var/log/journal ]; then mount -t tmpfs tmpfs /var/log/journal; fi
mkdir -p /run/systemd /run/log
{journald} &
pid=$!
i=0
while [ ! -S /run/systemd/journal/socket ]; do
  i=$((i+1)); [ $i -lt 200 ] || {{ echo "journald did not start" >&2; kill $pid; exit 3; }}
  sleep 0.05
done
status=0
"$PYTHON" "$SENDER" || status=$?
sleep 0.3
journalctl -D /run/log/journal -o json --no-pager MESSAGE_ID={mid} || status=$?
kill $pid
wait $pid || true
exit $status
"""

SENDER = """\
import sys
sys.path.insert(0, {root!r})
from desktop.core.device import DeviceStatus
from desktop.core.posture.store import PostureRecorder
from desktop.platform.posture import posture_recorder
from tests.posture_helpers import document, every_status_report

# The app's own wiring with no socket named: systemd's default socket path.
recorder = posture_recorder("linux", __import__("pathlib").Path({doc!r}))
recorder.record(document(every_status_report(DeviceStatus.PASS)))
recorder.record(document(every_status_report(DeviceStatus.FAIL)))
assert not recorder.problems, recorder.problems
"""


def test_journald_gets_one_structured_record_per_status_change(tmp_path: Path) -> None:
    assert JOURNALD.exists(), "systemd-journald is missing: install the systemd package"
    assert shutil.which("unshare") and shutil.which("journalctl"), "util-linux/systemd missing"
    sender = tmp_path / "sender.py"
    sender.write_text(
        SENDER.format(root=str(ROOT), doc=str(tmp_path / "posture.json")), encoding="utf-8"
    )
    script = tmp_path / "journal.sh"
    script.write_text(SCRIPT.format(journald=JOURNALD, mid=MESSAGE_ID), encoding="utf-8")
    result = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
            "PYTHON": sys.executable,
            "SENDER": str(sender),
            "HOME": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    checks = len(every_status_report(DeviceStatus.PASS).findings)
    assert len(records) == 2 * checks  # first document: all new; second: all changed
    firewall = [r for r in records if r["HYGIENE_CHECK"] == "firewall"]
    assert [r["HYGIENE_STATUS"] for r in firewall] == ["pass", "fail"]
    last = firewall[-1]
    assert last["HYGIENE_PREVIOUS_STATUS"] == "pass"
    assert last["PRIORITY"] == "4" and last["SYSLOG_IDENTIFIER"] == "hygiene-helper"
    assert last["HYGIENE_COMPLIANT"] == "false" and last["HYGIENE_VALUE"] == "off"
    assert last["MESSAGE"] == "Hygiene Helper: firewall check is fail (was pass)"
    assert last["_TRANSPORT"] == "journal"
