"""Benchmarks: `python -m bench` runs every registered benchmark in order, `python -m bench NAME…` only those."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from bench import e2e, matcher, soak, startup, storage

# Name → entry point, run in this order. Add new benchmarks here.
BENCHMARKS: dict[str, Callable[[], None]] = {
    "matcher": matcher.main,
    "startup": startup.main,
    "e2e": e2e.main,
    "storage": storage.main,
    "soak": soak.main,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the named benchmarks (all when none is named); exit code 2 on an unknown name."""
    names = list(sys.argv[1:] if argv is None else argv) or list(BENCHMARKS)
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    for name in names:
        print(f"== bench {name} ==", flush=True)
        BENCHMARKS[name]()
    return 0
