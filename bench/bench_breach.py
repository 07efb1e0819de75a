"""Offline breach lookup in a sorted file: interpolation search next to bisection.

    python -m bench.bench_breach            # 100 million hashes, about 4.5 GB, not for CI
    python -m bench.bench_breach --quick    # 1 million hashes, a smoke run for CI
    python -m bench.bench_breach --file PATH  # an existing sorted list, e.g. the real one
    python -m bench.bench_breach --model 1000000000   # reads only, no file (see below)

It writes a sorted ``HASH:COUNT`` file (CRLF, like the downloader's) of evenly spread
random hashes into a temporary folder: the key space is cut into ranges, each range
gets a random number of hashes (as a random sample would) and its hashes are random
within it and sorted, so the file is what a real list looks like to a search, not a
file whose hashes step evenly (which would flatter interpolation). Then, each in a
fresh process so peak memory is the lookup's own, for interpolation search and for
bisection in the same run:

* warm lookups: p50 and p99 over hashes sampled from the file and random absent ones,
  after one pass to bring the pages in;
* cold lookups: the file's pages are dropped from the page cache before each lookup
  (posix_fadvise DONTNEED; where that is not available, "first touch" of fresh hashes);
* the same on a simulated network share: a reader that adds 2 ms to every read;
* reads per lookup (the end checks, two reads, are made once per version of the file
  and are counted apart), and peak resident memory;
* a line-by-line scan for an absent hash (the whole file, as a tool without any search
  does), run first while the just-written file is still in the page cache.

``--model N`` counts reads per lookup for both searches on a synthetic file of N lines
that is never written: each read is answered from uniform order statistics made on
demand (a random bridge split at midpoints, exact for a uniform sample), so the reads
at sizes too big to write here (the real list has about 900 million lines) can be
counted. Goals: interpolation at most 4 reads per lookup at 100 million lines; warm
p50 <= 1 ms, cold p50 <= 20 ms, memory flat. The figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from array import array
from pathlib import Path

from desktop.core.breach.offline import FdReader, SortedFileLookup, check_ends
from desktop.core.breach.search import ReadAt, search_sorted
from desktop.core.checks.ports import BreachOutcome

FULL_HASHES = 100_000_000
QUICK_HASHES = 1_000_000
CHUNK = 500_000
COUNTS = ("1", "1", "1", "2", "2", "3", "5", "8", "13", "42", "117", "3541")
LINE_BYTES = 46  # an upper bound on the average, for the disk-space check
SHARE_DELAY = 0.002  # seconds added to every read on the simulated network share
SEARCHES = ("interpolation", "bisection")


def generate(path: Path, n: int, seed: int) -> int:
    """``n`` evenly spread random hashes in increasing order; returns ``n``.

    The 64-bit key space is cut into ranges of CHUNK expected hashes. Each range gets a
    random count, as a random sample of n would put there (a binomial draw from what is
    left, by its normal approximation; the last range takes the rest), random 64-bit
    tops within the range, sorted, and 12 random bytes after them. Each chunk is hex-encoded
    in one call, which keeps 100 million lines to a few minutes.
    """
    rng = random.Random(seed)
    ends = [f":{c}\r\n".encode() for c in COUNTS]
    ranges = max(1, round(n / CHUNK))
    width = 2**64 // ranges  # the last few top values are never used: harmless
    written = 0
    with path.open("wb", buffering=16 * 1024 * 1024) as f:
        for k in range(ranges):
            left, share = n - written, 1 / (ranges - k)
            spread = math.sqrt(left * share * (1 - share))
            m = (
                left
                if k == ranges - 1
                else min(left, max(0, round(rng.gauss(left * share, spread))))
            )
            base = k * width
            raw = array("Q", os.urandom(8 * m))
            tops = array("Q", sorted(base + v % width for v in raw))
            if sys.byteorder == "little":
                tops.byteswap()  # big-endian, so hex order is numeric order
            top_bytes = tops.tobytes()
            records = bytearray(os.urandom(20 * m))
            for b in range(8):
                records[b::20] = top_bytes[b::8]
            hexed = records.hex().upper().encode("ascii")
            f.write(
                b"".join(
                    map(
                        bytes.__add__,
                        [hexed[i : i + 40] for i in range(0, 40 * m, 40)],
                        rng.choices(ends, k=m),
                    )
                )
            )
            written += m
        f.flush()
        os.fsync(f.fileno())
    return written


def sample_hashes(path: Path, k: int, seed: int) -> list[tuple[str, int]]:
    """``k`` (hash, count) pairs read from random places in the file."""
    rng = random.Random(seed)
    size = path.stat().st_size
    out = []
    with path.open("rb") as f:
        while len(out) < k:
            f.seek(rng.randrange(0, max(1, size - 256)))
            block = f.read(256).split(b"\n")
            if len(block) > 2:
                full, _, count = block[1].strip().partition(b":")
                out.append((full.decode().upper(), int(count)))
    return out


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _status_mib(field: str) -> float | None:
    """A memory figure from /proc/self/status (Linux), in MiB."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def rss_mib() -> float:
    """Resident memory now (where there is /proc), else the peak so far."""
    now = _status_mib("VmRSS")
    return peak_mib() if now is None else now


def peak_mib() -> float:
    """Peak resident memory of this process.

    VmHWM where there is /proc: ru_maxrss on Linux carries the parent's figure over a
    fork, which would charge the benchmark's generator to the child.
    """
    peak = _status_mib("VmHWM")
    if peak is not None:
        return peak
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / 2**20 if sys.platform == "darwin" else maxrss / 1024


def drop_cache(path: Path) -> bool:
    """Evict the file's pages from the page cache; False where the OS cannot."""
    if not hasattr(os, "posix_fadvise"):
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)
    return True


class Reads:
    """Wraps each lookup's reader: counts reads, and adds a delay like a network share."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.count = 0

    def __call__(self, read: ReadAt) -> ReadAt:
        def reading(offset: int, size: int, /) -> bytes:
            self.count += 1
            if self.delay:
                time.sleep(self.delay)
            return read(offset, size)

        return reading


def child_lookups(
    path: Path,
    found: list[tuple[str, int]],
    absent: list[str],
    cold_n: int,
    search: str,
    delay: float,
) -> dict[str, object]:
    """Runs in its own process: warm and cold timings, reads, memory, correctness."""
    reads = Reads(delay)
    lookup = SortedFileLookup(path, interpolate=search == "interpolation", wrap_reader=reads)
    start_rss = rss_mib()
    correct = True
    ends = Reads(0)
    with path.open("rb", buffering=0) as f:
        check_ends(ends(FdReader(f.fileno())), path.stat().st_size)
    for full, count in found:  # first pass brings the pages in and checks answers
        v = lookup.lookup_hash(full)
        correct &= v.outcome is BreachOutcome.FOUND and v.count == count
    for full in absent:
        correct &= lookup.lookup_hash(full).outcome is BreachOutcome.NOT_FOUND
    warm, warm_cpu, per_lookup = [], [], []
    for full in [h for h, _ in found] + absent:
        before = reads.count
        t0, c0 = time.perf_counter(), time.thread_time()
        lookup.lookup_hash(full)
        warm.append((time.perf_counter() - t0) * 1000)
        warm_cpu.append((time.thread_time() - c0) * 1000)
        per_lookup.append(reads.count - before)
    cold, dropped = [], True
    rng = random.Random(7)
    for i in range(cold_n):
        full = found[i % len(found)][0] if i % 2 == 0 else f"{rng.getrandbits(160):040X}"
        dropped = drop_cache(path) and dropped
        t0 = time.perf_counter()
        lookup.lookup_hash(full)
        cold.append((time.perf_counter() - t0) * 1000)
    return {
        "warm": warm,
        "warm_cpu": warm_cpu,
        "cold": cold,
        "dropped": dropped,
        "reads": per_lookup,
        "end_reads": ends.count,
        "correct": bool(correct),
        "start_rss": start_rss,
        "end_rss": rss_mib(),
        "peak": peak_mib(),
    }


def child_scan(path: Path, target: str, runs: int) -> dict[str, object]:
    """Runs in its own process: a plain line-by-line scan, as without any search."""
    key = target.encode()
    times = []
    start_rss = rss_mib()
    for _ in range(runs):
        t0 = time.perf_counter()
        with path.open("rb") as f:
            for line in f:
                if line[:40].upper() == key:
                    break
        times.append(time.perf_counter() - t0)
    return {"times": times, "start_rss": start_rss, "peak": peak_mib()}


class SparseModel:
    """A sorted file of ``n`` evenly spread random hashes that exists only as reads.

    Line i is at offset 44 * i (40 hex digits, ":1", CRLF). The key of line i is the
    i-th of n sorted uniform values, made on demand: between two known order statistics
    a and b, the one at the midpoint index is a + (b - a) * Beta(m - a, b - m), and a
    short run of lines between known ends is a sorted uniform sample of that interval.
    Every value is seeded by its place, so a line reads the same every time.
    """

    LINE = 44
    LEAF = 512

    def __init__(self, n: int, seed: int = 1) -> None:
        self.n = n
        self.seed = seed
        self.size = n * self.LINE
        self._nodes: dict[int, float] = {-1: 0.0, n: 1.0}
        self._leaves: dict[int, list[float]] = {}

    def _value(self, i: int) -> float:
        a, b = -1, self.n
        while b - a > self.LEAF:
            m = (a + b) // 2
            if m not in self._nodes:
                r = random.Random(self.seed * 1_000_003 + m)
                va, vb = self._nodes[a], self._nodes[b]
                self._nodes[m] = va + (vb - va) * r.betavariate(m - a, b - m)
            if i == m:
                return self._nodes[m]
            a, b = (a, m) if i < m else (m, b)
        if a not in self._leaves:
            r = random.Random(self.seed * 7_000_003 + a)
            va, vb = self._nodes[a], self._nodes[b]
            self._leaves[a] = sorted(va + (vb - va) * r.random() for _ in range(b - a - 1))
        return self._leaves[a][i - a - 1]

    def line(self, i: int) -> bytes:
        top = int(self._value(i) * 2**52)
        low = random.Random(self.seed + 31 * i).getrandbits(108)
        return f"{top:013X}{low:027X}:1\r\n".encode()

    def key(self, i: int) -> str:
        return self.line(i)[:40].decode()

    def read(self, offset: int, size: int) -> bytes:
        end = min(offset + size, self.size)
        if offset >= end:
            return b""
        first, last = offset // self.LINE, (end - 1) // self.LINE
        data = b"".join(self.line(i) for i in range(first, last + 1))
        skip = offset - first * self.LINE
        return data[skip : skip + end - offset]


def model_reads(n: int, lookups: int) -> dict[str, list[int]]:
    """Reads per lookup for both searches on a synthetic file of ``n`` lines."""
    model = SparseModel(n)
    rng = random.Random(3)
    out: dict[str, list[int]] = {s: [] for s in SEARCHES}
    for j in range(lookups):
        if j % 2 == 0:
            target, expected = model.key(rng.randrange(n)), 1
        else:
            target, expected = f"{rng.getrandbits(160):040X}", None
        for search in SEARCHES:
            count = [0]

            def read(offset: int, size: int, /, count: list[int] = count) -> bytes:
                count[0] += 1
                return model.read(offset, size)

            got = search_sorted(  # start=0: a lookup knows it from its end checks
                read, model.size, target.encode(), interpolate=search == "interpolation", start=0
            )
            assert got == expected, (search, target)
            out[search].append(count[0])
    return out


def in_child(*args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_breach", "--child", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _floats(res: dict[str, object], key: str) -> list[float]:
    value = res[key]
    assert isinstance(value, list)
    return [float(x) for x in value]


def _pair(a: list[float], b: list[float]) -> str:
    a50, a99, b50, b99 = (
        percentile(a, 0.5),
        percentile(a, 0.99),
        percentile(b, 0.5),
        percentile(b, 0.99),
    )
    return (
        f"interpolation p50 {a50:.3f} ms p99 {a99:.3f} ms   "
        f"bisection p50 {b50:.3f} ms p99 {b99:.3f} ms   ({b50 / a50:.1f}x at p50)"
    )


def report(
    path: Path,
    n_lines: str,
    gen_seconds: float | None,
    lookups: int,
    cold_n: int,
    scan_runs: int,
    quick: bool = False,
    model_n: int = FULL_HASHES,
) -> None:
    size = path.stat().st_size
    made = f" (generated in {gen_seconds:.1f} s)" if gen_seconds is not None else ""
    print(f"breach list          {n_lines} hashes, {size / 1e9:.2f} GB{made}")
    found = sample_hashes(path, lookups // 2, seed=1)
    rng = random.Random(2)
    absent = [f"{rng.getrandbits(160):040X}" for _ in range(lookups - len(found))]
    share_n = max(20, lookups // 10)
    work = Path(tempfile.mkdtemp(prefix="bench-breach-"))
    results: dict[tuple[str, str], dict[str, object]] = {}
    try:
        targets = work / "targets.json"
        targets.write_text(json.dumps({"found": found, "absent": absent}))
        share_targets = work / "share.json"
        share_targets.write_text(
            json.dumps({"found": found[: share_n // 2], "absent": absent[: share_n // 2]})
        )
        # The scan first, while the freshly written file is still in the page cache;
        # the cold lookups drop it.
        scan = in_child("scan", str(path), absent[0], str(scan_runs))
        for search in SEARCHES:
            results[search, "plain"] = in_child(
                "lookups", str(path), str(targets), str(cold_n), search, "0"
            )
            results[search, "share"] = in_child(
                "lookups",
                str(path),
                str(share_targets),
                str(max(10, cold_n // 5)),
                search,
                str(SHARE_DELAY),
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    correct = all(r["correct"] for r in results.values())
    print(f"answers correct      {'yes' if correct else 'NO'}")
    i_plain, b_plain = results["interpolation", "plain"], results["bisection", "plain"]
    i_share, b_share = results["interpolation", "share"], results["bisection", "share"]
    how = "page cache dropped (posix_fadvise)" if i_plain["dropped"] else "first touch"
    print(f"lookup, warm         {_pair(_floats(i_plain, 'warm'), _floats(b_plain, 'warm'))}")
    print(f"lookup, cold         {_pair(_floats(i_plain, 'cold'), _floats(b_plain, 'cold'))}")
    print(f"share, warm          {_pair(_floats(i_share, 'warm'), _floats(b_share, 'warm'))}")
    print(f"share, cold          {_pair(_floats(i_share, 'cold'), _floats(b_share, 'cold'))}")
    cpu_i, cpu_b = _floats(i_plain, "warm_cpu"), _floats(b_plain, "warm_cpu")
    print(
        f"CPU time, warm       interpolation p50 {percentile(cpu_i, 0.5):.3f} ms   "
        f"bisection p50 {percentile(cpu_b, 0.5):.3f} ms   (the rest of the wall time is "
        "waiting: for the disk, or for a core on a shared machine)"
    )
    print(
        f"how measured         {len(_floats(i_plain, 'warm')):,} warm and {cold_n} cold lookups "
        f"each; cold = {how}; share = {SHARE_DELAY * 1000:.0f} ms added to every read, "
        f"{len(_floats(i_share, 'warm'))} warm and {len(_floats(i_share, 'cold'))} cold"
    )
    r_i, r_b = _floats(i_plain, "reads"), _floats(b_plain, "reads")
    print(
        f"reads per lookup     interpolation mean {sum(r_i) / len(r_i):.2f} max {max(r_i):.0f}   "
        f"bisection mean {sum(r_b) / len(r_b):.2f} max {max(r_b):.0f}   "
        f"(plus {i_plain['end_reads']} for the end checks, once per version of the file)"
    )
    print(
        "memory, lookups      "
        + "   ".join(
            f"{label} {res['start_rss']:.1f} MiB before, {res['end_rss']:.1f} after, "
            f"peak {res['peak']:.1f}"
            for label, res in (("interpolation", i_plain), ("bisection", b_plain))
        )
    )
    print(f"memory, scan         {scan['start_rss']:.1f} MiB before, peak {scan['peak']:.1f} MiB")
    scan_times = _floats(scan, "times")
    scan_s = sorted(scan_times)[len(scan_times) // 2]
    print(
        f"line-by-line scan    {scan_s * 1000:.1f} ms per lookup (whole file, just written "
        f"so mostly cached, {len(scan_times)} run{'s' if len(scan_times) > 1 else ''})"
    )
    warm50 = percentile(_floats(i_plain, "warm"), 0.5)
    cold50 = percentile(_floats(i_plain, "cold"), 0.5)
    print(
        f"speed-up vs scan     warm p50 {scan_s * 1000 / warm50:,.0f}x   "
        f"cold p50 {scan_s * 1000 / cold50:,.0f}x   (interpolation)"
    )
    model_lookups = 200 if quick else 1000
    model = model_reads(model_n, model_lookups)
    m_i, m_b = model["interpolation"], model["bisection"]
    print(
        f"model reads          {model_n:,} lines, synthetic, {model_lookups} lookups: "
        f"interpolation mean {sum(m_i) / len(m_i):.2f} max {max(m_i)}   "
        f"bisection mean {sum(m_b) / len(m_b):.2f} max {max(m_b)}"
    )
    goals = [
        ("<= 4 reads per lookup at 100 million (model)", max(m_i) <= 4 or model_n != FULL_HASHES),
        ("warm p50 <= 1 ms", warm50 <= 1),
        ("cold p50 <= 20 ms", cold50 <= 20),
    ]
    print(
        "goals                "
        + "; ".join(f"{g}: {'met' if ok else 'NOT met'}" for g, ok in goals)
        + ("  (the timing goals are for the 100 million run)" if quick else "")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 million hashes (CI smoke run)")
    parser.add_argument("--hashes", type=int, help="how many hashes to generate")
    parser.add_argument("--file", type=Path, help="use this existing sorted file instead")
    parser.add_argument("--dir", type=Path, help="where to write the generated file")
    parser.add_argument("--keep", action="store_true", help="keep the generated file")
    parser.add_argument("--model", type=int, help="only count reads on a synthetic file")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        mode, path, *rest = args.child
        if mode == "lookups":
            data = json.loads(Path(rest[0]).read_text())
            out = child_lookups(
                Path(path),
                [tuple(x) for x in data["found"]],
                data["absent"],
                int(rest[1]),
                rest[2],
                float(rest[3]),
            )
        else:
            out = child_scan(Path(path), rest[0], int(rest[1]))
        print(json.dumps(out))
        return 0

    if args.model:
        model = model_reads(args.model, 1000)
        for search in SEARCHES:
            reads = model[search]
            print(
                f"model reads          {args.model:,} lines, {search}: "
                f"mean {sum(reads) / len(reads):.2f} max {max(reads)}"
            )
        return 0

    lookups, cold_n, scan_runs = (1000, 200, 3) if args.quick else (2000, 300, 1)
    if args.file:
        report(args.file, "existing", None, lookups, cold_n, scan_runs)
        return 0
    n = args.hashes or (QUICK_HASHES if args.quick else FULL_HASHES)
    folder = Path(tempfile.mkdtemp(prefix="bench-breach-", dir=args.dir))
    try:
        free = shutil.disk_usage(folder).free
        if free < n * LINE_BYTES * 1.1:
            print(
                f"Not enough free space in {folder}: need about {n * LINE_BYTES / 1e9:.1f} GB, "
                f"have {free / 1e9:.1f} GB. Use --dir or --quick.",
                file=sys.stderr,
            )
            return 2
        path = folder / "pwned-passwords-sha1-ordered-by-hash.txt"
        t0 = time.perf_counter()
        written = generate(path, n, seed=42)
        report(
            path,
            f"{written:,}",
            time.perf_counter() - t0,
            lookups,
            cold_n,
            scan_runs,
            quick=args.quick,
        )
    finally:
        if args.keep:
            print(f"kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
