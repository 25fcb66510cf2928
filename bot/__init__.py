"""Settings, wiring and the `newsroom-bot` entry point."""
