"""Where the test knowledge bases are, and a builder for valid policy files."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MINIMAL_KB = FIXTURES / "kb_minimal"
SHIPPED_KB = PROJECT_ROOT / "policies"


def policy_file(policy_id: str, title: str, category: str = "cong-nghe", **fields: Any) -> dict[str, Any]:
    """A valid policy with unique examples and keywords; `fields` override or add fields."""
    words = policy_id.replace("-", " ")
    policy: dict[str, Any] = {
        "id": policy_id,
        "title": title,
        "category": category,
        "summary": f"Tóm tắt chính sách {title}.",
        "answer": f"Nội dung đầy đủ của chính sách {title} dành cho cơ sở công nghiệp nông thôn.",
        "keywords": [f"{words} một", f"{words} hai", f"{words} ba"],
        "examples": [f"{words} câu hỏi số {n}" for n in range(1, 7)],
        "legal_basis": [{"doc": "nd-45-2012", "article": "Điều 4"}],
        "last_reviewed": date(2026, 1, 15),
    }
    policy.update(fields)
    return policy
