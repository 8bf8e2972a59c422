"""Files that hold people's data (the embedded database, conversation state) are created readable
by their owner only: a shared server's other accounts must not read names and phone numbers."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE = 0o600


def ensure_private(path: Path) -> None:
    """Create `path` empty with mode 0600 if it does not exist; make an existing one 0600."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))
    except FileExistsError:
        os.chmod(path, PRIVATE)
