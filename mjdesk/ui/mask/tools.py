"""The painter's tools and the brush-size steps of ``[`` and ``]``."""

from __future__ import annotations

from enum import StrEnum

MIN_BRUSH = 1
MAX_BRUSH = 1000


class Tool(StrEnum):
    BRUSH = "brush"
    ERASER = "eraser"
    RECTANGLE = "rectangle"
    LASSO = "lasso"

    @property
    def strokes(self) -> bool:
        return self in (Tool.BRUSH, Tool.ERASER)


def max_brush(width: int, height: int) -> int:
    """Half the longer side: enough to wipe a large area in one pass, still a useful slider range."""
    return max(16, min(MAX_BRUSH, max(width, height) // 2))


def default_brush(width: int, height: int) -> int:
    """A twentieth of the shorter side: a hand or a face on a portrait, whatever the resolution."""
    return max(MIN_BRUSH, min(width, height) // 20)


def step_brush(size: int, bigger: bool, limit: int) -> int:
    """``]`` / ``[``: about 15 % per press, so small and large brushes both change at a usable pace,
    and always at least one pixel so the smallest sizes still move."""
    if bigger:
        return min(limit, max(size + 1, round(size * 1.15)))
    return max(MIN_BRUSH, min(size - 1, round(size / 1.15)))
