"""Counts whole copies of given texts in another process's memory (Linux).

Every readable mapping in /proc/PID/maps is read through /proc/PID/mem (the reader
needs the right to trace the process: root, or the same user with ptrace allowed).
Each text is looked for as UTF-8/Latin-1 (how Python keeps an ASCII str), UTF-16-LE
(Qt's QString) and UTF-32-LE (a Python str with wider characters).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

ENCODINGS = ("utf-8", "utf-16-le", "utf-32-le")
_CHUNK = 1 << 24


def _regions(pid: int) -> list[tuple[int, int]]:
    found = []
    with open(f"/proc/{pid}/maps", encoding="ascii") as maps:
        for line in maps:
            fields = line.split()
            start, end = (int(x, 16) for x in fields[0].split("-"))
            perms = fields[1]
            name = fields[5] if len(fields) > 5 else ""
            if not perms.startswith("r") or name in ("[vvar]", "[vsyscall]"):
                continue
            if name.startswith("/") and "w" not in perms:
                continue  # read-only file mappings: code and data from disk, not ours
            found.append((start, end))
    return found


_ASCII_HEADER = 48  # bytes before the text in a compact ASCII str (CPython 3.11, 64-bit)


def _live_str(block: bytes, start: int, text: str) -> bool:
    """Whether the copy at ``start`` is a live Python str: a small reference count and
    its own length in the header. A freed one has a heap pointer (or 0) where the
    count was, since the allocator keeps its free list in freed blocks."""
    head = start - _ASCII_HEADER
    if head < 0:
        return False
    refcnt = int.from_bytes(block[head : head + 8], "little")
    length = int.from_bytes(block[head + 16 : head + 24], "little")
    return 0 < refcnt < 1 << 20 and length == len(text)


def count_live_strs(pid: int, texts: Sequence[str]) -> dict[str, int]:
    """How many live Python str objects hold each (ASCII) text: references kept."""
    return _scan(pid, texts, live_only=True)


def count_copies(pid: int, texts: Sequence[str]) -> dict[str, int]:
    return _scan(pid, texts, live_only=False)


def _scan(pid: int, texts: Sequence[str], live_only: bool) -> dict[str, int]:
    """How many whole copies of each text the process's memory holds, in any encoding."""
    encodings = ("ascii",) if live_only else ENCODINGS
    patterns = {
        text: re.compile(b"|".join(re.escape(text.encode(enc)) for enc in encodings))
        for text in texts
    }
    counts = dict.fromkeys(texts, 0)
    with open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:
        for start, end in _regions(pid):
            offset = start
            overlap = b""
            while offset < end:
                size = min(_CHUNK, end - offset)
                try:
                    mem.seek(offset)
                    data = mem.read(size)
                except OSError:
                    break
                if not data:
                    break
                block = overlap + data
                for text, pattern in patterns.items():
                    counts[text] += sum(
                        1
                        for m in pattern.finditer(block)
                        if m.end() > len(overlap)
                        and (not live_only or _live_str(block, m.start(), text))
                    )
                overlap = data[-256:]
                offset += len(data)
    return counts


def measure(n: int, seed: str, display: str, folder: Path) -> tuple[dict[str, int], dict[str, int]]:
    """Run ``tests/memory_driver.py`` for ``n`` rounds on ``display`` and count, for
    each of its passwords, the whole copies left in its memory once the rounds are
    over, and how many of those are live Python str objects (references kept)."""
    import os
    import subprocess
    import sys

    from tests.memory_driver import password
    from tests.support import ROOT, app_env

    env = app_env(folder, display)  # a private home and runtime folder, no keyring
    driver = str(ROOT / "tests" / "memory_driver.py")
    proc = subprocess.Popen(
        [sys.executable, driver, str(n), seed, f"hh-mem-{os.getpid()}-{seed}"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None and proc.stdin is not None
        line = proc.stdout.readline().strip()
        if line != "READY":
            raise RuntimeError(
                f"the driver did not get ready: {proc.stderr.read() if proc.stderr else ''}"
            )
        texts = [password(seed, i) for i in range(n)]
        counts = count_copies(proc.pid, texts)
        live = count_live_strs(proc.pid, texts)
        proc.stdin.write("\n")
        proc.stdin.flush()
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()
    return counts, live
