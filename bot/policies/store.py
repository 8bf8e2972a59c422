"""The knowledge base currently served, swapped atomically on reload."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from bot.config import Settings
from bot.policies.gate import CheckReport, run_check
from bot.policies.loader import Issue
from bot.snapshot import Snapshot, build_snapshot

log = logging.getLogger(__name__)


class KnowledgeStore:
    """Holds the live snapshot. Readers take `current` once per question, so a question in
    flight finishes on the version it started with even if a reload swaps it meanwhile."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._current = snapshot
        self._reload_lock = threading.Lock()
        self.last_error: CheckReport | None = None

    @property
    def current(self) -> Snapshot:
        return self._current

    def swap(self, snapshot: Snapshot) -> Snapshot:
        """Publish a new snapshot; returns the previous one."""
        previous, self._current = self._current, snapshot
        return previous

    def reload(self, settings: Settings, cases_dir: Path | None) -> CheckReport:
        """Run the pre-publish check on the folder; publish the new version only if it passes."""
        with self._reload_lock:
            try:
                report = run_check(settings.policies_dir, settings, cases_dir)
            except Exception as exc:  # a check that crashes must not take the last good version down
                log.exception("Pre-publish check crashed on %s", settings.policies_dir)
                crash = Issue(settings.policies_dir.name, 1, "", f"kiểm tra bị lỗi: {type(exc).__name__}: {exc}")
                report = CheckReport(errors=[crash])
            if report.ok() and report.snapshot is not None:
                if report.snapshot.kb.version != self._current.kb.version:
                    self.swap(report.snapshot)
                self.last_error = None
            else:
                self.last_error = report
            return report

    @classmethod
    def load(cls, settings: Settings) -> KnowledgeStore:
        """Build from the configured folder; raises KnowledgeBaseError when it does not validate."""
        return cls(build_snapshot(settings))
