"""Doubles and helpers shared by the tests and the benchmarks: a fake Bot API server
(`telegram_server`), a recording request layer (`recording`), a bot process runner
(`bot_process`) and test database URLs (`databases`). Never imported by the bot's own
packages, and it imports nothing from `tests`."""
