"""Every regex of the project matches in linear time, whatever text a user pastes.

A backtracking pattern with nested or adjacent overlapping quantifiers, or a quantified run
that `search` re-enters at each position, can take seconds to forever on one story and freeze
the bot (issue 14: a dateline froze the process; a quote check took 28 s of a 64k story).

This module finds every pattern of the project's packages: compiled at module level or as a
class attribute, or written inline in a `re.search(...)`-style call (read with `ast`). For each
one it walks the parsed pattern (`re._parser`), and from what the pattern repeats builds
adversarial texts: the text that leads up to a repeat, then one pass of the repeated part (or
one character it repeats) over and over, then a character that makes the match fail. It times
`search`, `fullmatch` and an exhausted `finditer` on each text at 16k and 64k characters.
A linear pattern takes milliseconds there; a quadratic one takes seconds at 64k; an
exponential one never ends, so each call is cut off by SIGALRM at the limit.
"""

from __future__ import annotations

import ast
import importlib
import itertools
import pkgutil
import re
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from re import _compiler, _parser  # the parser re itself uses: the only exact reading of a pattern
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("extract", "readers", "service", "storage", "handlers", "bot", "scripts")
# Text sizes in characters. A quadratic pattern costs ~16x more at the larger, and seconds at
# 64k (the size of a long story); a linear one stays in milliseconds at both.
SIZES = (16_000, 64_000)
LIMIT = 0.5  # seconds a single call may take
_FAIL = "\x00"  # ends each text: none of our patterns expects it, so the match fails there

# --- finding the patterns ---------------------------------------------------------------------

_RE_FUNCTIONS = frozenset("compile search match fullmatch sub subn finditer findall split".split())
# Where each re function takes its flags when they are passed by position.
_FLAGS_POSITION = {"compile": 1, "split": 3, "sub": 4, "subn": 4}
# The expressions a pattern argument may be built of to be evaluated here: literals, module
# names and joins ("|".join(_WEEKDAYS)), nothing that could call project code.
_SAFE_NODES = (
    ast.Expression,
    ast.Constant,
    ast.Name,
    ast.Load,
    ast.Attribute,
    ast.BinOp,
    ast.Add,
    ast.BitOr,
    ast.JoinedStr,
    ast.FormattedValue,
    ast.Tuple,
    ast.List,
    ast.Call,
)


def project_modules() -> list[ModuleType]:
    """Every module of the project's packages, imported."""
    modules = []
    for name in PACKAGES:
        modules.append(importlib.import_module(name))
        for info in pkgutil.walk_packages([str(ROOT / name)], prefix=f"{name}."):
            modules.append(importlib.import_module(info.name))
    return modules


def attribute_patterns(module: ModuleType) -> dict[str, re.Pattern]:
    """The compiled patterns a module holds at module level (also in a tuple, list or dict)
    and in its classes' attributes, by dotted name."""
    found: dict[str, re.Pattern] = {}

    def add(name: str, value: object) -> None:
        if isinstance(value, re.Pattern):
            found[name] = value
        elif isinstance(value, tuple | list | frozenset | set):
            for i, item in enumerate(value):
                if isinstance(item, re.Pattern):
                    found[f"{name}[{i}]"] = item
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, re.Pattern):
                    found[f"{name}[{key!r}]"] = item

    for name, value in vars(module).items():
        add(f"{module.__name__}.{name}", value)
        if isinstance(value, type) and value.__module__ == module.__name__:
            for attr, member in vars(value).items():
                add(f"{module.__name__}.{name}.{attr}", member)
    return found


def _re_calls(tree: ast.AST) -> Iterator[ast.Call]:
    """The `re.<function>(...)` calls of a module's source."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.func.attr in _RE_FUNCTIONS
        ):
            yield node


def _argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    if len(call.args) > position:
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def _value_of(node: ast.expr, namespace: dict[str, object]) -> object:
    """The value of a pattern or flags argument, evaluated against the module's names; raises
    ValueError when it is not built of literals, module names and joins."""
    expression = ast.Expression(node)
    for part in ast.walk(expression):
        unsafe = not isinstance(part, _SAFE_NODES) or (
            isinstance(part, ast.Call)
            and not (isinstance(part.func, ast.Attribute) and part.func.attr in {"join", "escape"})
        )
        if unsafe:
            raise ValueError(f"cannot evaluate {ast.unparse(node)}")
    try:
        return eval(compile(expression, "<pattern>", "eval"), dict(namespace))
    except NameError as e:  # a local variable: the pattern is only known at run time
        raise ValueError(f"cannot evaluate {ast.unparse(node)}") from e


def inline_patterns(path: Path, namespace: dict[str, object]) -> tuple[dict, list[str]]:
    """The patterns written into `re` calls in one source file, by file:line, and the calls
    whose pattern could not be worked out."""
    found: dict[str, re.Pattern] = {}
    unresolved: list[str] = []
    where = path.relative_to(ROOT).as_posix()
    for call in _re_calls(ast.parse(path.read_text(encoding="utf-8"))):
        pattern_node = _argument(call, 0, "pattern")
        flags_node = _argument(call, _FLAGS_POSITION.get(call.func.attr, 2), "flags")
        if pattern_node is None:
            continue
        try:
            pattern = _value_of(pattern_node, namespace)
            flags = _value_of(flags_node, namespace) if flags_node is not None else 0
        except ValueError:
            unresolved.append(f"{where}:{call.lineno}")
            continue
        found[f"{where}:{call.lineno}"] = re.compile(pattern, flags)
    return found, unresolved


def project_patterns() -> tuple[dict[str, re.Pattern], list[str]]:
    """Every distinct pattern of the project by a name saying where it is, and the inline
    patterns that could not be read."""
    modules = {Path(m.__file__).resolve(): m for m in project_modules() if m.__file__}
    named: dict[str, re.Pattern] = {}
    unresolved: list[str] = []
    for module in modules.values():
        named.update(attribute_patterns(module))
    # Every source file, also those not imported as modules (migrations): literals still count.
    for path in sorted(p for name in PACKAGES for p in (ROOT / name).rglob("*.py")):
        module = modules.get(path.resolve())
        found, missed = inline_patterns(path, vars(module) if module else {})
        named.update(found)
        unresolved += missed
    distinct: dict[tuple, str] = {}
    for name, pattern in sorted(named.items()):
        distinct.setdefault((type(pattern.pattern), pattern.pattern, pattern.flags), name)
    return {name: named[name] for name in distinct.values()}, unresolved


# --- building adversarial texts ----------------------------------------------------------------

_REPEATS = {_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT}
_ONE_CHARACTER = {_parser.LITERAL, _parser.NOT_LITERAL, _parser.ANY, _parser.IN}
# Characters tried as members of a class after its own literals: common ones, then the marks,
# blanks and dashes news text is full of.
_POOL = "aA0 \n\t.,-'\"/:;!?()[]<>|_#=+xZ9\r\xa0’‘“”«»—–…é\u2028"
_MEMBERS = 4  # characters kept per class
_PAIRED = 6  # characters of a repeat interleaved in pairs


@dataclass(frozen=True)
class Probe:
    """A text that pumps one repeat: `lead` gets the pattern to the repeat, `pump` is one pass
    of it; `restart` repeats the lead too, so that `search` has a new start at each pass."""

    lead: str
    pump: str
    restart: bool = False

    def text(self, size: int) -> str:
        unit = self.lead + self.pump if self.restart else self.pump
        passes = max(1, size // len(unit))
        body = unit * passes if self.restart else self.lead + unit * passes
        return body + _FAIL

    def __str__(self) -> str:
        if self.restart:
            return f"({self.lead!r} + {self.pump!r}) * N + {_FAIL!r}"
        return f"{self.lead!r} + {self.pump!r} * N + {_FAIL!r}"


@dataclass(frozen=True)
class _Pick:
    """Which sample of a pattern part to write: the `index`-th member of each class and the
    `index`-th branch, each repeat as few times as allowed or at least once."""

    index: int
    fewest: bool


class _Reader:
    """Reads one parsed pattern: the characters each class admits, samples of its parts."""

    def __init__(self, pattern: re.Pattern) -> None:
        self.pattern = pattern
        self.parsed = _parser.parse(pattern.pattern, pattern.flags)
        self.is_bytes = isinstance(pattern.pattern, bytes)
        self._members: dict[str, tuple[str, ...]] = {}

    def members(self, node: tuple) -> tuple[str, ...]:
        """A few characters one single-character node matches, its own literals first."""
        key = repr(node)
        if key not in self._members:
            op, av = node
            own = []
            if op == _parser.LITERAL:
                own = [chr(av)]
            elif op == _parser.IN:
                for item_op, item in av:
                    if item_op == _parser.LITERAL:
                        own.append(chr(item))
                    elif item_op == _parser.RANGE:
                        own += [chr(item[0]), chr(item[1])]
            # The node compiled on its own, with the pattern's flags (case, ASCII), decides.
            alone = _compiler.compile(
                _parser.SubPattern(self.parsed.state, [node]), self.pattern.flags
            )
            chars = [c for c in dict.fromkeys(own + list(_POOL)) if self._fits(c)]
            admitted = [c for c in chars if alone.fullmatch(self.encode(c))]
            self._members[key] = tuple(admitted[:_MEMBERS])
        return self._members[key]

    def _fits(self, c: str) -> bool:
        return not self.is_bytes or ord(c) < 256

    def encode(self, text: str) -> str | bytes:
        return text.encode("latin-1") if self.is_bytes else text

    def sample(self, items: Sequence[tuple], pick: _Pick) -> str:
        """A text the parts `items` match (lookarounds and anchors ignored)."""
        out = []
        for op, av in items:
            if op in _ONE_CHARACTER:
                chars = self.members((op, av))
                out.append(chars[pick.index % len(chars)] if chars else "")
            elif op in _REPEATS:
                low, high, body = av
                out.append(self.sample(body, pick) * min(high, low if pick.fewest else max(low, 1)))
            elif op == _parser.SUBPATTERN:
                out.append(self.sample(av[-1], pick))
            elif op == _parser.ATOMIC_GROUP:
                out.append(self.sample(av, pick))
            elif op == _parser.BRANCH:
                out.append(self.sample(av[1][pick.index % len(av[1])], pick))
            elif op == _parser.GROUPREF_EXISTS:
                out.append(self.sample(av[1], pick))
        return "".join(out)

    def repeated_characters(self, items: Sequence[tuple]) -> list[str]:
        """Every character sampled from the classes inside `items`, nested ones too."""
        chars: list[str] = []
        for op, av in items:
            if op in _ONE_CHARACTER:
                chars += self.members((op, av))
            else:
                for inner in _inner_parts(op, av):
                    chars += self.repeated_characters(inner)
        return list(dict.fromkeys(chars))

    def probes(self, items: Sequence[tuple], lead: str, pick: _Pick) -> Iterator[Probe]:
        """Probes for every repeat inside `items`, reached by `lead`."""
        for i, (op, av) in enumerate(items):
            before = lead + self.sample(items[:i], pick)
            if op in _REPEATS:
                body = av[2]
                pump = self.sample(body, pick)
                # One pass of the body; with the first members' lead, also runs of each character
                # it repeats and pairs of the first few (all pairs of a long alternation would
                # only slow the test down: the pass covers them).
                pumps = [pump]
                if pick.index == 0:
                    chars = self.repeated_characters(body)
                    pairs = itertools.combinations(chars[:_PAIRED], 2)
                    pumps += [*chars, *("".join(pair) for pair in pairs)]
                for p in filter(None, pumps):
                    yield Probe(before, p)
                    if before:
                        yield Probe(before, p, restart=True)
            for inner in _inner_parts(op, av):
                yield from self.probes(inner, before, pick)


def _inner_parts(op: object, av: object) -> list[Sequence[tuple]]:
    """The sub-sequences of one parsed node: a repeat's body, a group's, each branch."""
    if op in _REPEATS:
        return [av[2]]
    if op == _parser.SUBPATTERN:
        return [av[-1]]
    if op == _parser.ATOMIC_GROUP:
        return [av]
    if op in {_parser.ASSERT, _parser.ASSERT_NOT}:
        return [av[1]]
    if op == _parser.BRANCH:
        return list(av[1])
    if op == _parser.GROUPREF_EXISTS:
        return [part for part in av[1:] if part is not None]
    return []


def adversarial_probes(pattern: re.Pattern) -> list[Probe]:
    """The probes of every repeat of `pattern`, each sampled a few ways, without repeats."""
    reader = _Reader(pattern)
    picks = [_Pick(index, fewest) for index in range(3) for fewest in (True, False)]
    found = (p for pick in picks for p in reader.probes(reader.parsed.data, "", pick))
    return list(dict.fromkeys(found))


# --- timing -------------------------------------------------------------------------------------


class _Overrun(Exception):
    """Raised by SIGALRM in a call that ran past its limit (re checks for signals as it runs)."""


def _raise_overrun(signum: int, frame: object) -> None:
    raise _Overrun


def finishes_within(call: Callable[[], object], limit: float) -> bool:
    """Whether `call` returns within `limit` seconds; cut off there if not."""
    previous = signal.signal(signal.SIGALRM, _raise_overrun)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, limit)
            call()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Overrun:
        return False
    finally:
        signal.signal(signal.SIGALRM, previous)
    return True


def _calls(pattern: re.Pattern, text: str | bytes) -> dict[str, Callable[[], object]]:
    return {
        "search": lambda: pattern.search(text),
        "fullmatch": lambda: pattern.fullmatch(text),
        "finditer": lambda: deque(pattern.finditer(text), maxlen=0),
    }


def first_slow_call(
    pattern: re.Pattern, sizes: Sequence[int] = SIZES, limit: float = LIMIT
) -> str | None:
    """The first call on an adversarial text that took longer than `limit`, described; None
    when every call finished in time."""
    reader = _Reader(pattern)
    probes = adversarial_probes(pattern)
    for size in sizes:
        for probe in probes:
            text = reader.encode(probe.text(size))
            for method, call in _calls(pattern, text).items():
                if not finishes_within(call, limit):
                    return f"{method} took over {limit}s on {probe} ({len(text)} characters)"
    return None


# --- the tests -----------------------------------------------------------------------------------

PATTERNS, UNRESOLVED = project_patterns()


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_runs_in_linear_time(name: str) -> None:
    pattern = PATTERNS[name]
    slow = first_slow_call(pattern)
    assert slow is None, f"{name} {pattern.pattern!r} backtracks: {slow}"


def test_every_inline_pattern_can_be_read() -> None:
    # A pattern built from local variables could not be checked above: keep them literal.
    assert UNRESOLVED == []


def test_the_patterns_are_found() -> None:
    """Module-level and inline patterns, also one built with a join, and bytes ones."""
    assert "extract.dateline._DATELINE" in PATTERNS
    inline = {name.split(":")[0] for name in PATTERNS if ":" in name}
    assert {"service/newsroom.py", "bot/settings.py", "scripts/eval.py"} <= inline
    assert any("monday|tuesday" in str(p.pattern) for p in PATTERNS.values())
    assert any(isinstance(p.pattern, bytes) for p in PATTERNS.values())


def test_class_attribute_patterns_are_found() -> None:
    module = ModuleType("sample")

    class Holder:
        WORD = re.compile(r"\w+")
        PAIR = (re.compile("a"), re.compile("b"))

    Holder.__module__ = "sample"
    module.Holder = Holder
    assert set(attribute_patterns(module)) == {
        "sample.Holder.WORD",
        "sample.Holder.PAIR[0]",
        "sample.Holder.PAIR[1]",
    }


@pytest.mark.parametrize(
    "pattern",
    [
        # The dateline's old state clause: "A." splits two ways per ", A." (exponential).
        r"^[A-Z]+(?:,[ \t]*[A-Z][A-Za-z.]*\.?)*[ \t]+-",
        # Two overlapping runs of blanks (quadratic at one start).
        r"\s+[|–—-]\s+[^|–—-]+$",
        # A run that search re-enters at each position (quadratic over the starts).
        r"[^\W\d_]+-$",
    ],
)
def test_a_backtracking_pattern_is_caught(pattern: str) -> None:
    assert first_slow_call(re.compile(pattern)) is not None


def test_a_linear_pattern_passes() -> None:
    assert first_slow_call(re.compile(r"(?<![^\W\d_])[^\W\d_]++-$")) is None
