"""The query plans of what a command runs: every statement the engine executes while the
service answers is caught (with its parameters and the storage function that issued it), then
explained (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL), and each plan summed up as the
way it reaches each table: through an index, or by reading the whole table."""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event
from sqlalchemy.engine import Engine

_OURS = ("/storage/queries.py", "/service/")


@dataclass
class Statement:
    """One statement a command ran, with what issued it."""

    caller: str  # "storage/queries.py:casualty_reports"
    sql: str
    parameters: object
    commands: list[str] = field(default_factory=list)
    plan: list[str] = field(default_factory=list)

    @property
    def access(self) -> list[str]:
        """How the plan reaches each table: "SEARCH casualty USING INDEX ix_… (…)", "Seq Scan
        on person", …"""
        return [line.strip(" -|`>") for line in self.plan if _ACCESS.search(line)]

    @property
    def full_scans(self) -> list[str]:
        """The plan's steps that read a whole table (an index read end to end included)."""
        steps = [step for step in self.access if _FULL.search(step)]
        if _LIMIT.search(self.sql) and not any("TEMP B-TREE FOR ORDER BY" in p for p in self.plan):
            # Read in the index's order and stopped at the LIMIT ("the latest 10"): not a
            # read of the whole table.
            steps = [step for step in steps if not _IN_INDEX_ORDER.search(step)]
        return steps


_ACCESS = re.compile(r"\b(SCAN|SEARCH)\b|Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan")
# SQLite: "SCAN t" reads the table, "SCAN t USING (COVERING) INDEX i" reads all of an index
# (a SCAN of a subquery or a CTE is not a table). PostgreSQL: "Seq Scan".
_FULL = re.compile(r"^SCAN (?!\(|CONSTANT)|Seq Scan")
_LIMIT = re.compile(r"\bLIMIT\b", re.I)
_IN_INDEX_ORDER = re.compile(r"^SCAN \w+ USING (COVERING )?INDEX ")


def _caller() -> str:
    for frame in reversed(traceback.extract_stack()):
        for ours in _OURS:
            if ours in frame.filename:
                path = frame.filename[frame.filename.index(ours) + 1 :]
                return f"{path}:{frame.name}"
    return "?"


@contextmanager
def caught(
    engine: Engine, command: str, into: dict[tuple[str, str, str], Statement]
) -> Iterator[None]:
    """Record the statements `engine` executes meanwhile into `into`, under `command`."""

    def record(_conn, _cursor, sql, parameters, _context, executemany) -> None:  # type: ignore[no-untyped-def]
        if executemany or not sql.lstrip().upper().startswith("SELECT"):
            return
        caller = _caller()
        key = (caller, sql, repr(parameters))  # on PostgreSQL the plan depends on the values
        found = into.setdefault(key, Statement(caller, sql, parameters))
        if command not in found.commands:
            found.commands.append(command)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", record)


def explain(engine: Engine, statement: Statement) -> list[str]:
    """The plan of `statement` with its parameters, one line a step."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            rows = connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement.sql, statement.parameters
            ).all()
            depth: dict[int, int] = {0: 0}
            lines = []
            for node, parent, _unused, detail in rows:
                depth[node] = depth.get(parent, 0) + 1
                lines.append("  " * (depth[node] - 1) + str(detail))
            return lines
        rows = connection.exec_driver_sql("EXPLAIN " + statement.sql, statement.parameters).all()
        return [str(row[0]) for row in rows]


def _shape(statement: Statement) -> tuple[str, ...]:
    """The plan without costs and literal values, to tell plans of the same kind."""
    return (
        statement.caller,
        *(
            re.sub(r"'[^']*'", "?", re.sub(r"\s*\(cost=[^)]*\)", "", line))
            for line in statement.plan
        ),
    )


def explain_all(
    engine: Engine, statements: dict[tuple[str, str, str], Statement]
) -> list[Statement]:
    """Every caught statement with its plan, in the order they were first run; statements
    whose plans have the same shape are shown once, with all the commands that ran them."""
    shapes: dict[tuple[str, ...], Statement] = {}
    for statement in statements.values():
        statement.plan = explain(engine, statement)
        first = shapes.setdefault(_shape(statement), statement)
        if first is not statement:
            first.commands += [c for c in statement.commands if c not in first.commands]
    return list(shapes.values())


def summary(statement: Statement) -> str:
    """ "index" or "FULL SCAN: …", for the report."""
    full = statement.full_scans
    return "index" if not full else "FULL SCAN: " + "; ".join(full)


def describe(statements: list[Statement]) -> list[str]:
    """Lines for the run's output: each statement, who ran it, its plan and the verdict."""
    lines = []
    for s in statements:
        lines.append(f"  {s.caller} (for {', '.join(s.commands)}): {summary(s)}")
        lines.extend(f"      {step}" for step in s.plan)
    return lines
