"""shorten_words (mjdesk/core/text.py): a long link in a prompt is shortened in its middle so a
label can wrap between words instead of being cut off at the panel's edge."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mjdesk.core.text import shorten_words


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300), st.integers(5, 80))
def test_no_word_is_left_longer_than_the_limit(text: str, limit: int) -> None:
    out = shorten_words(text, limit)
    assert all(len(word) <= limit for word in out.split())
    # Short words and the whitespace between words stay exactly as they were.
    assert len(out.split()) == len(text.split())
    for before, after in zip(text.split(), out.split(), strict=True):
        assert after == before if len(before) <= limit else (after[0] == before[0] and after[-1] == before[-1])


def test_a_link_keeps_its_start_and_its_file_name() -> None:
    link = "http://127.0.0.1:44163/uploads/0fea745fd2a24636a1e9d722329217a.png"
    assert shorten_words(f"{link} slow push-in --motion low") == (
        "http://127.0.0.1:44163/upl…22329217a.png slow push-in --motion low"
    )
