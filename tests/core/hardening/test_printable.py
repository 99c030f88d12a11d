"""printable()/json_safe(): what the CLI prints from a server can never drive the terminal."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from mjdesk.core.text import json_safe, printable

BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}

# Every code point, weighted towards the dangerous ones (C0, DEL, C1, bidi, surrogates).
dangerous = st.sampled_from(
    [chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0), *BIDI, 0x2028, 0x2029, 0xD800, 0xDBFF, 0xDC00, 0xDFFF]]
)
text = st.lists(st.one_of(dangerous, st.characters(codec=None)), max_size=60).map("".join)


def _terminal_unsafe(ch: str) -> bool:
    code = ord(ch)
    return unicodedata.category(ch) in ("Cc", "Cs") or code in BIDI or code in (0x2028, 0x2029)


@given(text)
def test_printable_output_has_no_control_bidi_or_surrogate(value: str) -> None:
    shown = printable(value)
    assert not any(_terminal_unsafe(ch) for ch in shown), repr(shown)
    shown.encode("utf-8")  # never raises: a terminal (or a pipe) can take it


@given(text)
def test_printable_keeps_safe_text_and_escapes_the_rest_visibly(value: str) -> None:
    # Character by character: a safe one unchanged, an unsafe one as a \xNN / \uNNNN escape.
    expected = "".join(
        ch if not _terminal_unsafe(ch) else (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        for ch in value
    )
    assert printable(value) == expected


@given(
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), text),
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)),
        max_leaves=12,
    )
)
def test_json_safe_is_the_same_json_without_unsafe_characters(obj: object) -> None:
    line = json_safe(json.dumps(obj, ensure_ascii=False))
    assert not any(_terminal_unsafe(ch) for ch in line), repr(line)
    # Two adjacent surrogate halves are one character once escaped, as JSON defines (compare that way).
    assert json.loads(line) == json.loads(json.dumps(obj))


def test_escapes_are_readable() -> None:
    assert printable("\x1b]0;pwned\x07red\u202eevil\r\n") == "\\x1b]0;pwned\\x07red\\u202eevil\\x0d\\x0a"
    assert printable("a 猫 ✓") == "a 猫 ✓"
