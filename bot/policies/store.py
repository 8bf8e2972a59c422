"""The knowledge base currently served, swapped atomically on reload."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from bot.config import Settings
from bot.errors import Issue, KnowledgeBaseError
from bot.policies.gate import CheckReport, check
from bot.snapshot import Snapshot

log = logging.getLogger(__name__)


class KnowledgeStore:
    """Holds the live snapshot. Readers take `current` once per question, so a question in
    flight finishes on the version it started with even if a reload swaps it meanwhile."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._current = snapshot
        self._reload_lock = threading.Lock()
        self.last_error: CheckReport | None = None
        self.last_report: CheckReport | None = None  # the last check that ran, passed or not

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
                report = check(settings.policies_dir, settings, cases_dir)
            except Exception as exc:  # a check that crashes must not take the last good version down
                log.exception("Pre-publish check crashed on %s", settings.policies_dir)
                crash = Issue(settings.policies_dir.name, 1, "", f"kiểm tra bị lỗi: {type(exc).__name__}: {exc}")
                report = CheckReport(errors=[crash])
            self.last_report = report
            if report.ok() and report.snapshot is not None:
                if report.snapshot.kb.version != self._current.kb.version:
                    self.swap(report.snapshot)
                self.last_error = None
            else:
                self.last_error = report
            return report

    @classmethod
    def load(cls, settings: Settings) -> KnowledgeStore:
        """Start from the configured folder, through the same publish gate as every reload; raises
        KnowledgeBaseError with the gate's errors when it does not pass."""
        report = check(settings.policies_dir, settings, settings.eligibility_cases_dir)
        if report.snapshot is None:
            raise KnowledgeBaseError(report.errors)
        store = cls(report.snapshot)
        store.last_report = report
        return store
