from __future__ import annotations

from collections.abc import Iterator

import pytest

from mjdesk.core.library import JobQuery, Library, schema
from mjdesk.core.paths import AppPaths

PROMPTS = {
    "cat": "a fluffy cat sleeping on a windowsill, golden hour --ar 3:2",
    "dog": "portrait of a dog astronaut, 50% grey background --v 7",
    "moon": "一只猫在月光下的屋顶上，水墨画风格",
    "city": "赛博朋克城市夜景 neon rain",
    "mixed": "AI art 山水 landscape",
}


def _fill(lib: Library) -> dict[str, int]:
    return {key: lib.add_job(profile="p", action="IMAGINE", prompt=text).id for key, text in PROMPTS.items()}


@pytest.fixture(params=["trigram", "unicode61"])
def any_lib(request: pytest.FixtureRequest, paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> Iterator[Library]:
    # unicode61 is what an old SQLite (< 3.34, no trigram) gets; search must still work there.
    monkeypatch.setattr(schema, "fts_tokenizer", lambda conn: request.param)
    library = Library.open(paths)
    yield library
    library.close()


def _found(lib: Library, text: str, ids: dict[str, int]) -> set[str]:
    by_id = {v: k for k, v in ids.items()}
    return {by_id[j.id] for j in lib.search(text)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cat", {"cat"}),
        ("FLUFFY Cat", {"cat"}),
        ("astronaut dog", {"dog"}),
        ("月光", {"moon"}),  # two characters: below one trigram
        ("猫", {"moon"}),
        ("水墨画风格", {"moon"}),
        ("城市 neon", {"city"}),
        ("AI art", {"mixed"}),  # every term must match
        ("山水", {"mixed"}),
        ("50%", {"dog"}),  # LIKE wildcards are literal
        ("giraffe", set()),
    ],
)
def test_search_in_english_and_chinese(any_lib: Library, query: str, expected: set[str]) -> None:
    ids = _fill(any_lib)
    assert _found(any_lib, query, ids) == expected


def test_trigram_is_used_where_sqlite_has_it(lib: Library) -> None:
    assert lib._tokenizer == schema.fts_tokenizer(lib._db())


def test_search_sees_final_prompts_and_forgets_deleted_jobs(lib: Library) -> None:
    ids = _fill(lib)
    lib.mark_submitted(ids["cat"], "1", {"code": 1})
    lib.update_from_task(ids["cat"], "SUCCESS", final_prompt="a fluffy cat --ar 3:2 --v 7 --stylize 250")
    assert [j.id for j in lib.search("stylize")] == [ids["cat"]]
    lib.delete_jobs([ids["cat"]])
    assert lib.search("stylize") == [] and lib.search("fluffy") == []


def test_search_combines_with_filters_and_counts(lib: Library) -> None:
    ids = _fill(lib)
    lib.set_favourite(ids["moon"], True)
    assert [j.id for j in lib.recent_jobs(query=JobQuery(search="猫", favourite=True))] == [ids["moon"]]
    assert lib.recent_jobs(query=JobQuery(search="cat", favourite=True)) == []
    assert lib.count_jobs(query=JobQuery(search="a")) == 4  # every prompt with an "a" but the moon one
    assert lib.search("   ") == lib.recent_jobs()
