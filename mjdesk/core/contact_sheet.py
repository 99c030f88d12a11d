"""A contact sheet's plan, without Qt: which grid a page holds, which paper a locale prints on, how
the jobs split into pages and what text goes under each image.

The window draws it (``mjdesk/ui/contact_sheet.py``, Qt's PDF writer). The CLI has no contact-sheet
command: drawing text in any script into a PDF with embedded fonts is what Qt does for the window,
and the CLI stays Qt-free (``tests/core/test_layering.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from . import prompt as P

T = TypeVar("T")

# Images per page and the grid that holds them (columns, rows), portrait.
GRIDS: dict[int, tuple[int, int]] = {4: (2, 2), 6: (2, 3), 9: (3, 3), 12: (3, 4)}
DEFAULT_PER_PAGE = 6
PAPERS = ("A4", "Letter")

# Where Letter is the usual paper (the Americas that never took up A4, and the Philippines);
# everywhere else prints on A4.
_LETTER_TERRITORIES = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR", "PA", "DO", "SV", "NI", "HN", "BZ"}
)


def default_paper(locale_name: str) -> str:
    """ "Letter" for a locale of a Letter country ("en_US", "es-MX"), else "A4"."""
    territory = locale_name.replace("-", "_").split(".")[0].split("_")[1:2]
    return "Letter" if territory and territory[0].upper() in _LETTER_TERRITORIES else "A4"


def grid_of(per_page: int) -> tuple[int, int]:
    """(columns, rows) for ``per_page`` images; a count not offered gets the next larger grid."""
    for count in sorted(GRIDS):
        if per_page <= count:
            return GRIDS[count]
    return GRIDS[max(GRIDS)]


def paginate(items: Sequence[T], per_page: int) -> list[list[T]]:
    """``items`` in pages of ``per_page`` (at least one page, empty when there is nothing)."""
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    pages = [list(items[i : i + per_page]) for i in range(0, len(items), per_page)]
    return pages or [[]]


@dataclass(frozen=True)
class CellText:
    """What is printed under one image: the prompt's words and its parameters apart."""

    prompt: str
    parameters: str


def cell_text(prompt: str) -> CellText:
    """The prompt split into its description (image prompt links left out: they mean nothing on
    paper) and its parameters as written (``--ar 3:2 --v 7``)."""
    parsed = P.parse(prompt)
    parameters = " ".join(f"{p.flag} {p.value}".strip() for p in parsed.params)
    return CellText(" ".join(parsed.description.split()), parameters)


def page_label(page: int, pages: int) -> str:
    """The page number as printed at the foot of each page: "1 / 3"."""
    return f"{page} / {pages}"
