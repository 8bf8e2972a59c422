"""Where a benchmark's results go: bench/results/NAME.md (the table people read) and NAME.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def write_results(name: str, markdown: str, report: dict[str, Any]) -> None:
    """Write the benchmark's table and its full report under bench/results/, and print the table."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.md").write_text(markdown + "\n")
    (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(markdown)
