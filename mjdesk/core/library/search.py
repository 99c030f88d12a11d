"""Prompt search: turning what the user typed into SQL over ``jobs_fts`` and ``jobs``.

Every whitespace-separated term must occur (AND), as a case-insensitive substring of the prompt or
the final prompt. With the trigram tokenizer terms of three or more characters use the index; shorter
ones (``猫``, ``AI``) cannot be expressed as trigrams and use LIKE over the FTS table's compact copy
of the prompts. With unicode61, which cannot split Chinese text into words, CJK terms use LIKE and
the rest a word-prefix match.
"""

from __future__ import annotations

from typing import Any

_CJK_RANGES = (
    (0x2E80, 0x9FFF),  # radicals, kana, CJK symbols and unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFF00, 0xFFEF),  # full-width forms
    (0x20000, 0x3134F),  # extension B onwards
)


def _has_cjk(text: str) -> bool:
    return any(lo <= ord(ch) <= hi for ch in text for lo, hi in _CJK_RANGES)


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_condition(text: str, tokenizer: str, alias: str = "j") -> tuple[str, list[Any]]:
    """A WHERE fragment (and its parameters) matching jobs whose prompts contain every term.

    Returns ``("1", [])`` for blank text.
    """
    terms = text.split()
    if not terms:
        return "1", []
    fts_terms: list[str] = []
    like_terms: list[str] = []
    for term in terms:
        if tokenizer == "trigram":
            (fts_terms if len(term) >= 3 else like_terms).append(term)
        else:
            (like_terms if _has_cjk(term) else fts_terms).append(term)
    clauses: list[str] = []
    params: list[Any] = []
    if fts_terms:
        suffix = "" if tokenizer == "trigram" else "*"
        clauses.append(f"{alias}.id IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ?)")
        params.append(" AND ".join(_fts_phrase(t) + suffix for t in fts_terms))
    for term in like_terms:
        clauses.append(
            f"{alias}.id IN (SELECT rowid FROM jobs_fts "
            "WHERE prompt LIKE ? ESCAPE '\\' OR final_prompt LIKE ? ESCAPE '\\')"
        )
        pattern = _like_pattern(term)
        params.extend((pattern, pattern))
    return " AND ".join(clauses), params
