"""Telegram transport: thin python-telegram-bot handlers that call the service layer."""
