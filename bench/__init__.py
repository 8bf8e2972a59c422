"""Benchmarks: `python -m bench` runs every registered benchmark in order, `python -m bench NAME…` only those."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

# Name → module (its `main()` runs), in this order. Add new benchmarks here. Imported only when run:
# the soak reads its own process's memory, which must not include the matcher baselines'
# scikit-learn and bm25s.
BENCHMARKS: dict[str, str] = {
    "matcher": "bench.matcher",
    "startup": "bench.startup",
    "e2e": "bench.e2e",
    "storage": "bench.storage",
    "soak": "bench.soak",
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
        importlib.import_module(BENCHMARKS[name]).main()
    return 0
