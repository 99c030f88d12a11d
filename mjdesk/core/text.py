"""Small text helpers shared by the core and the window (no Qt, no third-party imports)."""

from __future__ import annotations

import re

# What a terminal acts on instead of showing: C0 controls (ESC starts colour, title-setting OSC
# and screen-clearing sequences; CR overwrites the line; NUL), DEL, C1 controls (0x9b is a
# one-byte CSI), the bidi embedding/override/isolate marks and LRM/RLM/ALM (they reorder what
# follows, so "exe.txt" can read as "txt.exe"), the Unicode line/paragraph separators, and lone
# surrogates (not encodable: printing one to a UTF-8 terminal raises).
CONTROL_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, the last one an ellipsis when it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shorten_words(text: str, limit: int = 40) -> str:
    """``text`` with every word longer than ``limit`` characters shortened in its middle
    ("http://host/uploads/0fea…9217.png"): a label can wrap only between words, and a long link
    in a prompt was cut off at the panel's edge. The whitespace between words is kept."""
    if limit < 5:
        raise ValueError("limit must be at least 5")
    head = (limit - 1) * 2 // 3
    tail = limit - 1 - head
    return re.sub(rf"\S{{{limit + 1},}}", lambda m: m.group()[:head] + "…" + m.group()[-tail:], text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    """``text`` safe to write to a terminal: every control character above becomes a visible
    escape (``\\x1b``, ``\\u202e``), so nothing is lost and nothing is acted on. Newlines too: a
    caller that wants several lines splits first and makes each line printable."""
    return CONTROL_CHARS.sub(_escaped, str(text))


def json_safe(json_text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the controls json.dumps leaves
    raw (C1, DEL, bidi marks, separators, lone surrogates) written as ``\\uXXXX`` escapes. Valid
    because outside strings JSON text has none of these characters; a parser reads the same value."""
    return CONTROL_CHARS.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def plural(n: int, one: str, other: str) -> str:
    """The template for ``n``: ``one`` when n is 1, else ``other`` (English's two forms).

    Both are marked and translated on their own (``self.tr("{count} job")``,
    ``self.tr("{count} jobs")``); languages without plurals translate both alike. This keeps the
    one .ts file and its AST scan instead of Qt's numerus forms, which would need an English
    translation file just for "1 job". Format the result after choosing.
    """
    return one if n == 1 else other


def human_size(n: int) -> str:
    """A file size the way file managers say it: "12.4 MB", "310 KB" (units read alike in both
    languages the app ships); a no-break space keeps the number with its unit when text wraps."""
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f}\u00a0MB"
    return f"{max(1, round(n / 1024)) if n else 0}\u00a0KB"
