"""Settings from the environment or `.env` (see `.env.example` for each one)."""

from __future__ import annotations

import re
from datetime import time
from functools import cached_property
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///data/newsroom.db"
TELEGRAM_API = "https://api.telegram.org/bot"


def _ids(value: object) -> frozenset[int]:
    if value is None or value == "":
        return frozenset()
    if isinstance(value, str):
        parts = [p for p in re.split(r"[,\s]+", value) if p]
    elif isinstance(value, int):
        parts = [str(value)]
    else:
        parts = [str(p) for p in value]  # type: ignore[attr-defined]
    try:
        return frozenset(int(p) for p in parts)
    except ValueError as exc:
        raise ValueError("must be comma-separated Telegram ids, e.g. -1001234,5678") from exc


class Settings(BaseSettings):
    """Every setting the bot reads. Secrets stay in SecretStr so they never print."""

    # An empty value (as in a copied .env.example) means the default.
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = TELEGRAM_API
    database_url: str = DEFAULT_DATABASE_URL
    allowed_chat_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    allowed_user_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    # Users who may /forget any story (others only the stories they sent).
    admin_user_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    # A story or file whose reading takes longer is given up (the parsing process is killed).
    parse_timeout_seconds: float = Field(default=30.0, gt=0, le=3600)
    # Watch notes wait this long for more stories before they go, so that a burst of stories
    # about a watched place is one note (and no chat gets more than one note a minute).
    watch_note_delay_seconds: float = Field(default=20.0, gt=0, le=3600)
    default_digest_time: time = time(8, 0)
    default_timezone: str = "UTC"
    nlp_model: str | None = None
    # Fetch links that resolve to private or loopback addresses (intranets, tests). Link-local
    # (cloud metadata), multicast and reserved addresses are refused even then.
    allow_private_urls: bool = False
    log_level: str = Field(default="INFO")
    # json: one JSON object a line, for a log collector; text: for people.
    log_format: Literal["text", "json"] = "text"
    # Webhook mode instead of polling when WEBHOOK_URL (the public https address Telegram
    # posts to) is set; the bot listens on WEBHOOK_LISTEN:WEBHOOK_PORT behind a TLS proxy.
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    # Telegram sends it with every update; other posts to the address are refused.
    webhook_secret_token: SecretStr | None = None

    @field_validator("allowed_chat_ids", "allowed_user_ids", "admin_user_ids", mode="before")
    @classmethod
    def _parse_ids(cls, value: object) -> frozenset[int]:
        return _ids(value)

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        # An IANA key as written ("Europe/Kyiv"): the bot builds its zones from it as is.
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise ValueError(
                f"unknown time zone {value!r}: use Area/City, e.g. Europe/Kyiv"
            ) from None
        return value

    @field_validator("webhook_secret_token")
    @classmethod
    def _secret_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()
        ):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @model_validator(mode="after")
    def _webhook_needs_a_secret(self) -> Settings:
        if self.webhook_url and self.webhook_secret_token is None:
            raise ValueError(
                "WEBHOOK_URL needs WEBHOOK_SECRET_TOKEN, or anyone who finds the address could "
                "post updates as Telegram"
            )
        return self

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @cached_property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.default_timezone)

    @property
    def self_hosted_api(self) -> bool:
        """A self-hosted Bot API server: no 20 MB download limit."""
        return self.telegram_base_url.rstrip("/") != TELEGRAM_API

    @property
    def telegram_base_file_url(self) -> str:
        """Where files are downloaded: ".../bot" becomes ".../file/bot"."""
        base = self.telegram_base_url.rstrip("/")
        return base[: -len("bot")] + "file/bot" if base.endswith("/bot") else base + "/file/bot"
