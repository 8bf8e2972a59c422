"""Errors the core reports to people: problems in the knowledge base, and a database that cannot be used."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    """One problem an admin must fix (error) or should look at (warning), at file:line."""

    file: str
    line: int
    field: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class KnowledgeBaseError(Exception):
    """The folder does not pass the publish gate; `issues` lists every error found."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(issue) for issue in issues))


class StorageError(Exception):
    """The database could not do what was asked (unreachable, timed out, refused); nothing was committed."""


class StorageConflict(StorageError):
    """A unique key was taken by a concurrent transaction (e.g. the same draft stored twice at once)."""
