"""The service layer: what the bot does, independent of Telegram. Handlers and the console call
it; it reads articles with `extract/` and keeps them with `storage/`."""
