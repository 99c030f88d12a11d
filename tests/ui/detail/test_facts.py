"""The detail panel's facts show whole: a fact that wraps onto several lines gets the height of
all its lines, in the side panel and in the viewer, at any panel width."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtWidgets import QLabel

from mjdesk.core.library import Library
from mjdesk.ui.main_window import MainWindow

from ..conftest import fake_profile

LONG_FINAL = (
    "<https://s.mj.run/AbCdEfGhIjK> a lighthouse on a basalt cliff at dusk, long exposure, waves as silk, "
    "cinematic teal and amber light, volumetric fog rolling in from the sea --ar 3:2 --v 7 --video 1 --motion high"
)


def clipped(labels: list[QLabel]) -> list[str]:
    """Visible fact labels shorter than their wrapped text needs at their width."""
    return [
        f"{label.text()[:30]}…: {label.height()} < {label.heightForWidth(label.width())}"
        for label in labels
        if label.isVisible() and label.text() and label.height() < label.heightForWidth(label.width())
    ]


@pytest.mark.parametrize("side_width", [300, 380, 520])
async def test_a_long_final_prompt_is_not_cut_at_the_bottom(make_window, library: Library, side_width: int) -> None:
    window: MainWindow = make_window(fake_profile())
    window.show()
    job = library.add_job(profile="t", action="IMAGINE", prompt="a lighthouse")
    library.mark_submitted(job.id, f"r-{job.id}", {"code": 1})
    library.update_from_task(job.id, "SUCCESS", progress=100, terminal=True, final_prompt=LONG_FINAL)
    detail = window.detail
    sizes = window.splitter.sizes()
    window.splitter.setSizes([sizes[0], sum(sizes) - sizes[0] - side_width, side_width])
    detail.show_job(library.job(job.id))
    await asyncio.sleep(0.2)
    facts = [detail.prompt, detail.final_prompt, detail.parameters, detail.server, detail.times]
    assert detail.final_prompt.heightForWidth(detail.final_prompt.width()) > 3 * detail.fontMetrics().height()
    assert clipped(facts) == []


async def test_the_viewers_facts_are_not_cut_either(make_window, library: Library) -> None:
    window: MainWindow = make_window(fake_profile())
    window.show()
    job = library.add_job(profile="t", action="VIDEO", prompt="a lighthouse")
    library.mark_submitted(job.id, f"r-{job.id}", {"code": 1})
    library.update_from_task(job.id, "SUCCESS", progress=100, terminal=True, final_prompt=LONG_FINAL)
    for width in (1280, 1000, 1600):
        window.resize(width, 800)
        window.viewer.open_job(library.job(job.id))
        await asyncio.sleep(0.2)
        panel = window.viewer.panel
        facts = [panel.prompt, panel.final_prompt, panel.parameters, panel.server, panel.times]
        assert clipped(facts) == [], width
