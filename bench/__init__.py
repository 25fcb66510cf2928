"""Benchmarks of issue 6: ingest against bare spaCy, command latency on a 100,000-article store
(SQLite and PostgreSQL), commands during a burst of forwards, the daily digest, and the running
bot's peak memory. `python -m bench` (or `make bench`) runs them all and prints one table.

Figures are printed, not asserted: nothing here is a test, and nothing is cached in the repo
(stores live in a temporary folder, a PostgreSQL schema of their own is dropped afterwards)."""
