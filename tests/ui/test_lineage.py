"""The lineage tree (ui/lineage/): a chain made against the simulator over loopback HTTP is drawn
with a node per job and an edge per press, walked with the arrow keys, opened with Enter, restored
into the composer, run again — and it grows live."""

from __future__ import annotations

import asyncio
import itertools

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from mjdesk.core.api import ActionRequest, ImagineRequest
from mjdesk.core.api.buttons import human_label
from mjdesk.core.library import JobRecord
from mjdesk.ui.lineage.window import LineageWindow
from mjdesk.ui.main_window import MainWindow

from .conftest import until

PROMPT = "a glass greenhouse in fog --ar 3:2 --v 6.1 --stylize 150"
# The chain of the issue; Pan is offered on an upscale (as on Midjourney), so a U2 comes between
# the Zoom Out's grid and the Pan.
CHAIN = ("U1", "Vary (Subtle)", "U3", "Zoom Out 2x", "U2", "Pan left")


def _press_id(job: JobRecord, name: str) -> str:
    for raw in job.buttons:
        custom_id = raw["customId"]
        label = human_label(custom_id) or ""
        if label.replace("{n}", str(custom_id.split("::")[3] if "{n}" in label else "")) == name:
            return custom_id
    raise AssertionError(f"job {job.id} has no {name}: {job.buttons}")


async def _press(window: MainWindow, parent: JobRecord, name: str) -> JobRecord:
    service = window.backend.service
    custom_id = _press_id(parent, name)
    child = await service.submit(
        parent.profile,
        ActionRequest(parent.remote_id or "", custom_id),
        parent_job_id=parent.id,
        parent_button=custom_id,
    )
    child = await service.wait(child.id, timeout=20)
    assert child.status == "SUCCESS", (name, child.status, child.fail_reason)
    return child


async def _make_chain(window: MainWindow) -> tuple[list[JobRecord], JobRecord]:
    service = window.backend.service
    imagine = await service.wait((await service.submit("sim", ImagineRequest(prompt=PROMPT))).id, timeout=20)
    chain = [imagine]
    for name in CHAIN:
        chain.append(await _press(window, chain[-1], name))
    sibling = await _press(window, imagine, "V2")  # made last: stands after U1
    return chain, sibling


def _lineage(window: MainWindow) -> LineageWindow:
    found = window.lineage_window
    assert found is not None
    return found


async def test_a_chain_is_drawn_walked_opened_and_restored(live_window: MainWindow, qtbot: QtBot) -> None:
    window = live_window
    window.show()
    chain, sibling = await _make_chain(window)
    last = chain[-1]

    # Opened from the gallery's job menu (L) on the last step: its whole family, from the root.
    await until(lambda: window.gallery.select_job(last.id), what="the last step's tile")
    assert window.gallery.job_actions.lineage.isEnabled()
    window.gallery.job_actions.lineage.trigger()
    tree = _lineage(window)
    await until(lambda: len(tree.scene.nodes) == len(chain) + 1, what="every job drawn")
    assert tree.current == last.id and tree.scene.nodes[last.id].current  # the job asked about

    # One node per job, an edge per press labelled with its name, none on top of another.
    labels = sorted(edge.label for edge in tree.scene.edges)
    assert labels == sorted([*CHAIN, "V2"])
    rects = [node.sceneBoundingRect() for node in tree.scene.nodes.values()]
    assert not any(a.intersects(b) for a, b in itertools.combinations(rects, 2))
    # Generations left to right; the later sibling (V2) under U1, in the same column.
    xs = [tree.scene.nodes[j.id].x() for j in chain]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    u1, v2 = tree.scene.nodes[chain[1].id], tree.scene.nodes[sibling.id]
    assert u1.x() == v2.x() and u1.y() < v2.y()

    # Arrow keys: ← walks up to the root step by step, the detail panel following.
    tree.view.setFocus()
    for expected in reversed(chain[:-1]):
        QtBot.keyClick(tree.view, Qt.Key.Key_Left)
        assert tree.current == expected.id
    await until(lambda: window.detail.job is not None and window.detail.job.id == chain[0].id, what="the detail")
    QtBot.keyClick(tree.view, Qt.Key.Key_Left)
    assert tree.current == chain[0].id  # nothing above the root
    QtBot.keyClick(tree.view, Qt.Key.Key_Right)
    assert tree.current == chain[1].id  # U1: the first child
    QtBot.keyClick(tree.view, Qt.Key.Key_Down)
    assert tree.current == sibling.id  # its sibling, made after it
    QtBot.keyClick(tree.view, Qt.Key.Key_Up)
    QtBot.keyClick(tree.view, Qt.Key.Key_Right)
    assert tree.current == chain[2].id  # Vary (Subtle)

    # Enter opens the viewer on that very job.
    QtBot.keyClick(tree.view, Qt.Key.Key_Return)
    await until(lambda: window.viewer.isVisible(), what="the viewer")
    assert window.viewer.job is not None and window.viewer.job.id == chain[2].id
    window.viewer.close_viewer()

    # A click chooses a step too (the detail panel shows it).
    node = tree.scene.nodes[chain[4].id]
    point = tree.view.mapFromScene(node.sceneBoundingRect().center())
    QtBot.mouseClick(tree.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert tree.current == chain[4].id
    await until(lambda: window.detail.job is not None and window.detail.job.id == chain[4].id, what="the detail")

    # Restore: the step's prompt, parameters and all, in the Imagine composer.
    window.imagine.editor.setPlainText("something else")
    tree.restore_button.click()
    await until(lambda: window.imagine.editor.toPlainText() == PROMPT, what="the prompt in the composer")
    assert window.tabs.currentWidget() is window.imagine and window.composer.isVisible()

    # Live: a new child of a shown step appears without reopening the window.
    before = len(tree.scene.nodes)
    await _press(window, chain[-2], "Zoom Out 1.5x")  # on the U2: a sibling of the Pan
    await until(lambda: len(tree.scene.nodes) == before + 1, what="the new child drawn")
    assert "Zoom Out 1.5x" in {edge.label for edge in tree.scene.edges}
    tree.close()


async def test_run_again_draws_the_new_chain_and_says_where_it_stands(live_window: MainWindow, qtbot: QtBot) -> None:
    window = live_window
    window.show()
    service = window.backend.service
    imagine = await service.wait((await service.submit("sim", ImagineRequest(prompt=PROMPT))).id, timeout=20)
    u2 = await _press(window, imagine, "U2")
    strong = await _press(window, u2, "Vary (Strong)")

    window.show_lineage(strong.id)
    tree = _lineage(window)
    await until(lambda: len(tree.scene.nodes) == 3, what="the family")
    # The question: which model and server; V7 chosen.
    tree.ask_run_again()
    await until(lambda: tree.dialog is not None and tree.dialog.isVisible(), what="the run-again question")
    dialog = tree.dialog
    index = dialog.model.findText("V7")
    assert index > 0 and dialog.server.currentText() == "sim"
    dialog.model.setCurrentIndex(index)
    dialog._accept()

    # The new chain grows below the original, as its own tree with a heading.
    await until(lambda: len(tree.scene.nodes) == 6, timeout=30, what="the new chain drawn")
    await until(lambda: bool(tree.runs) and tree.runs[-1].finished, timeout=30, what="the run")
    run = tree.runs[-1]
    assert [j.action for j in run.new_jobs] == ["IMAGINE", "UPSCALE", "HIGH_VARIATION"]
    assert "--v 7" in run.new_jobs[0].prompt
    assert len(tree.scene.layouts) == 2
    assert tree.status.text() == tree.run_text(run) and "3" in tree.status.text()
    new_root = tree.scene.nodes[run.new_jobs[0].id]
    assert new_root.y() > max(tree.scene.nodes[j.id].y() for j in (imagine, u2, strong))
    # ↓ from the original root goes to the new one.
    tree.select(imagine.id)
    tree.view.setFocus()
    QtBot.keyClick(tree.view, Qt.Key.Key_Down)
    assert tree.current == run.new_jobs[0].id
    await asyncio.sleep(0)
    tree.close()
