"""The diff the compare window shows: changed words and a parameter table (issue 15)."""

from __future__ import annotations

from mjdesk.core.prompt_diff import Change, changed_words, param_rows, word_diff


def test_changed_words_name_what_was_added_and_dropped() -> None:
    base = "a red fox in the snow at dawn --ar 3:2 --s 100"
    other = "a silver fox in deep snow at dusk --ar 3:2 --s 250"
    added, removed = changed_words(base, other)
    assert added == ["silver", "deep", "dusk"]
    assert removed == ["red", "the", "dawn"]
    runs = word_diff(base, other)
    assert " ".join(r.text for r in runs if r.change is not Change.REMOVED) == "a silver fox in deep snow at dusk"
    assert " ".join(r.text for r in runs if r.change is not Change.ADDED) == "a red fox in the snow at dawn"


def test_identical_prompts_have_one_common_run_and_parameters_never_count_as_words() -> None:
    assert word_diff("a fox --v 7", "a fox --v 6.1") == [word_diff("a fox", "a fox")[0]]
    assert changed_words("a fox --v 7", "a fox --v 6.1") == ([], [])


def test_param_table_marks_differing_rows_first_and_reads_aliases_as_one() -> None:
    rows = param_rows(
        [
            "a fox --ar 3:2 --s 100 --v 7",
            "a fox --ar 3:2 --stylize 250 --v 7 --tile",
            "a fox --aspect 3:2 --s 100 --no trees --no cars",
        ]
    )
    by_name = {r.name: r for r in rows}
    assert by_name["stylize"].values == ("100", "250", "100") and by_name["stylize"].differs
    assert by_name["ar"].values == ("3:2", "3:2", "3:2") and not by_name["ar"].differs
    assert by_name["tile"].values == (None, "", None)  # a flag: set in one, absent in the others
    assert by_name["no"].values == (None, None, "trees cars")
    assert by_name["v"].values == ("7", "7", None)
    differing = [r.name for r in rows if r.differs]
    assert differing == ["stylize", "v", "tile", "no"] and rows[: len(differing)] == [by_name[n] for n in differing]
    assert param_rows(["a fox", "a fox"]) == []
