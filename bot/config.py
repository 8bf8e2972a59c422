"""Settings in one place: environment variables and an optional `.env` file."""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def content_root() -> Path:
    """Where policies/, cases/ and migrations/ are: $KHUYENCONG_HOME, else this checkout, else the
    share/khuyencong-bot folder a non-editable install (`pip install .`) puts them in."""
    if home := os.environ.get("KHUYENCONG_HOME"):
        return Path(home)
    if (PROJECT_ROOT / "policies").is_dir():
        return PROJECT_ROOT
    return Path(sys.prefix) / "share" / "khuyencong-bot"


CONTENT_ROOT = content_root()
# The embedded database and state live in the checkout's data/, or in ./data for an installed bot.
DEFAULT_DATA_DIR = PROJECT_ROOT / "data" if CONTENT_ROOT == PROJECT_ROOT else Path("data")


# Public in this repository: with it anyone can recompute a Telegram id's pseudonymous key.
DEFAULT_SALT = "khuyencong-bot"


class Settings(BaseSettings):
    """Every setting the code reads; documented in README.md."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    policies_dir: Path = CONTENT_ROOT / "policies"
    data_dir: Path = DEFAULT_DATA_DIR

    # Matcher bands: score >= answer_threshold answers directly; >= suggest_threshold offers
    # "did you mean"; below that the bot says it does not know.
    answer_threshold: float = Field(0.45, ge=0.0, le=1.0)
    suggest_threshold: float = Field(0.28, ge=0.0, le=1.0)

    # Telegram transport.
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret_token: SecretStr | None = None
    # Telegram's flood limits: messages per second overall, and a retry budget for
    # 429 (retry_after) and transient network errors.
    flood_max_per_second: float = Field(30.0, gt=0)
    network_retries: int = Field(100, ge=0)
    group_max_per_minute: float = Field(20.0, ge=0)  # Telegram's limit per group chat (0: none)
    # How long a send that cannot have reached Telegram (unreachable, 429, 5xx) is retried, and the
    # longest pause between tries: an outage shorter than this loses no reply.
    send_retry_seconds: float = Field(600.0, ge=0)
    send_backoff_max_seconds: float = Field(8.0, gt=0)
    # A database call not done after this many seconds is reported to the user as unavailable.
    db_timeout_seconds: float = Field(10.0, gt=0)
    # Per-user spam limit: at most this many messages per window.
    user_message_limit: int = Field(20, ge=1)
    user_message_window_seconds: float = Field(60.0, gt=0)

    # Storage: SQLite under data/ unless DATABASE_URL names another database (PostgreSQL: psycopg 3).
    database_url: str | None = None
    # Staff desk: who may act on requests, where notifications go, when to remind.
    staff_user_ids: Annotated[set[int], NoDecode] = Field(default_factory=set)
    staff_chat_id: int | None = None
    admin_user_ids: Annotated[set[int], NoDecode] = Field(default_factory=set)
    reminder_after_hours: float = Field(24.0, gt=0)
    reminder_check_minutes: float = Field(30.0, gt=0)
    expected_answer_days: int = Field(2, ge=1)
    # Hot reload: watch policies/ and publish a new version only if `check` passes (with these cases).
    watch_policies: bool = True
    eligibility_cases_dir: Path | None = CONTENT_ROOT / "cases" / "eligibility"
    # Salt for the pseudonymous user key of the question log (set it in production).
    user_key_salt: SecretStr = SecretStr(DEFAULT_SALT)

    # The web desk served by the bot itself (unset WEB_ENABLED: on when a token is set).
    web_enabled: bool | None = None
    web_host: str = "127.0.0.1"
    web_port: int = Field(8080, ge=0, le=65535)
    web_base_url: str | None = None  # the public address put into sign-in links (reverse proxy)
    web_link_minutes: float = Field(10.0, gt=0)
    web_session_hours: float = Field(12.0, gt=0)

    log_level: str = "INFO"

    @field_validator("staff_user_ids", "admin_user_ids", mode="before")
    @classmethod
    def _comma_separated_ids(cls, value: object) -> object:
        """Accept "123,456" (as admins write it in .env) as well as a list."""
        if isinstance(value, str):
            return {int(part) for part in value.replace(";", ",").split(",") if part.strip()}
        return value

    @property
    def db_url(self) -> str:
        """The database in use: DATABASE_URL, or the embedded SQLite file."""
        return self.database_url or f"sqlite:///{self.data_dir / 'khuyencong.db'}"

    @property
    def default_salt(self) -> bool:
        """True when USER_KEY_SALT was never set: the question log's user keys are reversible."""
        return self.user_key_salt.get_secret_value() == DEFAULT_SALT

    @property
    def web_on(self) -> bool:
        """Whether `run` serves the web desk: WEB_ENABLED, else whenever a token is set."""
        return self.web_enabled if self.web_enabled is not None else self.telegram_bot_token is not None

    @property
    def web_url(self) -> str:
        """The address sign-in links point at: WEB_BASE_URL, else where the desk listens."""
        return (self.web_base_url or f"http://{self.web_host}:{self.web_port}").rstrip("/")

    @property
    def state_file(self) -> Path:
        """Conversation state kept across restarts."""
        return self.data_dir / "conversations.pickle"

    @property
    def question_log_spill_file(self) -> Path:
        """Question-log rows kept when the bot stops during a database outage (written at the next start)."""
        return self.data_dir / "question-log.spill.jsonl"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read once."""
    return Settings()
