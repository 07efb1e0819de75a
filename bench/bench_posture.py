"""Cost of keeping IT's posture document after each device check.

    python -m bench.bench_posture [--runs N]

Measured in the same run, on this computer:
1. building the document from a device report (in memory only);
2. that, plus writing posture.json and the collectors' file of one line per check
   (posture-checks.jsonl), each atomically (temporary file, fsync, rename);
   and, apart, the collectors' file alone (its lines made and written atomically);
3. that, plus the macOS plist copy and a journald record per changed check sent over a
   real Unix datagram socket (a plain listener here, standing in for journald).
Each is p50 and max over N runs, with its ratio to (1). The document's size is printed
too: what each engine collects per person.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.core.device import DeviceReport, DeviceStatus  # noqa: E402
from desktop.core.kit.jsonfile import write_atomic  # noqa: E402
from desktop.core.posture.document import build_posture  # noqa: E402
from desktop.core.posture.lines import FILE_NAME as LINES_NAME  # noqa: E402
from desktop.core.posture.lines import lines_text  # noqa: E402
from desktop.core.posture.store import PostureRecorder  # noqa: E402
from desktop.platform.posture.journald import JournalSink  # noqa: E402
from desktop.platform.posture.plist import PlistMirror  # noqa: E402
from tests.posture_helpers import STATE, every_status_report  # noqa: E402


def _drain(listener: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while listener.recv(65536):
            pass


def _times(fn: Callable[[int], None], runs: int) -> list[float]:
    out = []
    for i in range(runs):
        start = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - start)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    reports: list[DeviceReport] = [
        every_status_report(DeviceStatus.PASS),
        every_status_report(DeviceStatus.FAIL),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        listener.bind(str(base / "journal.sock"))
        # Read as journald does, all the time: a datagram queue holds only a few records
        # (net.unix.max_dgram_qlen, 10 by default), fewer than a run with every check
        # changing sends, so a listener drained only between runs would block the sender.
        threading.Thread(target=_drain, args=(listener,), daemon=True).start()
        file_only = PostureRecorder(base / "a" / "posture.json")
        full = PostureRecorder(
            base / "b" / "posture.json",
            [PlistMirror(base / "b" / "posture.plist")],
            [JournalSink(str(base / "journal.sock"))],
        )

        def build(i: int) -> None:
            build_posture(reports[i % 2], STATE, "linux", "0.1.0")

        def write(i: int) -> None:
            file_only.record(build_posture(reports[i % 2], STATE, "linux", "0.1.0"))

        docs = [build_posture(r, STATE, "linux", "0.1.0") for r in reports]

        def lines_only(i: int) -> None:
            text = lines_text(docs[i % 2]).encode("utf-8")
            write_atomic(base / "c" / LINES_NAME, text, 0o644, private_folder=False)

        def mirrored(i: int) -> None:
            # Every run changes every status, so each one also sends a journal record per check.
            full.record(build_posture(reports[i % 2], STATE, "linux", "0.1.0"))

        rows = [
            ("build the document", _times(build, args.runs)),
            ("+ write posture.json and the lines", _times(write, args.runs)),
            ("+ plist + journal records", _times(mirrored, args.runs)),
            ("the collectors' lines alone", _times(lines_only, args.runs)),
        ]
        size = (base / "a" / "posture.json").stat().st_size
        lines_size = (base / "a" / LINES_NAME).stat().st_size
        listener.close()
    baseline = statistics.median(rows[0][1])
    schema = json.loads((ROOT / "packaging/it/posture.schema.json").read_text(encoding="utf-8"))
    print(f"posture document: {size} bytes, {len(schema['properties'])} fields")
    print(f"collectors' file: {lines_size} bytes, one line per check")
    for name, times in rows:
        p50 = statistics.median(times)
        print(
            f"{name:<34} p50 {p50 * 1000:7.3f} ms  max {max(times) * 1000:7.3f} ms  "
            f"x{p50 / baseline:6.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
