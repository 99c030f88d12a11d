"""Costs in the window: the estimate beside Submit, the daily budget guard, prices edited in the
server dialog, and the Costs window — real widgets, a real library, the simulator over loopback."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from mjdesk.core import profiles
from mjdesk.core.api import Dialect
from mjdesk.core.costs import PriceTable, local_day_start
from mjdesk.core.library import Library
from mjdesk.sim import Simulator
from mjdesk.sim.pricing import DEFAULT_PRICES
from mjdesk.ui import asyncutil
from mjdesk.ui.backend import Backend
from mjdesk.ui.dialogs.costs import CostsDialog
from mjdesk.ui.dialogs.server import ProfileDialog

from .conftest import SIM_KEY, MemoryKeyring, fake_profile, sim_profile, until
from .test_server_dialog import shown
from .test_servers import fill

PRICED = PriceTable({"IMAGINE": 0.36, "UPSCALE": 0.18}, "$")


def test_the_estimate_beside_submit_follows_the_matrix(make_window) -> None:
    window = make_window(replace(fake_profile(Dialect.NEW_API), prices=PRICED))
    tab = window.imagine
    tab.set_prompt("a kite at dusk")
    tab.refresh()
    assert tab.estimate.text() == "≈ 0.36 $"
    tab.set_prompt("a {red, green, blue} kite --s {50, 250, 750}")
    tab.refresh()
    assert tab.submit_button.text() == "Submit 9 jobs" and tab.estimate.text() == "9 jobs ≈ 3.24 $"
    tab.set_prompt("a {red, blue} kite --repeat 2")
    tab.refresh()
    assert tab.estimate.text() == "4 jobs ≈ 1.44 $"
    # The other tabs price their own action; one the table lacks shows nothing.
    window.blend.refresh()
    assert window.blend.estimate.text() == ""


def test_no_prices_no_estimate(make_window) -> None:
    window = make_window(fake_profile(Dialect.NEW_API))
    tab = window.imagine
    tab.set_prompt("a {red, blue} kite")
    tab.refresh()
    assert tab.submit_button.text() == "Submit 2 jobs" and tab.estimate.text() == ""


def guard_box() -> QMessageBox | None:
    return next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.objectName() == "budget-guard"),
        None,
    )


def submits(sim: Simulator) -> int:
    return sum(1 for r in sim.requests if r.path.endswith("/submit/imagine"))


async def test_the_budget_guard_asks_before_going_over_and_cancel_sends_nothing(
    make_window, backend: Backend, library: Library, sim: Simulator
) -> None:
    window = make_window(replace(sim_profile(sim), prices=PriceTable({"IMAGINE": 1.0}, "credits")), SIM_KEY)
    await backend.start()
    try:
        window.services.settings = replace(window.services.settings, daily_budget=2.5)
        earlier = library.add_job(profile="sim", action="IMAGINE", prompt="this morning").id
        library.record_cost(earlier, 1.0, "credits", recorded_at=local_day_start(time.time()) + 1)
        tab = window.imagine
        tab.set_prompt("a {red, blue} kite")
        tab.refresh()
        assert tab.estimate.text() == "2 jobs ≈ 2 credits"
        before = len(backend.jobs)

        tab.submit_button.click()
        await until(lambda: guard_box() is not None, what="the budget question")
        box = guard_box()
        assert box is not None
        assert "1 credits" in box.text() and "2 credits" in box.text() and "3 credits" in box.text()
        assert "2.50 credits" in box.text()
        cancel = next(b for b in box.buttons() if b.text() == "Cancel")
        cancel.click()
        await until(lambda: guard_box() is None or not guard_box().isVisible(), what="the question closed")  # type: ignore[union-attr]
        assert len(backend.jobs) == before and submits(sim) == 0  # nothing was sent

        tab.submit_button.click()
        await until(lambda: guard_box() is not None and guard_box().isVisible(), what="asked again")  # type: ignore[union-attr]
        anyway = next(b for b in guard_box().buttons() if b.text() == "Submit anyway")  # type: ignore[union-attr]
        anyway.click()
        await until(lambda: len(backend.jobs) - before == 2, what="the two jobs handed over")
        await until(lambda: submits(sim) == 2, what="both sent")

        # Within the budget, nothing is asked: the job goes once today's spending is read.
        window.services.settings = replace(window.services.settings, daily_budget=100)
        tab.set_prompt("a single kite")
        tab.submit_button.click()
        await until(lambda: len(backend.jobs) - before == 3, what="sent without a question")
        assert guard_box() is None or not guard_box().isVisible()  # type: ignore[union-attr]
        # Without a budget a submit goes at once, as it always did.
        window.services.settings = replace(window.services.settings, daily_budget=0)
        tab.submit_button.click()
        assert len(backend.jobs) - before == 4
    finally:
        await asyncutil.cancel_all()
        await backend.aclose()


@pytest.mark.parametrize("sim", ["new-api"], indirect=True)
async def test_prices_edited_in_the_server_dialog_persist_and_come_from_new_api(
    qtbot, library: Library, sim: Simulator, memory_keyring: MemoryKeyring
) -> None:
    dialog = await shown(qtbot, ProfileDialog(library))
    fill(dialog, sim, SIM_KEY)
    dialog.form.dialect.setCurrentIndex(dialog.form.dialect.findData(Dialect.NEW_API.value))
    prices = dialog.prices
    rows = {prices.grid.item(r, 0).data(256): r for r in range(prices.grid.rowCount())}  # UserRole
    prices.grid.item(rows["IMAGINE"], 1).setText("0,3")
    prices.grid.item(rows["UPSCALE"], 1).setText("cheap")
    assert not dialog.save_button.isEnabled() and "Upscale" in dialog.problem.text()
    prices.grid.item(rows["UPSCALE"], 1).setText("0.15")
    prices.unit.setCurrentText("credits")
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    await until(lambda: library.profile("Studio") is not None, what="saved")
    saved = profiles.load(library, "Studio")
    assert saved is not None and saved.prices == PriceTable({"IMAGINE": 0.3, "UPSCALE": 0.15}, "credits")

    editor = await shown(qtbot, ProfileDialog(library, existing=saved, saved_key=SIM_KEY))
    table = editor.prices.table()
    assert table.prices == saved.prices.prices and table.unit == "credits"
    assert editor.prices.fetch_button.isEnabled()
    editor.prices.fetch_button.click()
    await until(lambda: "from the server" in editor.prices.message.text(), what="the server's prices")
    fetched = editor.prices.table()
    assert fetched.unit == "$" and fetched.prices["IMAGINE"] == DEFAULT_PRICES["mj_imagine"]
    assert fetched.prices["VIDEO"] == DEFAULT_PRICES["mj_video"] and fetched.fetched_at > 0
    editor.save_button.click()
    await until(lambda: profiles.load(library, "Studio").prices.unit == "$", what="saved again")  # type: ignore[union-attr]

    # A type of server that publishes no prices: the button is there, but off, saying why.
    editor.form.dialect.setCurrentIndex(editor.form.dialect.findData(Dialect.TRUEAI.value))
    assert not editor.prices.fetch_button.isEnabled() and "publishes no prices" in editor.prices.fetch_button.toolTip()


async def test_the_costs_window_shows_today_the_month_and_each_view(qtbot, backend: Backend, library: Library) -> None:
    today = local_day_start(time.time()) + 1000
    a = library.add_job(profile="studio", action="IMAGINE", prompt="a").id
    b = library.add_job(profile="studio", action="IMAGINE", prompt="b").id
    library.add_tag(a, "poster")
    library.record_cost(a, 0.36, "$", recorded_at=today)
    library.record_cost(b, 0.36, "$", recorded_at=today)
    library.set_cost_amount(b, 0.0, "refunded")
    dialog = CostsDialog(backend)
    qtbot.addWidget(dialog)
    dialog.show()
    await until(lambda: dialog.view is not None, what="the costs read")
    assert dialog.summary.text().startswith("Today: 0.36 $")
    by_server = dialog.tables["server"]
    assert by_server.rowCount() == 1 and by_server.item(0, 0).text() == "studio"
    assert [by_server.item(0, c).text() for c in range(1, 5)] == ["0.36 $", "0.72 $", "2", "1"]
    tags = dialog.tables["tag"]
    assert {tags.item(r, 0).text() for r in range(tags.rowCount())} == {"poster", "(untagged)"}
    assert dialog.tables["day"].rowCount() == 1
