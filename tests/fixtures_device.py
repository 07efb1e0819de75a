"""Real Linux daemons for the device-posture tests, each started by the test and
stopped by its process id, never the machine's own.

* ``private_system_bus()``: a ``dbus-daemon`` using a copy of the system bus
  configuration (so the real service policies apply) listening on a socket in a
  fresh temp folder. Yields a ``SystemBus`` with its address.
* ``started(argv, ...)``: runs one daemon in the foreground as our child, yields its
  ``Popen`` and stops it by pid (SIGCONT first, in case a test paused it).
* ``udisks_world()``: the private system bus, ``systemd-udevd`` (in the foreground,
  so we hold its pid) with a runtime rule that marks our own test loop devices as
  removable (``UDISKS_SYSTEM=0``), and ``udisksd`` on the private bus.
* ``loop_device(image)``: attaches an image with ``losetup``, detaches it afterwards
  (``make_luks``/``make_vfat`` make the 64 MiB images).
* ``netns()``: a network namespace of the test's own, with ``/etc/netns/<name>/ufw``
  so that ``ufw`` run through ``ip netns exec`` keeps its config there and never
  writes the machine's ``/etc/ufw``. Deleted afterwards.
* ``accounts_daemon(bus, etc)``: accounts-daemon on the private bus, with ``etc``
  overlaid on /etc in a mount namespace of its own (``private_etc``).
* ``packagekit_daemon(bus, state)``: polkitd and packagekitd on the private bus (see
  there for why packagekitd needs the bus bound over /run/dbus).
* Stand-ins (``STAND_INS``) for services that cannot run here may own their real names.

Every helper needs root and the tools from scripts/setup.sh. A missing tool or no
root FAILS the test (these tests exist to run the real thing in CI), it never skips.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from jeepney.bus_messages import message_bus
from jeepney.io import blocking

START_TIMEOUT = 20.0
SYSTEM_CONF = Path("/usr/share/dbus-1/system.conf")
UDEVD = ("/lib/systemd/systemd-udevd", "/usr/lib/systemd/systemd-udevd")
UDISKSD = "/usr/libexec/udisks2/udisksd"
ACCOUNTS_DAEMON = "/usr/libexec/accounts-daemon"
RULE_NAME = "99-hygiene-device-tests.rules"
RULES_DIR = Path("/run/udev/rules.d")
# Our removable test images carry this in their file name; the udev rule matches it.
REMOVABLE_TAG = "hh-removable"
STAND_INS = ("org.fedoraproject.FirewallD1", "org.freedesktop.systemd1")


def need(tool: str) -> str:
    """The tool's full path; fails the test loudly when it is missing or we are not root."""
    if os.geteuid() != 0:
        pytest.fail("the device tests start real system daemons and need root")
    path = tool if tool.startswith("/") and os.access(tool, os.X_OK) else shutil.which(tool)
    if not path:
        pytest.fail(f"{tool} is not installed: run scripts/setup.sh (it installs every tool)")
    return path


def stop_pid(proc: subprocess.Popen[bytes]) -> None:
    """Stop one daemon we started, by its pid (continued first if a test paused it)."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(proc.pid, signal.SIGCONT)
        os.kill(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def wait_until(
    what: str,
    ready: Callable[[], bool],
    proc: subprocess.Popen[bytes] | None = None,
    log: Path | None = None,
    timeout: float = START_TIMEOUT,
) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if (proc is not None and proc.poll() is not None) or time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            pytest.fail(f"{what} did not happen in time\n{tail}")
        time.sleep(0.05)


@dataclass
class SystemBus:
    address: str
    root: Path

    def has_owner(self, name: str) -> bool:
        try:
            with contextlib.closing(blocking.open_dbus_connection(bus=self.address)) as conn:
                reply = conn.send_and_get_reply(message_bus.NameHasOwner(name), timeout=2)
        except OSError:
            return False
        return bool(reply.body[0])


def _system_conf(address: str) -> str:
    text = SYSTEM_CONF.read_text()
    text = re.sub(r"<listen>.*?</listen>", f"<listen>{address}</listen>", text)
    text = re.sub(r"<user>.*?</user>", "", text)
    text = re.sub(r"<pidfile>.*?</pidfile>", "", text)
    # No bus activation: a test starts each daemon itself and holds its pid.
    text = text.replace("<standard_system_servicedirs/>", "")
    text = text.replace(
        "<includedir>system.d</includedir>", "<includedir>/usr/share/dbus-1/system.d</includedir>"
    )
    text = text.replace('<include ignore_missing="yes">system-local.conf</include>', "")
    # Stand-ins for services that cannot run here (firewalld) replay their answers
    # under the real name; their own policy files are not installed, so allow them.
    stand_ins = "".join(
        f'<allow own="{name}"/><allow send_destination="{name}"/>' for name in STAND_INS
    )
    return text.replace(
        "</busconfig>", f'<policy context="default">{stand_ins}</policy></busconfig>'
    )


@contextmanager
def private_system_bus() -> Iterator[SystemBus]:
    daemon = need("dbus-daemon")
    root = Path(tempfile.mkdtemp(prefix="hh-sys-"))
    root.chmod(0o755)  # daemons that drop to their own user (polkitd) must reach the socket
    address = f"unix:path={root / 'system_bus_socket'}"
    conf = root / "system.conf"
    conf.write_text(_system_conf(address))
    log = root / "dbus.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [daemon, f"--config-file={conf}", "--nofork"], stdout=out, stderr=out
        )
    try:
        bus = SystemBus(address, root)
        wait_until(
            "the private system bus starting",
            lambda: bus.has_owner("org.freedesktop.DBus"),
            proc,
            log,
        )
        yield bus
    finally:
        stop_pid(proc)
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def started(
    argv: Sequence[str],
    log: Path,
    env: dict[str, str] | None = None,
    ready: Callable[[], bool] | None = None,
    what: str = "",
) -> Iterator[subprocess.Popen[bytes]]:
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            list(argv), stdout=out, stderr=out, env=env, stdin=subprocess.DEVNULL
        )
    try:
        if ready is not None:
            wait_until(what or f"{argv[0]} starting", ready, proc, log)
        yield proc
    finally:
        stop_pid(proc)


def bus_env(bus: SystemBus) -> dict[str, str]:
    env = dict(os.environ)
    env["DBUS_SYSTEM_BUS_ADDRESS"] = bus.address
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return env


def _answers(argv: list[str]) -> bool:
    return subprocess.run(argv, capture_output=True, timeout=5, check=False).returncode == 0


def _udevd() -> str:
    for path in UDEVD:
        if os.access(path, os.X_OK):
            return need(path)
    return need("systemd-udevd")


@contextmanager
def udev_running(log: Path) -> Iterator[None]:
    """systemd-udevd as our child with a runtime rule for our test loop devices."""
    udevd, udevadm = _udevd(), need("udevadm")
    udev_state = RULES_DIR.parent
    fresh = not udev_state.exists()  # then the udev database goes again afterwards
    RULES_DIR.mkdir(parents=True, exist_ok=True)
    rule = RULES_DIR / RULE_NAME
    rule.write_text(
        f'SUBSYSTEM=="block", KERNEL=="loop*", ATTR{{loop/backing_file}}=="*{REMOVABLE_TAG}*", '
        'ENV{UDISKS_SYSTEM}="0"\n'
    )
    try:
        with started(
            [udevd],
            log,
            ready=lambda: _answers([udevadm, "control", "--ping", "--timeout=1"]),
            what="systemd-udevd answering",
        ):
            subprocess.run([udevadm, "control", "--reload"], check=False, timeout=10)
            subprocess.run(
                [udevadm, "trigger", "--subsystem-match=block", "--action=change"],
                check=False,
                timeout=10,
            )
            subprocess.run([udevadm, "settle", "--timeout=10"], check=False, timeout=15)
            yield
    finally:
        rule.unlink(missing_ok=True)
        if fresh:
            shutil.rmtree(udev_state, ignore_errors=True)


@dataclass
class UdisksWorld:
    bus: SystemBus
    udisksd: subprocess.Popen[bytes]
    root: Path

    def settle(self) -> None:
        subprocess.run([need("udevadm"), "settle", "--timeout=10"], check=False, timeout=15)


@contextmanager
def udisks_world() -> Iterator[UdisksWorld]:
    need(UDISKSD)
    with (
        private_system_bus() as bus,
        udev_running(bus.root / "udevd.log"),
        started(
            [UDISKSD, "--no-debug"],
            bus.root / "udisksd.log",
            env=bus_env(bus),
            ready=lambda: bus.has_owner("org.freedesktop.UDisks2"),
            what="udisksd appearing on the private bus",
        ) as proc,
    ):
        yield UdisksWorld(bus, proc, bus.root)


@contextmanager
def loop_device(image: Path) -> Iterator[str]:
    losetup = need("losetup")
    out = subprocess.run(
        [losetup, "--find", "--show", str(image)],
        check=True,
        capture_output=True,
        text=True,
        timeout=10,
    )
    device = out.stdout.strip()
    try:
        yield device
    finally:
        subprocess.run([losetup, "--detach", device], check=False, timeout=10)


def make_image(path: Path, size_mib: int = 64) -> Path:
    with open(path, "wb") as image:
        image.truncate(size_mib * 1024 * 1024)
    return path


def make_luks(path: Path) -> Path:
    """A 64 MiB file with a real LUKS2 header (fast key derivation: tests only)."""
    make_image(path)
    key = path.with_suffix(".key")
    key.write_bytes(b"test-only key material")
    subprocess.run(
        [
            need("cryptsetup"),
            "luksFormat",
            "--batch-mode",
            "--type",
            "luks2",
            "--pbkdf",
            "pbkdf2",
            "--pbkdf-force-iterations",
            "1000",
            "--key-file",
            str(key),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    key.unlink()
    return path


def make_vfat(path: Path, label: str = "STICK") -> Path:
    make_image(path)
    subprocess.run(
        [need("mkfs.vfat"), "-n", label, str(path)], check=True, capture_output=True, timeout=30
    )
    return path


@dataclass
class NetNs:
    name: str
    etc: Path  # /etc/netns/<name>: bind-mounted over /etc inside `ip netns exec`

    def run(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [need("ip"), "netns", "exec", self.name, *argv],
            check=check,
            capture_output=True,
            text=True,
            timeout=30,
        )

    @property
    def prefix(self) -> tuple[str, ...]:
        return ("ip", "netns", "exec", self.name)


@contextmanager
def netns() -> Iterator[NetNs]:
    ip = need("ip")
    name = f"hh-{uuid.uuid4().hex[:8]}"
    etc = Path("/etc/netns") / name
    subprocess.run([ip, "netns", "add", name], check=True, timeout=10)
    try:
        (etc).mkdir(parents=True)
        if Path("/etc/ufw").is_dir():
            shutil.copytree("/etc/ufw", etc / "ufw", symlinks=True)
        yield NetNs(name, etc)
    finally:
        subprocess.run([ip, "netns", "delete", name], check=False, timeout=10)
        shutil.rmtree(etc, ignore_errors=True)
        with contextlib.suppress(OSError):
            Path("/etc/netns").rmdir()  # only when empty: it may have been there before


@pytest.fixture
def udisks() -> Iterator[UdisksWorld]:
    with udisks_world() as world:
        yield world


@pytest.fixture
def system_bus() -> Iterator[SystemBus]:
    with private_system_bus() as bus:
        yield bus


@pytest.fixture
def namespace() -> Iterator[NetNs]:
    with netns() as ns:
        yield ns


def private_etc(upper: Path) -> list[str]:
    """An argv prefix: run a daemon with /etc overlaid by ``upper`` in a mount namespace
    of its own, so the test's settings files never land in the machine's /etc.

    ``unshare`` and ``sh -c 'exec'`` both hand over the process, so the Popen pid is the
    daemon's own."""
    work = upper.parent / f"{upper.name}-work"
    upper.mkdir(parents=True, exist_ok=True)
    work.mkdir(exist_ok=True)
    script = (
        f"mount -t overlay overlay -o lowerdir=/etc,upperdir={upper},workdir={work} /etc"
        ' && exec "$@"'
    )
    return [need("unshare"), "--mount", "--propagation", "private", "sh", "-c", script, "sh"]


@contextmanager
def accounts_daemon(bus: SystemBus, etc: Path) -> Iterator[subprocess.Popen[bytes]]:
    """accounts-daemon on the private bus, seeing ``etc`` over /etc."""
    need(ACCOUNTS_DAEMON)
    with started(
        [*private_etc(etc), ACCOUNTS_DAEMON],
        bus.root / "accounts-daemon.log",
        env=bus_env(bus),
        ready=lambda: bus.has_owner("org.freedesktop.Accounts"),
        what="accounts-daemon appearing on the private bus",
    ) as proc:
        yield proc


POLKITD = "/usr/lib/polkit-1/polkitd"
PACKAGEKITD = "/usr/libexec/packagekitd"


@contextmanager
def packagekit_daemon(bus: SystemBus, state: Path) -> Iterator[subprocess.Popen[bytes]]:
    """polkitd and packagekitd on the private bus, reading this machine's apt lists.

    packagekitd clears its environment, so it finds the bus at the standard socket path:
    in a mount namespace of its own, the private bus folder is bound over /run/dbus, and
    empty folders over PackageKit's state and cache, so nothing of the machine's changes.
    """
    need(POLKITD)
    need(PACKAGEKITD)
    lib, cache = state / "lib", state / "cache"
    lib.mkdir(parents=True, exist_ok=True)
    cache.mkdir(parents=True, exist_ok=True)
    script = (
        f"mount --bind {bus.root} /run/dbus && mount --bind {lib} /var/lib/PackageKit"
        f" && mount --bind {cache} /var/cache/PackageKit && exec {PACKAGEKITD}"
    )
    with (
        started(
            [POLKITD, "--no-debug"],
            bus.root / "polkitd.log",
            env=bus_env(bus),
            ready=lambda: bus.has_owner("org.freedesktop.PolicyKit1"),
            what="polkitd appearing on the private bus",
        ),
        started(
            [need("unshare"), "--mount", "--propagation", "private", "sh", "-c", script],
            bus.root / "packagekitd.log",
            env=bus_env(bus),
            ready=lambda: bus.has_owner("org.freedesktop.PackageKit"),
            what="packagekitd appearing on the private bus",
        ) as proc,
    ):
        yield proc


ROOT = Path(__file__).resolve().parent.parent

# Lists, as root, the packages outside the standard library that the Linux readers import,
# so that exactly those can be copied where ``nobody`` may read them.
_THIRD_PARTY = """
import importlib, json, pkgutil, sys
import desktop.platform.device.linux as linux
for info in pkgutil.walk_packages(linux.__path__, linux.__name__ + "."):
    importlib.import_module(info.name)
found = {}
for top in {name.partition(".")[0] for name in sys.modules}:
    if top == "desktop" or top in sys.stdlib_module_names or top not in sys.modules:
        continue
    spec = getattr(sys.modules[top], "__spec__", None)
    where = getattr(spec, "submodule_search_locations", None) or [getattr(spec, "origin", "")]
    where = [w for w in where if w and w.startswith("/")]
    if where:
        found[top] = where[0]
print(json.dumps(found))
"""


@contextmanager
def _runtime_for_nobody() -> Iterator[Path]:
    """A folder every user may read holding a copy of ``desktop`` and the packages its
    Linux readers import. The checkout itself may sit in a private (0700) folder, as a
    new home folder does on Debian 12, where ``nobody`` could not import from it."""
    listed = subprocess.run(
        [sys.executable, "-c", _THIRD_PARTY],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=True,
    )
    folder = Path(tempfile.mkdtemp(prefix="hh-nobody-"))
    try:
        skip = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(ROOT / "desktop", folder / "desktop", ignore=skip)
        for top, where in json.loads(listed.stdout).items():
            source = Path(where)
            if source.name == "__init__.py" or source.is_dir():
                package = source if source.is_dir() else source.parent
                shutil.copytree(package, folder / top, ignore=skip)
            else:
                shutil.copy2(source, folder / source.name)
        for path in (folder, *folder.rglob("*")):
            path.chmod(0o755 if path.is_dir() else 0o644)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def read_as_nobody(expression: str, env: dict[str, str] | None = None) -> str:
    """``repr()`` of a reader's ``read()`` run as the unprivileged user ``nobody``, so a
    file only root may read gives a real "permission denied". ``nobody`` runs the base
    interpreter in isolated mode on a copy of the code (``_runtime_for_nobody``), never
    the checkout or its virtual environment."""
    interpreter = os.path.realpath(getattr(sys, "_base_executable", sys.executable))
    with _runtime_for_nobody() as runtime:
        code = f"import sys; sys.path.insert(0, {str(runtime)!r}); {expression}"
        out = subprocess.run(
            [
                need("setpriv"),
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--",
                interpreter,
                "-I",
                "-c",
                code,
            ],
            capture_output=True,
            text=True,
            timeout=30,
            env=env,
            cwd="/",
        )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A temp folder every user may enter (pytest's own are root's only), for tests that
    read as ``nobody``."""
    folder = Path(tempfile.mkdtemp(prefix="hh-open-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
