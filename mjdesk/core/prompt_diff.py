"""What differs between the prompts of a few jobs: their words (``difflib`` over the text before
the parameters) and their parameters (a table: parameter × prompt). The compare window shows both;
no Qt here, so the CLI or a test can ask the same question."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from .prompt import parse


class Change(StrEnum):
    SAME = "same"
    ADDED = "added"  # in the other prompt, not in the base
    REMOVED = "removed"  # in the base, not in the other prompt


@dataclass(frozen=True)
class WordRun:
    """A run of words that one prompt has in common with the base, or adds, or lacks."""

    change: Change
    text: str


def words(text: str) -> list[str]:
    """The words of a prompt before its first parameter (image URLs included: they are part of it)."""
    return parse(text).body.split()


def word_diff(base: str, other: str) -> list[WordRun]:
    """``other``'s words against ``base``'s, in reading order: common runs, runs ``other`` adds,
    runs it lacks (placed where ``base`` had them)."""
    a, b = words(base), words(other)
    runs: list[WordRun] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(WordRun(Change.SAME, " ".join(a[i1:i2])))
            continue
        if tag in ("replace", "delete"):
            runs.append(WordRun(Change.REMOVED, " ".join(a[i1:i2])))
        if tag in ("replace", "insert"):
            runs.append(WordRun(Change.ADDED, " ".join(b[j1:j2])))
    return runs


def changed_words(base: str, other: str) -> tuple[list[str], list[str]]:
    """The words ``other`` adds to ``base`` and the ones it drops."""
    runs = word_diff(base, other)
    added = [w for r in runs if r.change is Change.ADDED for w in r.text.split()]
    removed = [w for r in runs if r.change is Change.REMOVED for w in r.text.split()]
    return added, removed


@dataclass(frozen=True)
class ParamRow:
    """One parameter across the prompts: its value in each (``None``: not given; ``""``: a flag
    that is set, like ``--tile``)."""

    name: str  # canonical, as in ``prompt.canonical`` ("stylize" for --s)
    values: tuple[str | None, ...]

    @property
    def differs(self) -> bool:
        return len(set(self.values)) > 1


def param_rows(prompts: Sequence[str]) -> list[ParamRow]:
    """Every parameter any of the prompts gives, the differing ones first, each group in the order
    the parameters first appear. ``--s 100`` and ``--stylize 100`` are the same; a parameter given
    twice (``--no a --no b``) is read as its values together."""
    tables: list[dict[str, str]] = []
    order: dict[str, None] = {}
    for text in prompts:
        found: dict[str, str] = {}
        for param in parse(text).params:
            value = " ".join(param.value.split())
            found[param.name] = f"{found[param.name]} {value}".strip() if param.name in found else value
            order.setdefault(param.name)
        tables.append(found)
    rows = [ParamRow(name, tuple(t.get(name) for t in tables)) for name in order]
    return [r for r in rows if r.differs] + [r for r in rows if not r.differs]
