"""A follow-up that fails says so where the user clicked: under the detail panel's buttons, with
the server's reason, for a refused submit and for a task that fails later; cleared on retry and
when another job is shown (issue 11)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from mjdesk.core.api import ButtonKind
from mjdesk.sim import Simulator
from mjdesk.ui.main_window import MainWindow

from ..conftest import until
from .test_flows import button, finished_job, imagine, select


async def test_refused_and_failed_follow_ups_show_under_the_buttons(live_window: MainWindow, sim: Simulator) -> None:
    window = live_window
    window.show()
    grid = await imagine(window, "a lighthouse at dawn")
    other = await imagine(window, "a barn at noon")
    await select(window, grid.id)
    detail = window.detail
    assert detail.followup_errors() == [] and not detail.followup_error.isVisible()

    # The server refuses the submit (quota): the reason shows at once, under the buttons.
    sim.force_next_submit("quota")
    QTest.mouseClick(button(window, ButtonKind.UPSCALE, 2), Qt.MouseButton.LeftButton)
    await until(lambda: bool(detail.followup_errors()), what="the refusal in the panel")
    [text] = detail.followup_errors()
    assert text.startswith("U2 failed: ") and len(text) > len("U2 failed: ") + 5
    assert detail.followup_error.isVisible() and detail.followup_error.text() == text

    # The task is accepted and fails on the server later: its reason joins the first.
    sim.config.fail_rate = 1.0
    QTest.mouseClick(button(window, ButtonKind.VARIATION, 1), Qt.MouseButton.LeftButton)
    await until(lambda: len(detail.followup_errors()) == 2, timeout=20, what="the failed task in the panel")
    failed = detail.followup_errors()[1]
    child = window.backend.library.children(grid.id)[-1]
    server_words = (child.fail_reason or "").split(" — ")[-1]
    assert failed.startswith("V1 failed: ") and server_words and f"The server said: {server_words}" in failed

    # Pressing U2 again is a retry: its old error goes; V1's stays.
    sim.config.fail_rate = 0.0
    QTest.mouseClick(button(window, ButtonKind.UPSCALE, 2), Qt.MouseButton.LeftButton)
    assert detail.followup_errors() == [failed]
    # Done to the end, so no step of that press is left for after the test's loop.
    library = window.backend.library
    await until(lambda: len(library.children(grid.id)) == 3, what="the retry sent")
    await finished_job(window, library.children(grid.id)[-1].id)

    # Another job shown: its panel starts clean.
    await select(window, other.id)
    assert detail.followup_errors() == [] and not detail.followup_error.isVisible()
