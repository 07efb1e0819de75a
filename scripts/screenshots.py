"""Takes PNG screenshots of the desktop app on a real X server (Xvfb).

    python scripts/screenshots.py [--out docs/screenshots]

Starts a private Xvfb and a breach range server on 127.0.0.1, then runs the app's
real check window once per state (empty, weak, strong, breached, and weak at 200%
scale), plus the settings dialog and the tray menu, and saves each as a PNG. Nothing
touches the person's own keyring or settings: every run gets fresh, empty folders.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.core.device import DeviceReport

ROOT = Path(__file__).resolve().parents[1]
SCREEN = "2600x1900x24"  # room for the 200% shot
STRONG = "velvet tundra gazebo 47 plinth"
BREACHED = "Marmalade Sunday 1999"
WEAK = "password1"
SHOTS = {
    # name: (password, confirm, scale, what)
    "check-empty": ("", "", "1", "window"),
    "check-weak": (WEAK, WEAK, "1", "window"),
    "check-strong": (STRONG, STRONG, "1", "window"),
    "check-breached": (BREACHED, BREACHED, "1", "window"),
    "check-weak-200": (WEAK, "passw", "2", "window"),
    "settings": ("", "", "1", "settings"),
    "tray-menu": ("", "", "1", "menu"),
    "device-failing": ("", "", "1", "device-fail"),
    "device-passing": ("", "", "1", "device-pass"),
    "device-reads": ("", "", "1", "device-reads"),
    "device-it": ("", "", "1", "device-it"),
}


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.xserver import start_xvfb as _start_xvfb

    return _start_xvfb(SCREEN)


def parent(out: Path, only: list[str], language: str = "") -> int:
    sys.path.insert(0, str(ROOT))
    from tests.range_server import RangeServer

    out.mkdir(parents=True, exist_ok=True)
    xvfb, display = start_xvfb()
    failures = 0
    try:
        with RangeServer() as server, tempfile.TemporaryDirectory() as home:
            server.add_password(BREACHED, 48213)
            # A very common password is in the breach lists too, as it would be for real.
            server.add_password(WEAK, 2_401_235)
            for name, (_pw, _confirm, scale, _what) in SHOTS.items():
                if only and name not in only:
                    continue
                env = {
                    **os.environ,
                    "DISPLAY": display,
                    "QT_QPA_PLATFORM": "xcb",
                    "QT_SCALE_FACTOR": scale,
                    "XDG_CONFIG_HOME": f"{home}/config",
                    "XDG_RUNTIME_DIR": home,
                    "HOME": home,
                    "PYTHONPATH": str(ROOT),
                    "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
                    "HH_RANGE_URL": server.url,
                    "LANG": "en_GB.UTF-8",
                    "LANGUAGE": language or "en",
                }
                result = subprocess.run(
                    [sys.executable, __file__, "--child", name, "--out", str(out)],
                    env=env,
                    timeout=120,
                )
                if result.returncode != 0:
                    print(f"screenshots: {name} failed", file=sys.stderr)
                    failures += 1
                else:
                    suffix = f"-{language}" if language else ""
                    print(f"screenshots: wrote {out / (name + suffix + '.png')}")
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)
    return 1 if failures else 0


def child(name: str, out: Path) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from desktop.core.checks import build_pipeline
    from desktop.core.history import MemoryStore, PasswordHistory
    from desktop.core.kit.paths import config_dir
    from desktop.core.policy.resolve import EffectivePolicy
    from desktop.core.policy.schema import Origin, Policy
    from desktop.core.policy.service import PolicyService
    from desktop.core.settings import UserSettings
    from desktop.core.words import PersonalWordsStore
    from desktop.ui.shell.controller import AppController, Collaborators
    from desktop.ui.shell.tray import TrayMenu
    from desktop.wiring import Services

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.doubles import MemoryKeyring

    password, confirm, _scale, what = SHOTS[name]
    app = QApplication([sys.argv[0]])
    app.setApplicationName("Hygiene Helper")
    from desktop.core.kit import i18n
    from desktop.wiring import activate_environment_language

    activate_environment_language()  # LANGUAGE, as the app reads it
    if i18n.current().direction == "rtl":
        from PySide6.QtCore import Qt

        app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    policy = Policy(hibp_api_url=os.environ["HH_RANGE_URL"])
    # The settings shot shows one key set by the organisation.
    origins = {"breach_check": Origin.MANAGED, "min_length": Origin.MANAGED}
    effective = EffectivePolicy(policy, origins if what == "settings" else {})
    history = PasswordHistory(MemoryStore(), policy.history_depth)
    controller = AppController(
        Collaborators(
            make_pipeline=lambda eff: build_pipeline(
                eff.policy, Services().breach_lookup(eff.policy), history
            ),
            policy=PolicyService.fixed(effective),
            settings=UserSettings(config_dir(sys.platform, os.environ) / "settings.json"),
            record_password=history.add_password,
            # The suite's keyring double, so screenshots never touch the real keyring.
            words_store=PersonalWordsStore(MemoryKeyring()),
            make_report_wizard=lambda open_check_window: QWidget(),
            lock_now=lambda: None,
            pause_reminders=lambda seconds: None,
            run_device_checks=device_run(what),
            device_pages={"screen_lock": "page", "firewall": "page", "updates": "page"},
            open_device_page=lambda check_id: None,
            posture_path=it_document(what),
        )
    )
    controller.set_status_text("You locked your screen 12 times this week.")
    status = {"code": 1}

    def save(widget: object) -> None:
        image = widget.grab()  # type: ignore[attr-defined]
        language = os.environ.get("LANGUAGE", "en")
        suffix = "" if language == "en" else f"-{language}"
        ok = image.save(str(out / f"{name}{suffix}.png"))
        status["code"] = 0 if ok else 1
        app.quit()

    if what in ("device-fail", "device-pass"):
        device = controller.open_device_window()
        assert device is not None
        device.report_shown.connect(lambda _r: QTimer.singleShot(400, lambda: save(device)))
    elif what == "device-reads":
        page = controller.open_reads_page()
        QTimer.singleShot(600, lambda: save(page))
    elif what == "device-it":
        it_page = controller.open_it_page()
        assert it_page is not None
        QTimer.singleShot(800, lambda: save(it_page))
    elif what == "settings":
        dialog = controller.open_settings()
        QTimer.singleShot(800, lambda: save(dialog))
    elif what == "menu":
        menu = TrayMenu(controller)
        menu.popup(app.primaryScreen().availableGeometry().center())
        QTimer.singleShot(800, lambda: save(menu))
    else:
        window = controller.open_check_window()
        edits = {e.objectName(): e for e in window.findChildren(type(window._password))}
        edits["password"].setText(password)
        edits["confirm"].setText(confirm)
        edits["password"].setFocus()

        def when_done(tries: int = 0) -> None:
            if password and not window.local_done:
                QTimer.singleShot(50, lambda: when_done(tries + 1))
                return
            if password and not window.slow_done:
                if tries == 0 or not controller._checker.is_checking_slow():
                    controller._checker.recheck_slow()
                QTimer.singleShot(100, lambda: when_done(tries + 1))
                return
            QTimer.singleShot(400, lambda: save(window))

        QTimer.singleShot(300, when_done)
    QTimer.singleShot(60_000, app.quit)  # never hang a build
    app.exec()
    controller.local_runner.wait(5000)
    controller.slow_runner.wait(5000)
    return status["code"]


def it_document(what: str) -> Path | None:
    """For the 'What IT can see' shot: the posture document of a computer failing its
    checks, written where the page reads it (in the shot's own temporary home)."""
    if what != "device-it":
        return None
    from datetime import UTC, datetime

    from desktop.core.device import DeviceRunner
    from desktop.core.policy.schema import Policy
    from desktop.core.posture.document import AppState, build_posture
    from desktop.core.posture.store import write_atomic
    from tests.device_fakes import failing_sources

    now = datetime(2026, 3, 10, 14, 5, tzinfo=UTC)
    report = DeviceRunner(failing_sources(now), "linux", now=lambda: now).run(Policy())
    state = AppState(True, "2026-03", True)
    path = Path(os.environ["HOME"]) / ".local/state/hygiene-helper/posture.json"
    write_atomic(path, build_posture(report, state, "linux", "0.1.0"))
    return path


def device_run(what: str) -> Callable[[], DeviceReport]:
    """In-memory device sources: a computer failing every check, or passing them all."""
    from datetime import datetime

    from desktop.core.device import DeviceRunner
    from desktop.core.policy.schema import Policy
    from tests.device_fakes import failing_sources, passing_sources

    now = datetime.now().astimezone().replace(hour=14, minute=5)
    sources = failing_sources(now) if what == "device-fail" else passing_sources()
    runner = DeviceRunner(sources, "linux", now=lambda: now)
    policy = Policy(malware_products=("clamav-daemon",))
    return lambda: runner.run(policy)


# Small and zoomed screens, and a dark theme: (folder name, Xvfb screen, scale, dark).
ACCESSIBILITY_RUNS = (
    ("1366x768-125", "1366x768x24", "1.25", False),
    ("1024x768-200", "1024x768x24", "2", False),
    ("dark-1366x768-125", "1366x768x24", "1.25", True),
)
ACCESSIBILITY_SCREENS = ("check", "settings", "wizard-what", "wizard-act", "wizard-check")


def accessibility_shots(out: Path) -> int:
    """Every screen at 1366x768/125 %, 1024x768/200 % and in a dark theme, each on an
    Xvfb of that size (tests/a11y_probe.py opens them and saves the PNGs)."""
    sys.path.insert(0, str(ROOT))
    from tests.xserver import start_xvfb as _start_xvfb
    from tests.xserver import stop

    failures = 0
    for name, screen, scale, dark in ACCESSIBILITY_RUNS:
        xvfb, display = _start_xvfb(screen)
        try:
            with tempfile.TemporaryDirectory() as home:
                shots = Path(home) / "shots"
                shots.mkdir()
                env = {
                    **os.environ,
                    "DISPLAY": display,
                    "QT_QPA_PLATFORM": "xcb",
                    "QT_SCALE_FACTOR": scale,
                    "HOME": home,
                    "XDG_CONFIG_HOME": f"{home}/config",
                    "XDG_RUNTIME_DIR": home,
                    "PYTHONPATH": str(ROOT),
                    "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
                    "LANG": "en_GB.UTF-8",
                }
                extra = ["--dark"] if dark else []
                result = subprocess.run(
                    [sys.executable, "-m", "tests.a11y_probe", "--shots", str(shots), *extra],
                    env=env,
                    cwd=ROOT,
                    capture_output=True,
                    timeout=180,
                )
                if result.returncode != 0:
                    print(f"screenshots: {name} failed", file=sys.stderr)
                    failures += 1
                    continue
                for screen_name in ACCESSIBILITY_SCREENS:
                    target = out / f"a11y-{name}-{screen_name}.png"
                    (shots / f"{screen_name}.png").replace(target)
                    print(f"screenshots: wrote {target}")
                # Then every other window (tests/all_windows.py lists them all).
                windows = Path(home) / "windows"
                windows.mkdir()
                result = subprocess.run(
                    [sys.executable, "-m", "tests.window_fit_probe", "--shots", str(windows)],
                    env=env,
                    cwd=ROOT,
                    capture_output=True,
                    timeout=180,
                )
                if result.returncode != 0 or dark:
                    failures += result.returncode != 0
                    continue
                for shot in sorted(windows.glob("*.png")):
                    if shot.stem in ACCESSIBILITY_SCREENS or shot.stem == "wizard":
                        continue  # taken above, page by page
                    target = out / f"a11y-{name}-{shot.stem}.png"
                    shot.replace(target)
                    print(f"screenshots: wrote {target}")
        finally:
            stop(xvfb)
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("only", nargs="*", help="names of shots to take (default: all)")
    parser.add_argument(
        "--language",
        default="",
        help="take the shots in this language (cy, pl, en-XA...), named <shot>-<language>.png",
    )
    parser.add_argument(
        "--accessibility",
        action="store_true",
        help="only the small-screen, zoomed and dark-theme shots",
    )
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.out)
    if args.accessibility:
        args.out.mkdir(parents=True, exist_ok=True)
        return accessibility_shots(args.out)
    code = parent(args.out, args.only, args.language)
    if not args.only:
        code |= accessibility_shots(args.out)
    return code


if __name__ == "__main__":
    sys.exit(main())
