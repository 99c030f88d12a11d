"""A task with 10,000 buttons (a hostile or broken server) opens in the detail panel without
freezing the window: known kinds first, at most MAX_SHOWN buttons, the rest behind a capped
"More…" menu built when first opened (issue 10)."""

from __future__ import annotations

import asyncio
import itertools
import time

from PySide6.QtCore import QTimer

from mjdesk.core.library import Library
from mjdesk.ui.detail.buttons import MAX_MENU, MAX_SHOWN
from mjdesk.ui.main_window import MainWindow

from ..conftest import fake_profile, until

H = "0123456789abcdef"


def hostile_buttons(n: int) -> list[dict]:
    """Junk first (unknown kinds, duplicates), the real U/V buttons at the very end."""
    junk = [{"customId": f"MJ::JOB::junk_{i}::{H}", "label": f"Junk {i}" * 3, "emoji": "🔥"} for i in range(n - 9)]
    if len(junk) > 5:
        junk[5] = dict(junk[4])  # a duplicate customId
    real = [
        {"customId": f"MJ::JOB::{w}::{i}::{H}", "label": f"{w[0].upper()}{i}"}
        for w in ("upsample", "variation")
        for i in range(1, 5)
    ]
    return junk + real + [{"customId": f"MJ::JOB::reroll::0::{H}::SOLO", "emoji": "🔄"}]


def job_with_buttons(library: Library, buttons: list[dict]):
    job = library.add_job(profile="t", action="IMAGINE", prompt="a fox")
    library.mark_submitted(job.id, f"r-{job.id}", {"code": 1})
    library.update_from_task(job.id, "SUCCESS", progress=100, buttons=buttons, terminal=True)
    return library.job(job.id)


async def longest_stall(action, settle: float) -> float:
    """Run ``action`` on the loop while a 5 ms heartbeat timer measures the longest gap."""
    beats: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: beats.append(time.perf_counter()))
    timer.start()
    await asyncio.sleep(0.05)
    action()
    await asyncio.sleep(settle)
    timer.stop()
    return max(b - a for a, b in itertools.pairwise(beats))


async def test_ten_thousand_buttons_open_without_freezing(make_window, library: Library, backend) -> None:
    window: MainWindow = make_window(fake_profile())
    window.show()
    detail = window.detail
    job = job_with_buttons(library, hostile_buttons(10_000))
    stall = await longest_stall(lambda: detail.show_job(job), settle=0.6)
    await until(lambda: bool(detail.action_buttons()), what="the follow-ups")
    # 50 ms is the target (benchmarks/many_buttons.py measures it); two busy CI cores get slack.
    assert stall < 0.25, f"the window froze for {stall * 1000:.0f} ms"

    shown = detail.action_buttons()
    assert len(shown) <= MAX_SHOWN
    texts = [b.text() for b in shown]
    # The real buttons come first although the server sent them last.
    assert texts[:8] == ["U1", "U2", "U3", "U4", "V1", "V2", "V3", "V4"]
    more = detail.more_button
    assert more.isVisible()
    menu = more.menu()
    assert menu.isEmpty()  # built when first opened, not with the panel
    menu.aboutToShow.emit()
    entries = [a for a in menu.actions() if not a.isSeparator()]
    assert len(entries) == MAX_MENU + 1  # the last one says how many were left out
    unique = 10_000 - 1
    assert not entries[-1].isEnabled() and str(unique - MAX_SHOWN - MAX_MENU) in entries[-1].text()
    custom_ids = [a.data() for a in entries[:-1]]
    assert len(set(custom_ids)) == len(custom_ids)  # duplicates offered once
    assert all(len(a.text()) <= 60 for a in entries)  # server labels cannot stretch the menu

    # A normal job afterwards: no More… button, the buttons show at once.
    normal = job_with_buttons(library, hostile_buttons(9)[-9:])
    detail.show_job(normal)
    assert [b.text() for b in detail.action_buttons()][:4] == ["U1", "U2", "U3", "U4"]
    assert not detail.more_button.isVisible()
