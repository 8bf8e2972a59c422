"""Settings in one place: environment variables and an optional `.env` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every setting the code reads; documented in README.md."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    policies_dir: Path = PROJECT_ROOT / "policies"
    data_dir: Path = PROJECT_ROOT / "data"

    # Matcher bands: score >= answer_threshold answers directly; >= suggest_threshold offers
    # "did you mean"; below that the bot says it does not know.
    answer_threshold: float = Field(0.45, ge=0.0, le=1.0)
    suggest_threshold: float = Field(0.28, ge=0.0, le=1.0)

    log_level: str = "INFO"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read once."""
    return Settings()
