"""Variation matrices: one prompt written with choices, expanded here into the jobs it stands for.

Midjourney's permutation syntax, expanded on the client so it works behind every gateway:

* ``a {red, blue} door`` -> ``a red door``, ``a blue door``; choices may nest
  (``a {red {wooden, iron}, blue} door``) and sit in parameters (``--s {50, 250, 750}``,
  ``--sref {123, 456}``).
* ``\\{``, ``\\}`` and ``\\,`` stand for the characters themselves.
* ``--repeat N`` (``--r N``) sends each expanded prompt N times and is taken out of the text.

Each job remembers which choice it took in each top-level group, so results can be laid out as a
labelled grid (rows and columns of the first two groups). Nothing is sent past ``MAX_JOBS``: the
whole matrix is refused with a message that says how many it would have been.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from mjdesk.core.i18n import QT_TRANSLATE_NOOP

MAX_JOBS = 100
_REPEAT_RE = re.compile(r"(?:(?<=\s)|^)(?:--|—)(?:repeat|r)\s+(\S+)")
_ESCAPED = {"{": "\x00", "}": "\x01", ",": "\x02"}


class MatrixError(ValueError):
    """A matrix that cannot be expanded; ``template`` is translatable, ``args`` fill it."""

    def __init__(self, template: str, **args: object) -> None:
        super().__init__(template.format(**args))
        self.template = template
        self.params = args


@dataclass(frozen=True)
class Variable:
    """One top-level ``{...}`` group: where it stands (the words before it) and its choices."""

    label: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class Expansion:
    prompt: str
    picks: tuple[int, ...] = ()  # the choice taken in each top-level group, by index
    repeat: int = 1  # which copy of a --repeat this is (1-based)


@dataclass(frozen=True)
class Matrix:
    jobs: list[Expansion]
    variables: list[Variable] = field(default_factory=list)

    @property
    def is_matrix(self) -> bool:
        return len(self.jobs) > 1


# -- parsing -----------------------------------------------------------------------------------

_Node = str | list["_Alt"]  # text, or a group of alternatives
_Alt = list[_Node]  # one alternative: a sequence of nodes


def _protect(text: str) -> str:
    for char, mark in _ESCAPED.items():
        text = text.replace("\\" + char, mark)
    return text


def _restore(text: str) -> str:
    for char, mark in _ESCAPED.items():
        text = text.replace(mark, char)
    return text


def _parse(text: str) -> list[_Node]:
    """Nodes of ``text`` (escapes already protected); raises MatrixError on unbalanced braces."""
    stack: list[tuple[list[_Node], list[_Alt]]] = []
    current: list[_Node] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            current.append("".join(buf))
            buf.clear()

    for char in text:
        if char == "{":
            flush()
            stack.append((current, []))
            current = []
        elif char == "," and stack:
            flush()
            stack[-1][1].append(current)
            current = []
        elif char == "}":
            if not stack:
                raise MatrixError(
                    QT_TRANSLATE_NOOP("Matrix", "A “}}” closes no “{{”: write \\}} for the character itself.")
                )
            flush()
            outer, alternatives = stack.pop()
            alternatives.append(current)
            outer.append(alternatives)
            current = outer
        else:
            buf.append(char)
    if stack:
        raise MatrixError(
            QT_TRANSLATE_NOOP("Matrix", "A “{{” is never closed: add “}}”, or write \\{{ for the character.")
        )
    flush()
    return current


def _count(nodes: list[_Node]) -> int:
    total = 1
    for node in nodes:
        if isinstance(node, list):
            total *= sum(_count(alt) for alt in node)
    return total


def _expand(nodes: list[_Node]) -> list[str]:
    results = [""]
    for node in nodes:
        if isinstance(node, str):
            results = [r + node for r in results]
        else:
            options = [text for alt in node for text in _expand(alt)]
            results = [r + o for r in results for o in options]
    return results


def _tidy(text: str) -> str:
    # A choice that was left empty ("{red, }") must not leave doubled spaces behind.
    return " ".join(_restore(text).split())


def expand(prompt: str, *, limit: int = MAX_JOBS) -> Matrix:
    """The jobs ``prompt`` stands for. A prompt without braces or --repeat is one job, unchanged."""
    protected = _protect(prompt)
    repeat = 1
    if m := _REPEAT_RE.search(protected):
        value = m.group(1)
        if not value.isdigit() or not 1 <= int(value) <= 40:
            raise MatrixError(
                QT_TRANSLATE_NOOP("Matrix", "--repeat takes a whole number from 1 to 40, not “{value}”."), value=value
            )
        repeat = int(value)
        protected = protected[: m.start()] + protected[m.end() :]
    nodes = _parse(protected)
    groups = [node for node in nodes if isinstance(node, list)]
    total = _count(nodes) * repeat
    if total > limit:
        raise MatrixError(
            QT_TRANSLATE_NOOP("Matrix", "This matrix makes {count} jobs; at most {limit} are sent at once."),
            count=total,
            limit=limit,
        )
    if not groups and repeat == 1:
        return Matrix(jobs=[Expansion(_restore(protected))])  # as written, escapes resolved
    variables = _variables(nodes)
    per_group = [[text for alt in group for text in _expand(alt)] for group in groups]
    jobs: list[Expansion] = []
    for picks in itertools.product(*(range(len(options)) for options in per_group)):
        chosen = iter(per_group[i][p] for i, p in enumerate(picks))
        text = "".join(node if isinstance(node, str) else next(chosen) for node in nodes)
        for copy in range(1, repeat + 1):
            jobs.append(Expansion(_tidy(text), tuple(picks), copy))
    return Matrix(jobs=jobs, variables=variables)


def _variables(nodes: list[_Node]) -> list[Variable]:
    """Each top-level group with a label: the parameter it belongs to (``--s``), else the words
    around it (``a … door``), else its position."""
    found: list[Variable] = []
    for i, node in enumerate(nodes):
        if isinstance(node, str):
            continue
        prev = nodes[i - 1] if i > 0 else ""
        nxt = nodes[i + 1] if i + 1 < len(nodes) else ""
        before = _restore(prev).split() if isinstance(prev, str) else []
        after = _restore(nxt).split() if isinstance(nxt, str) else []
        label = next((w for w in reversed(before[-2:]) if w.startswith(("--", "—"))), None)
        if label is None:
            following = [w for w in after[:1] if not w.startswith(("--", "—"))]
            around = " ".join([*before[-1:], "…", *following])
            label = around if around != "…" else f"#{len(found) + 1}"
        choices = tuple(_tidy(text) or "∅" for alt in node for text in _expand(alt))
        found.append(Variable(label=label, choices=choices))
    return found
