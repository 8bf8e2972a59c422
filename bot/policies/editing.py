"""Editing policy files in place for admins (adding an example question), keeping comments and layout."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.policies.gate import CheckReport, check

if TYPE_CHECKING:
    from ruamel.yaml import YAML


def _round_trip() -> YAML:
    from ruamel.yaml import YAML  # only when an admin edits: the running bot need not carry it

    yaml = YAML()  # round-trip mode: comments, order and quoting are kept
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    # Our files write an empty value as `null`; ruamel would otherwise leave it blank.
    yaml.representer.add_representer(
        type(None), lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return yaml


def _edit_examples(path: Path, edit: Callable[[list[str]], None]) -> None:
    yaml = _round_trip()
    data = yaml.load(path.read_text(encoding="utf-8"))
    edit(data["examples"])
    temporary = path.with_name(f".{path.name}.tmp")  # hidden, and not *.yaml: never read as a policy
    with temporary.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    temporary.replace(path)  # atomic: the watcher never sees a half-written file


def add_example(path: Path, question: str) -> None:
    """Append an example question to a policy file in place, keeping its comments and layout."""
    _edit_examples(path, lambda examples: examples.append(question))


def remove_example(path: Path, question: str) -> None:
    """Take out the example `add_example` appended (its last occurrence)."""

    def drop(examples: list[str]) -> None:
        for index in range(len(examples) - 1, -1, -1):
            if examples[index] == question:
                del examples[index]
                return

    _edit_examples(path, drop)


def check_with_example(config: Settings, filename: str, question: str) -> CheckReport:
    """The publish gate run on the policies folder as it would be with `question` added to `filename`."""
    with tempfile.TemporaryDirectory(prefix="kb-trial-") as scratch:
        trial = Path(scratch) / "policies"
        shutil.copytree(config.policies_dir, trial, ignore=shutil.ignore_patterns(".*"))  # not editors' lock files
        add_example(trial / filename, question)
        return check(trial, config, config.eligibility_cases_dir)
