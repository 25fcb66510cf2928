"""The machine the figures come from: CPU, cores, memory, Python and database versions."""

from __future__ import annotations

import os
import platform
import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from testkit.databases import postgres_base_url, postgres_problem


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    except OSError:
        pass
    return None


def postgres_version() -> str:
    """The server's version, or why there is none."""
    problem = postgres_problem()
    if problem is not None:
        return f"none ({problem})"
    engine = create_engine(postgres_base_url())
    try:
        with engine.connect() as connection:
            return str(connection.execute(text("SHOW server_version")).scalar())
    except SQLAlchemyError as error:
        return f"unknown ({error})"
    finally:
        engine.dispose()


def describe() -> list[str]:
    """One line per fact about the machine."""
    memory = memory_gib()
    return [
        f"CPU: {cpu_model()}, {os.cpu_count()} cores",
        f"RAM: {memory:.1f} GiB" if memory else "RAM: unknown",
        f"OS: {platform.platform()}",
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"PostgreSQL {postgres_version()}",
    ]
