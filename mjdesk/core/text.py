"""Small text helpers shared by the core and the window (no Qt, no third-party imports)."""

from __future__ import annotations


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, the last one an ellipsis when it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plural(n: int, one: str, other: str) -> str:
    """The template for ``n``: ``one`` when n is 1, else ``other`` (English's two forms).

    Both are marked and translated on their own (``self.tr("{count} job")``,
    ``self.tr("{count} jobs")``); languages without plurals translate both alike. This keeps the
    one .ts file and its AST scan instead of Qt's numerus forms, which would need an English
    translation file just for "1 job". Format the result after choosing.
    """
    return one if n == 1 else other
