"""Variation matrices: permutations, nesting, escapes, parameter sweeps, --repeat, the cap."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mjdesk.core.matrix import MAX_JOBS, MatrixError, expand


def prompts(text: str) -> list[str]:
    return [j.prompt for j in expand(text).jobs]


def test_choices_multiply_and_keep_their_order() -> None:
    assert prompts("a {red, blue} door --s {50, 250}") == [
        "a red door --s 50",
        "a red door --s 250",
        "a blue door --s 50",
        "a blue door --s 250",
    ]
    matrix = expand("a {red, blue} door --s {50, 250}")
    assert [(v.label, v.choices) for v in matrix.variables] == [("a … door", ("red", "blue")), ("--s", ("50", "250"))]
    assert [j.picks for j in matrix.jobs] == [(0, 0), (0, 1), (1, 0), (1, 1)]


def test_nesting_escapes_and_empty_choices() -> None:
    assert prompts("a {red {wooden, iron}, blue} door") == ["a red wooden door", "a red iron door", "a blue door"]
    assert prompts(r"a \{literal\} door, as is") == ["a {literal} door, as is"]
    assert prompts(r"{cats\, dogs, birds}") == ["cats, dogs", "birds"]
    assert prompts("a {big, } house") == ["a big house", "a house"]  # no doubled space
    assert prompts("several --sref {111, 222}") == ["several --sref 111", "several --sref 222"]


def test_repeat_sends_copies_and_leaves_the_text() -> None:
    matrix = expand("a fox --repeat 3")
    assert prompts("a fox --repeat 3") == ["a fox"] * 3
    assert [j.repeat for j in matrix.jobs] == [1, 2, 3]
    assert len(expand("{a, b} --r 2").jobs) == 4


def test_a_plain_prompt_is_one_job_exactly_as_written() -> None:
    text = "  a quiet harbour,  dawn --ar 3:2 "
    assert prompts(text) == [text] and not expand(text).is_matrix


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("a {b, c", "never closed"),
        ("a } b", "closes no"),
        ("{a,b,c,d,e} {a,b,c,d,e} {a,b,c,d,e}", "makes 125 jobs; at most 100"),
        ("x --repeat 0", "from 1 to 40"),
        ("x --repeat lots", "from 1 to 40"),
        ("{a,b} --repeat 40 {c,d}", "makes 160 jobs"),
    ],
)
def test_refusals_say_why(text: str, fragment: str) -> None:
    with pytest.raises(MatrixError, match=fragment):
        expand(text)


words = st.text(alphabet="abcdefgh ", min_size=1, max_size=6).filter(lambda w: w.strip())
groups = st.lists(st.lists(words, min_size=1, max_size=4), min_size=0, max_size=3)


@given(st.lists(words, min_size=1, max_size=4), groups)
def test_the_count_is_the_product_of_the_choices(texts: list[str], options: list[list[str]]) -> None:
    parts = [texts[0]]
    for i, opts in enumerate(options):
        parts.append("{" + ", ".join(opts) + "}")
        parts.append(texts[(i + 1) % len(texts)])
    text = " ".join(parts)
    matrix = expand(text, limit=10_000)
    assert len(matrix.jobs) == math.prod(len(o) for o in options)
    assert all("{" not in j.prompt and "}" not in j.prompt for j in matrix.jobs)
    assert [len(v.choices) for v in matrix.variables] == [len(o) for o in options]


@given(st.text(max_size=40))
def test_any_text_expands_or_is_refused_cleanly(text: str) -> None:
    try:
        matrix = expand(text)
    except MatrixError as exc:
        assert str(exc)
        return
    assert 1 <= len(matrix.jobs) <= MAX_JOBS
