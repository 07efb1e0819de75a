"""``hygiene report``: opens the wizard on a real X server, keeps the draft, and says
plainly when there is no desktop to show a window on."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.core.report import Draft, DraftStore, ReportAnswers, WhatHappened

ROOT = Path(__file__).resolve().parents[1]


def hygiene(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_no_desktop_is_a_clear_message_not_a_crash(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["XDG_CONFIG_HOME"] = str(tmp_path)
    done = hygiene("report", env=env)
    assert done.returncode == 2
    assert "opens a window, but there is no desktop here" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_command_line_does_not_load_qt_until_report_runs() -> None:
    code = (
        "import sys; from desktop.cli.main import build_parser; build_parser(); "
        "print('PySide6' in sys.modules, "
        "sorted(m for m in sys.modules if m.startswith(('desktop.ui', 'desktop.wiring.gui'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    # No widget module either: the CLI reaches windows only through the composition root.
    assert out.stdout.strip() == "False []"


@pytest.mark.xvfb
def test_report_opens_the_saved_draft_and_keeps_it_when_closed(tmp_path: Path) -> None:
    for tool in ("xvfb-run", "xdotool"):
        assert shutil.which(tool), f"{tool} is needed (scripts/setup.sh installs it)"
    store = DraftStore(tmp_path / "hygiene-helper" / "drafts")
    now = datetime(2025, 6, 3, 9, 0, tzinfo=UTC)
    saved = Draft(
        ReportAnswers(
            reference="PW-250603-ABCD",
            started=now,
            when=now,
            what=WhatHappened.SHARED,
            account="Payroll",
        ),
        page="act",
    )
    store.save(saved)
    script = tmp_path / "drive.sh"
    script.write_text(
        textwrap.dedent(f"""\
        {sys.executable} -m desktop report --kind leak >"{tmp_path}/out" 2>"{tmp_path}/err" &
        pid=$!
        wid=$(timeout 40 xdotool search --sync --onlyvisible --name "password leaked" | head -1)
        test -n "$wid" || {{ kill $pid; exit 90; }}
        xdotool windowfocus --sync "$wid"
        xdotool key Escape
        # Esc asks first ("Carry on" is the default); Alt+T answers "Stop for now".
        ask=$(timeout 20 xdotool search --sync --onlyvisible --name "Stop for now" | head -1)
        test -n "$ask" || {{ kill $pid; exit 91; }}
        xdotool windowfocus --sync "$ask"
        xdotool key alt+t
        wait $pid
        """)
    )
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", XDG_CONFIG_HOME=str(tmp_path))
    env.pop("DISPLAY", None)
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1024x768x24", "bash", str(script)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    err = (tmp_path / "err").read_text()
    assert done.returncode == 1, err  # closed before sending
    assert "Your answers are saved. Run 'hygiene report --kind leak' again to carry on." in err
    kept = store.load()
    assert kept is not None and kept.answers == saved.answers


def drive_on_xvfb(tmp_path: Path, command: str, window: str) -> subprocess.CompletedProcess[str]:
    """Run ``command`` on a private X server, wait for ``window`` and press Esc there."""
    script = tmp_path / "drive-kind.sh"
    script.write_text(
        textwrap.dedent(f"""\
        {sys.executable} -m desktop {command} >"{tmp_path}/out" 2>"{tmp_path}/err" &
        pid=$!
        wid=$(timeout 40 xdotool search --sync --onlyvisible --name "{window}" | head -1)
        test -n "$wid" || {{ kill $pid; exit 90; }}
        xdotool windowfocus --sync "$wid"
        xdotool key Escape
        wait $pid
        """)
    )
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", XDG_CONFIG_HOME=str(tmp_path))
    env.pop("DISPLAY", None)
    return subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1024x768x24", "bash", str(script)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.xvfb
@pytest.mark.parametrize(
    ("command", "window"),
    [("report", "Report a problem"), ("report --kind scam", "Is this a scam")],
)
def test_report_asks_what_happened_and_kind_opens_that_report(
    tmp_path: Path, command: str, window: str
) -> None:
    for tool in ("xvfb-run", "xdotool"):
        assert shutil.which(tool), f"{tool} is needed (scripts/setup.sh installs it)"
    done = drive_on_xvfb(tmp_path, command, window)
    err = (tmp_path / "err").read_text()
    # The window it was asked for opened; closed before anything was typed: exit 1, and
    # nothing is left behind to carry on with.
    assert done.returncode == 1, (done.returncode, err)
    assert "Traceback" not in err and "Your answers are saved" not in err
    assert not (tmp_path / "hygiene-helper" / "drafts").exists()
