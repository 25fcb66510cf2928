"""Settings that cannot work are refused at start-up with what is wrong, before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.settings import Settings
from tests.bot.test_console import newsroom_bot


def test_a_webhook_needs_a_secret_token() -> None:
    with pytest.raises(ValidationError, match="WEBHOOK_SECRET_TOKEN"):
        Settings(_env_file=None, webhook_url="https://bot.example.org/hook")
    with pytest.raises(ValidationError, match="A-Z, a-z, 0-9"):
        Settings(
            _env_file=None, webhook_url="https://bot.example.org/hook", webhook_secret_token="a b"
        )
    ok = Settings(
        _env_file=None, webhook_url="https://bot.example.org/hook", webhook_secret_token="a-b_1"
    )
    assert ok.webhook_listen == "127.0.0.1" and ok.webhook_port == 8443


def test_bad_settings_stop_the_bot_with_a_short_message(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "TELEGRAM_BOT_TOKEN=123:abc\nWEBHOOK_URL=https://bot.example.org/hook\n"
    )
    result = newsroom_bot(tmp_path, "run")
    assert result.returncode != 0
    assert result.stderr.startswith("newsroom-bot: bad settings: WEBHOOK_URL needs")
    assert "Traceback" not in result.stderr and "123:abc" not in result.stderr
    (tmp_path / ".env").write_text("LOG_FORMAT=xml\n")
    result = newsroom_bot(tmp_path, "run")
    assert "bad settings: LOG_FORMAT: Input should be 'text' or 'json'" in result.stderr


@pytest.mark.parametrize("zone", ["europe/kyiv", "Europe", "../etc", "Kyiv"])
def test_a_default_time_zone_must_be_an_iana_key_as_written(zone: str) -> None:
    # "europe/kyiv" once passed here and failed later, when the bot built its zone from it.
    with pytest.raises(ValidationError, match="unknown time zone"):
        Settings(_env_file=None, default_timezone=zone)
    assert (
        Settings(_env_file=None, default_timezone="Europe/Kyiv").default_timezone == "Europe/Kyiv"
    )
