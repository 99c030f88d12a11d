"""The reference library in the real window against the simulator over loopback HTTP: saved
images and codes go into the Imagine prompt (an image uploaded once, its link reused), a result is
kept from the gallery, a saved reference dragged onto the composer lands in it, and an expired link
is renewed before the job goes."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent

from mjdesk.core.api import ImagineRequest
from mjdesk.sim import Simulator
from mjdesk.ui.main_window import MainWindow
from mjdesk.ui.references import MIME, ReferenceLibrary
from tests.ui.conftest import until


def _uploads(sim: Simulator) -> int:
    return sum(r.path.endswith("/submit/upload-discord-images") for r in sim.requests)


def _imagined(sim: Simulator) -> list[str]:
    return [json.loads(r.body)["prompt"] for r in sim.requests if r.path.endswith("/submit/imagine")]


@pytest.mark.parametrize("sim", ["midjourney-proxy"], indirect=True)
async def test_a_saved_image_reference_is_uploaded_once_and_renewed_when_expired(
    live_window: MainWindow, sim: Simulator, tmp_path: Path
) -> None:
    window = live_window
    window.show()
    poster = tmp_path / "rust poster.png"
    Image.new("RGB", (120, 80), "#b7410e").save(poster)
    window.imagine.library_button.click()  # the composer's way in
    dialog = window.references_dialog
    assert isinstance(dialog, ReferenceLibrary) and dialog.empty.isVisible()
    dialog.add_files([str(poster)])
    await until(lambda: dialog.list.count() == 1, what="the saved image")
    assert dialog.list.item(0).text() == "rust poster\nStyle" and not dialog.list.item(0).icon().isNull()
    dialog.tags.setText("poster, warm")
    dialog.weight.setValue(300)
    dialog.save.click()
    await until(lambda: dialog.message.text() == "Saved.", what="the save")
    ref = window.backend.library.references()[0]
    assert (ref.tags, ref.weight) == (("poster", "warm"), 300)

    dialog.use.click()
    await until(lambda: "--sref http" in window.imagine.editor.toPlainText(), what="the link in the prompt")
    text = window.imagine.editor.toPlainText()
    assert "--sw 300" in text and _uploads(sim) == 1
    link = text.split("--sref ")[1].split()[0]
    window.imagine.editor.setPlainText("")
    dialog.use.click()  # again: the remembered link, no second upload
    await until(lambda: link in window.imagine.editor.toPlainText(), what="the same link")
    assert _uploads(sim) == 1

    # A week later its link has expired: Submit uploads the image again and sends the fresh link.
    window.imagine.editor.setPlainText(f"a rusty tram in fog --sref {link}")
    sha = ref.image_sha or ""
    await asyncio.to_thread(window.backend.library.remember_upload, "sim", sha, link, 1_000)
    window.imagine.submit()
    await until(lambda: len(_imagined(sim)) == 1, what="the imagine")
    assert _uploads(sim) == 2
    sent = _imagined(sim)[0]
    assert link not in sent and sent.startswith("a rusty tram in fog --sref http")
    fresh = sent.split("--sref ")[1].split()[0]
    assert fresh in window.imagine.editor.toPlainText()  # the composer shows the renewed link


@pytest.mark.parametrize("sim", ["midjourney-proxy"], indirect=True)
async def test_codes_drops_and_results_kept_from_the_gallery(live_window: MainWindow, sim: Simulator) -> None:
    window = live_window
    window.show()
    window.show_references()
    dialog = window.references_dialog
    assert isinstance(dialog, ReferenceLibrary)
    dialog.new_code.click()
    dialog.ref_kind.setCurrentIndex(dialog.ref_kind.findData("p"))
    dialog.code.setText("m7298392")
    dialog.name.setText("Studio moodboard")
    dialog.save.click()
    await until(lambda: dialog.list.count() == 1, what="the saved code")
    dialog.list.setCurrentRow(0)
    dialog.use.click()
    await until(lambda: "--personalize m7298392" in window.imagine.editor.toPlainText(), what="the code in the prompt")
    assert _uploads(sim) == 0  # a code needs no upload

    # Keep a finished result as a character reference, straight from the gallery's menu.
    job = await window.backend.service.submit("sim", ImagineRequest("a lighthouse keeper"), queued=False)
    await window.backend.service.wait(job.id, timeout=20)
    await until(lambda: window.gallery.select_job(job.id), what="the tile")
    actions = window.gallery.job_actions
    actions.update_enabled()
    assert actions.keep_as["cref"].isEnabled()
    actions.keep_as["cref"].trigger()
    await until(lambda: dialog.list.count() == 2, what="the kept result")
    kept = window.backend.library.references("cref")[0]
    assert kept.name == "a lighthouse keeper" and kept.image_path is not None and kept.image_path.exists()

    # Dragged from the library onto the composer: into the prompt, by its server link.
    window.imagine.editor.setPlainText("a portrait")
    mime = QMimeData()
    mime.setData(MIME, QByteArray(str(kept.id).encode()))
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    window.imagine.dropEvent(drop)
    await until(lambda: "--cref http" in window.imagine.editor.toPlainText(), what="the dropped reference")
    assert _uploads(sim) == 1
