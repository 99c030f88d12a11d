"""The gallery's justified layout: rows of aspect-true tiles that fill the width, a day per group.

Tiles keep their image's proportions (a 16:9 grid is wide, a 2:3 portrait narrow) at one height
per row, and each full row is scaled to end exactly at the right edge, as in Midjourney's own
gallery and in photo libraries. A new day starts a new row whose tiles are taller by a band where
the day's name is painted. Pure arithmetic on aspect ratios, O(rows): 10,000 jobs lay out in a few
milliseconds, so it runs again on every resize and every page the model reads.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mjdesk.core.library import JobRecord

MIN_ASPECT, MAX_ASPECT = 0.4, 2.6  # a 1:4 or 4:1 result would make a sliver or a whole row
_AR = re.compile(r"--(?:ar|aspect)\s+(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class Cell:
    """One tile: its outer size (image, caption, margins, on a day's first row the band) and its
    image's size. The last tile of a row that is not full (a day's last) reaches to the right
    edge, so the list view starts the next day on a new row."""

    width: int
    height: int
    image_width: int
    image_height: int
    band: int  # the height of the band above the image (0 but on a day's first row)
    first_of_day: bool  # the tile that paints the day's name in the band


def aspect_of(job: JobRecord) -> float:
    """Width / height of the job's picture: its image's size once known, else the prompt's
    ``--ar`` (a running job's tile already has its final shape), else square."""
    cover = job.cover
    if cover is not None and cover.width and cover.height:
        ratio = cover.width / cover.height
    else:
        found = _AR.search(job.prompt or "")
        ratio = float(found.group(1)) / float(found.group(2)) if found and float(found.group(2)) else 1.0
    return min(MAX_ASPECT, max(MIN_ASPECT, ratio))


def day_of(job: JobRecord) -> int:
    """The local calendar day the job was made (a day number: equal for the same day)."""
    when = time.localtime((job.created_at or 0) / 1000)
    return when.tm_year * 1000 + when.tm_yday


def justify(
    aspects: Sequence[float],
    days: Sequence[int],
    width: int,
    target: int,
    *,
    margin: int,
    caption: int,
    band: int,
    day_before: int | None = None,
    row_starts: list[int] | None = None,
) -> list[Cell]:
    """Cells for tiles of ``aspects`` (in order) in rows ``width`` wide, images about ``target``
    high. A row closes when it is full; it is then scaled to fill ``width`` exactly (the last
    row of a day keeps the target height instead of blowing up a lone tile).

    ``day_before``: the day of the tile before the first one here (laying out only the rows after
    those already placed); ``row_starts`` collects the index each row starts at."""
    cells: list[Cell] = []
    width = max(1, width)
    start = 0
    n = len(aspects)
    while start < n:
        day = days[start]
        end, natural = start, 0.0  # the row's image width at the target height, margins apart
        while end < n and days[end] == day:
            natural_next = natural + aspects[end] * target
            if end > start and natural_next > width - 2 * margin * (end - start + 1):
                # Full: keep the tile if shrinking the row for it changes the height less (as a
                # ratio) than growing the row without it.
                grow = (width - 2 * margin * (end - start)) / natural
                shrink = (width - 2 * margin * (end - start + 1)) / natural_next
                if shrink <= 0 or 1 / shrink > grow:
                    break
                natural = natural_next
                end += 1
                break
            natural = natural_next
            end += 1
        count = end - start
        room = width - 2 * margin * count
        full = (end < n and days[end] == day) or natural >= room
        height = max(1, round(target * room / natural)) if full and natural > 0 else target
        if row_starts is not None:
            row_starts.append(start)
        first_row = (day_before != day) if start == 0 else days[start - 1] != day
        extra = band if first_row else 0
        used = 0
        for i in range(start, end):
            image_width = max(1, round(aspects[i] * height))
            if full and i == end - 1:
                image_width = max(1, room - used)  # the rounding's remainder: exact right edge
            outer = image_width + 2 * margin
            if not full and i == end - 1 and end < n:
                outer = max(outer, width - (used + 2 * margin * (count - 1)))  # push the next day down
            used += image_width
            cells.append(
                Cell(outer, height + caption + 2 * margin + extra, image_width, height, extra, i == start and first_row)
            )
        start = end
    return cells
