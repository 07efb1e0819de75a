"""Cost of a reuse check and of ``history add``, next to the naive design, in one run.

    python -m bench.bench_history [--runs N] [--depths 1,12,24]

This design keeps one salt per record, so a check derives one Argon2id key per
distinct string of the candidate (the password, its six near forms and, for three or
four words, its word drops: at most eleven; the budget is twelve) whatever the depth.
The naive design keeps a salt per entry, as most "password history" code does, so a
check must derive the candidate's strings again under every entry's salt: depth ×
strings derivations.
Both use the same forms, tags and Argon2id parameters (OWASP's minimum: m = 19 MiB,
t = 2, p = 1), on an in-memory store, so the
figures compare the hashing only. Medians of N runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.core.history import MemoryStore, PasswordHistory
from desktop.core.history.forms import FORMS_VERSION
from desktop.core.history.hashing import (
    DEFAULT_PARAMS,
    MAX_DERIVATIONS,
    SALT_BYTES,
    Tags,
    any_same,
    any_shared,
    password_tags,
)

# Eleven distinct strings (the password, six near forms and four word drops): the
# worst case for both.
CANDIDATE = "7Wh1stle-Mosaic-Lantern-Orbit-99!"


def password(n: int) -> str:
    return f"Wh1stle-{n:02d}-Lantern-{n * 7}!"


@dataclass
class NaiveHistory:
    """A salt per entry: every check derives again under each entry's salt."""

    entries: list[tuple[bytes, Tags]] = field(default_factory=list)
    derivations: int = 0

    def add_password(self, text: str) -> None:
        salt = os.urandom(SALT_BYTES)
        tags = password_tags(DEFAULT_PARAMS, salt, text)
        self.derivations += tags.derivations
        self.entries.append((salt, tags))

    def check_reuse(self, text: str) -> bool:
        found = False
        for salt, stored in self.entries:
            tags = password_tags(DEFAULT_PARAMS, salt, text)
            self.derivations += tags.derivations
            found |= any_same(tags.exact, (stored.exact,)) or any_shared(
                tags.compared(FORMS_VERSION), stored.near
            )
        return found


def median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds. CPU time is shown too because on a busy
    machine the wall clock also counts time spent waiting for a core."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--depths", default="1,12,24")
    args = parser.parse_args()
    depths = [int(d) for d in args.depths.split(",")]

    spent: list[int] = []

    def counting(params, salt, text, legacy=0):  # type: ignore[no-untyped-def]
        tags = password_tags(params, salt, text, legacy)
        spent.append(tags.derivations)
        return tags

    print(
        f"Argon2id m={DEFAULT_PARAMS.memory_kib} KiB t={DEFAULT_PARAMS.iterations} "
        f"p={DEFAULT_PARAMS.lanes}; median of {args.runs} runs; candidate has 11 strings; "
        f"budget {MAX_DERIVATIONS} derivations per check"
    )
    print(
        f"{'depth':>5}  {'this design':>12} {'cpu':>9} {'derivs':>6}  {'naive':>10} "
        f"{'cpu':>9} {'derivs':>6}  {'naive / this':>12}"
    )
    ours_by_depth: dict[int, tuple[float, float]] = {}
    derivs_seen: list[int] = []
    ours_add = naive_add = (0.0, 0.0)
    for depth in depths:
        ours = PasswordHistory(MemoryStore(), depth, tagger=counting)
        naive = NaiveHistory()
        for n in range(depth):
            ours.add_password(password(n))
            naive.add_password(password(n))
        spent.clear()
        ours_ms = median_ms(lambda h=ours: h.check_reuse(CANDIDATE), args.runs)
        ours_derivs = sum(spent) // args.runs
        derivs_seen.append(ours_derivs)
        naive.derivations = 0
        naive_ms = median_ms(lambda h=naive: h.check_reuse(CANDIDATE), args.runs)
        naive_derivs = naive.derivations // args.runs
        ours_by_depth[depth] = ours_ms
        print(
            f"{depth:>5}  {ours_ms[0]:>9.1f} ms {ours_ms[1]:>6.1f} ms {ours_derivs:>6}  "
            f"{naive_ms[0]:>7.1f} ms {naive_ms[1]:>6.1f} ms {naive_derivs:>6}  "
            f"{naive_ms[0] / ours_ms[0]:>11.1f}x"
        )
        if depth == max(depths):
            fresh = iter(range(10_000, 1_000_000))
            ours_add = median_ms(
                lambda h=ours, f=fresh: h.add_password(password(next(f))), args.runs
            )
            naive_add = median_ms(
                lambda h=naive, f=fresh: h.add_password(password(next(f))), args.runs
            )
    low, high = min(depths), max(depths)
    print(
        f"flatness: check at depth {high} / depth {low} = "
        f"{ours_by_depth[high][0] / ours_by_depth[low][0]:.2f}x wall, "
        f"{ours_by_depth[high][1] / ours_by_depth[low][1]:.2f}x cpu (naive grows with depth; "
        "goal <= 1.2)"
    )
    print(f"derivations per check: at most {max(derivs_seen)} (budget {MAX_DERIVATIONS})")
    print(
        f"history add at depth {high}: this design {ours_add[0]:.1f} ms "
        f"({ours_add[1]:.1f} ms cpu), naive {naive_add[0]:.1f} ms ({naive_add[1]:.1f} ms cpu), "
        f"ratio {naive_add[0] / ours_add[0]:.2f}x"
    )


if __name__ == "__main__":
    main()
