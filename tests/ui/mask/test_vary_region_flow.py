"""Vary Region end to end against the in-process simulator: imagine → U2 → Vary (Region) → code 21 →
the painter, painted with real mouse events → /submit/modal with the mask → what the server got."""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from mjdesk.core.api import (
    ActionRequest,
    ButtonKind,
    Dialect,
    ImagineRequest,
    MjClient,
    ModalRequest,
    ProxySetting,
    ServerProfile,
    Task,
    TaskStatus,
)
from mjdesk.sim import SimConfig, Simulator
from mjdesk.ui.mask.painter_dialog import VaryRegionDialog, ask_vary_region

from ..conftest import until

KEY = "sk-test"


@pytest.fixture
async def client() -> AsyncIterator[tuple[Simulator, MjClient]]:
    sim = Simulator(SimConfig(dialect="trueai", api_key=KEY, speed=0.05))
    await sim.start()
    profile = ServerProfile("sim", sim.base_url, Dialect.TRUEAI, proxy=ProxySetting("none"))
    mj = MjClient(profile, KEY)
    try:
        yield sim, mj
    finally:
        await mj.aclose()
        await sim.stop()


async def finished(mj: MjClient, task_id: str) -> Task:
    for _ in range(400):
        task = await mj.fetch(task_id)
        if task is not None and task.is_terminal:
            assert task.status is TaskStatus.SUCCESS, task.fail_reason
            return task
        await asyncio.sleep(0.025)
    raise AssertionError(f"task {task_id} did not finish")


def button(task: Task, kind: ButtonKind, index: int | None = None) -> str:
    return next(b.custom_id for b in task.buttons if b.kind is kind and (index is None or b.index == index))


async def test_vary_region_painted_with_the_mouse_reaches_the_server(qtbot, client) -> None:
    sim, mj = client
    grid = await finished(mj, (await mj.submit(ImagineRequest("a lighthouse at dawn --ar 4:3"))).task_id)
    upscale = await finished(mj, (await mj.submit(ActionRequest(grid.id, button(grid, ButtonKind.UPSCALE, 2)))).task_id)
    image = QImage.fromData(await mj.download(upscale.image_url))
    assert not image.isNull()
    pressed = await mj.submit(ActionRequest(upscale.id, button(upscale, ButtonKind.VARY_REGION)))
    assert pressed.modal_required and pressed.task_id

    window = QWidget()  # the main window's stand-in: closing the dialog must not quit the app
    qtbot.addWidget(window)
    window.show()
    answer = asyncio.ensure_future(ask_vary_region(window, image, pressed.final_prompt or ""))
    await until(
        lambda: any(isinstance(w, VaryRegionDialog) and w.isVisible() for w in QApplication.topLevelWidgets()),
        what="the painter",
    )
    d = next(w for w in QApplication.topLevelWidgets() if isinstance(w, VaryRegionDialog))
    d.view.set_zoom(0.75)
    d.set_brush_size(30)
    w, h = image.width(), image.height()
    viewport = d.view.viewport()
    a = d.view.mapFromScene(QPointF(w * 0.2, h * 0.5))
    b = d.view.mapFromScene(QPointF(w * 0.6, h * 0.5))
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for x in range(a.x(), b.x(), 8):
        QTest.mouseMove(viewport, QPoint(x, a.y()))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    length = d.view.mapToScene(b).x() - d.view.mapToScene(a).x()
    painted = 30 * length + math.pi * 15**2
    assert d.document.painted_pixels == pytest.approx(painted, abs=length + 50)
    d.prompt_edit.setText("a red lighthouse")
    d.submit_button.click()
    mask, prompt = await asyncio.wait_for(answer, 5)

    sent = await mj.submit(ModalRequest(pressed.task_id, prompt, mask_base64=mask))
    assert sent.task_id == pressed.task_id
    await finished(mj, pressed.task_id)
    received = sim.masks[-1]
    assert (received.width, received.height) == (w, h) == (received.expected_width, received.expected_height)
    assert received.white_fraction == pytest.approx(d.document.coverage(), abs=1e-9)
    assert received.white_fraction == pytest.approx(painted / (w * h), rel=0.1)
