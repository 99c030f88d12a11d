"""The justified layout's arithmetic (justify.py), property-tested: every full row ends exactly at
the right edge, a row's images share one height and keep their proportions, a day never shares a
row with another, and only a day's first row carries the band with its name."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mjdesk.ui.gallery.justify import MAX_ASPECT, MIN_ASPECT, justify

MARGIN, CAPTION, BAND = 6, 22, 30


def rows_of(cells, width):
    rows, x = [[]], 0
    for i, cell in enumerate(cells):
        if rows[-1] and x + cell.width > width:
            rows.append([])
            x = 0
        rows[-1].append(i)
        x += cell.width
    return rows


@settings(max_examples=300, deadline=None)
@given(
    aspects=st.lists(st.floats(MIN_ASPECT, MAX_ASPECT), min_size=1, max_size=80),
    day_breaks=st.lists(st.booleans(), min_size=80, max_size=80),
    width=st.integers(300, 2600),
    target=st.integers(112, 360),
)
def test_rows_fill_the_width_and_keep_proportions(aspects, day_breaks, width, target) -> None:
    days, day = [], 0
    for i in range(len(aspects)):
        day += day_breaks[i] and i > 0
        days.append(day)
    cells = justify(aspects, days, width, target, margin=MARGIN, caption=CAPTION, band=BAND)
    assert len(cells) == len(aspects)
    rows = rows_of(cells, width)  # how a list view that wraps at ``width`` places them
    for row in rows:
        assert len({days[i] for i in row}) == 1  # one day per row
        heights = {cells[i].image_height for i in row}
        assert len(heights) == 1  # one height per row
        total = sum(cells[i].width for i in row)
        assert total <= width
        next_same_day = row[-1] + 1 < len(aspects) and days[row[-1] + 1] == days[row[0]]
        if next_same_day:
            assert total == width  # a full row ends at the edge exactly
        for i in row:
            ratio = cells[i].image_width / cells[i].image_height
            # a few pixels of rounding (the last tile of a full row takes the remainder)
            assert abs(cells[i].image_width - aspects[i] * cells[i].image_height) <= 2 + len(row), (ratio, aspects[i])
        first_of_day = row[0] == 0 or days[row[0] - 1] != days[row[0]]
        assert all(cells[i].band == (BAND if first_of_day else 0) for i in row)
        assert cells[row[0]].first_of_day == first_of_day
        assert not any(cells[i].first_of_day for i in row[1:])


def test_a_lone_tile_keeps_the_target_height() -> None:
    (cell,) = justify([1.5], [1], 1200, 200, margin=MARGIN, caption=CAPTION, band=0)
    assert (cell.image_width, cell.image_height) == (300, 200)


@settings(max_examples=200, deadline=None)
@given(
    aspects=st.lists(st.floats(MIN_ASPECT, MAX_ASPECT), min_size=2, max_size=60),
    cut=st.integers(0, 59),
    width=st.integers(300, 2000),
)
def test_laying_out_from_a_row_start_gives_the_same_cells(aspects, cut, width) -> None:
    """What the view does when a page of jobs arrives: it keeps the rows before the last one."""
    days = [i // 7 for i in range(len(aspects))]
    starts: list[int] = []
    whole = justify(aspects, days, width, 184, margin=MARGIN, caption=CAPTION, band=BAND, row_starts=starts)
    start = max(s for s in starts if s <= min(cut, len(aspects) - 1))
    tail = justify(
        aspects[start:], days[start:], width, 184, margin=MARGIN, caption=CAPTION, band=BAND,
        day_before=days[start - 1] if start else None,
    )  # fmt: skip
    assert whole[:start] + tail == whole
