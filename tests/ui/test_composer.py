"""The composer is a prompt first (issue 12): Parameters and References start folded; References
opens by itself when it gets content — an image dropped anywhere on the Imagine tab (it becomes an
image prompt) or a reference typed into the prompt."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from mjdesk.ui.main_window import MainWindow

from .conftest import fake_profile, until


async def test_references_fold_and_open_for_a_drop_or_a_typed_reference(make_window, tmp_path: Path) -> None:
    window: MainWindow = make_window(fake_profile())
    window.show()
    imagine = window.imagine
    assert not imagine.parameters_section.expanded and not imagine.references_section.expanded

    photo = tmp_path / "photo.png"
    Image.new("RGB", (320, 200), "teal").save(photo)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    spot = QPointF(imagine.width() / 2, imagine.height() - 20)  # the tab, not the image input
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(spot.toPoint(), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    imagine.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(spot, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    imagine.dropEvent(drop)
    assert imagine.references_section.expanded
    await until(lambda: len(imagine.images.images()) == 1, what="the dropped image prepared")

    imagine.references_section.set_expanded(False)
    imagine.set_prompt("a barn at dusk --sref https://example.com/style.png")
    await until(lambda: imagine.references_section.expanded, what="References opened for the --sref")
    assert imagine.refs["sref"][0].text() == "https://example.com/style.png"

    text_only = QMimeData()
    text_only.setText("just words")
    refused = QDragEnterEvent(
        spot.toPoint(), actions, text_only, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    refused.setAccepted(False)
    imagine.dragEnterEvent(refused)
    assert not refused.isAccepted()  # plain text is not an image


async def test_images_opened_with_mjdesk_become_image_prompts(make_window, tmp_path: Path) -> None:
    """Files opened "with mjdesk" (the .desktop file passes them): Imagine, composer shown, the images
    in its image prompts."""
    from mjdesk.app.main import parse_args

    photo = tmp_path / "from the file manager.png"
    Image.new("RGB", (300, 300), "orange").save(photo)
    args = parse_args(["--demo", str(photo)])
    assert args.images == [str(photo)] and args.demo
    window: MainWindow = make_window(fake_profile())
    window.show()
    window.show_composer(False)
    window.tabs.setCurrentIndex(2)
    window.open_images(args.images)
    assert window.tabs.currentWidget() is window.imagine and window.composer.isVisible()
    assert window.imagine.references_section.expanded
    await until(lambda: len(window.imagine.images.images()) == 1, what="the image prompt")


def test_v8_models_and_their_controls_edit_the_prompt(make_window) -> None:
    from tests.ui.conftest import fake_profile

    window = make_window(fake_profile())
    tab = window.imagine
    tab.set_prompt("a harbour at dawn")
    tab.model.setCurrentIndex(tab.model.findData("v:8.1"))
    tab.hd.setChecked(True)
    tab.exp.setValue(25)
    tab.draft.setChecked(True)
    tab.personalize.setText("m7123 ab12")
    tab.personalize.textEdited.emit("m7123 ab12")
    text = tab.editor.toPlainText()
    assert text.startswith("a harbour at dawn") and "--v 8.1" in text and "--hd" in text
    assert "--exp 25" in text and "--draft" in text and "--personalize m7123 ab12" in text
    assert not [i for i in tab.issues.text().splitlines() if "V8" in i]  # a valid V8.1 prompt
    tab.model.setCurrentIndex(tab.model.findData("v:6.1"))
    assert "--hd needs V8" in tab.issues.text() and "--exp needs V7" in tab.reason.text()
    tab.set_prompt("a boat --v 8.2 --exp 40 --hd")
    assert tab.exp.value() == 40 and tab.hd.isChecked() and tab.model.currentData() == "v:8.2"


async def test_personalization_codes_are_saved_with_names_and_used_from_the_menu(make_window) -> None:
    from mjdesk.core import settings as store
    from tests.ui.conftest import fake_profile

    window = make_window(fake_profile())
    tab = window.imagine
    tab.set_prompt("a quiet harbour")
    await tab.save_personalize_code("Warm studio", "m7123  ab12")
    await tab.save_personalize_code("Moodboard", "mb99")
    saved = store.load(window.services.paths).personalize_codes
    assert saved == [{"name": "Warm studio", "code": "m7123 ab12"}, {"name": "Moodboard", "code": "mb99"}]
    tab._show_saved_codes()
    entries = [a for a in tab.code_menu.actions() if "—" in a.text()]
    assert [a.text() for a in entries] == ["Warm studio — m7123 ab12", "Moodboard — mb99"]
    entries[0].trigger()
    assert tab.personalize.text() == "m7123 ab12" and "--personalize m7123 ab12" in tab.editor.toPlainText()
    tab.code_menu.close()
    await tab.save_personalize_code("Moodboard", None)  # forget
    assert [c["name"] for c in store.load(window.services.paths).personalize_codes] == ["Warm studio"]
    await tab.save_personalize_code("Bad", "not/a code")
    assert "letters and digits" in tab.issues.text()
    assert [c["name"] for c in window.services.settings.personalize_codes] == ["Warm studio"]


async def test_a_matrix_prompt_submits_each_of_its_jobs(live_window) -> None:
    from tests.ui.conftest import until

    tab = live_window.imagine
    tab.set_prompt("a {red, blue} kite --s {50, 250}")
    tab.refresh()
    assert tab.submit_button.text() == "Submit 4 jobs" and tab.submit_button.isEnabled()
    before = len(live_window.backend.jobs)
    tab.submit_button.click()
    await until(lambda: len(live_window.backend.jobs) - before == 4, what="the four jobs handed over")
    prompts = [j.title for j in live_window.backend.jobs[before:]]
    assert prompts == ["a red kite --s 50", "a red kite --s 250", "a blue kite --s 50", "a blue kite --s 250"]
    tab.set_prompt("a {red, blue kite")
    tab.submit()
    assert "never closed" in tab.reason.text() and not tab.submit_button.isEnabled()
    tab.set_prompt("a kite --s {50, 5000}")
    tab.submit()
    assert "0 to 1000" in tab.reason.text()  # each expansion is checked as the prompt it becomes
    tab.set_prompt("a kite")
    assert tab.submit_button.text() == "Submit"


async def test_a_3x3_matrix_runs_into_its_labelled_grid(live_window) -> None:
    """Rows and columns are the choices; each cell fills in with its job's image; a cell opens the viewer."""
    from mjdesk.ui.matrix_grid import MatrixGrid
    from tests.ui.conftest import until

    window = live_window
    window.show()
    tab = window.imagine
    tab.set_prompt("a {red, green, blue} kite --s {50, 250, 750}")
    tab.submit_button.click()
    await until(lambda: getattr(window, "matrix_grid", None) is not None, what="the grid")
    grid = window.matrix_grid
    assert isinstance(grid, MatrixGrid) and len(grid.cells) == 9
    assert grid.windowTitle() == "Variation matrix: 9 jobs"
    labels = [w.text() for w in grid.findChildren(type(tab.issues))]
    assert {"50", "250", "750", "red", "green", "blue"} <= set(labels)
    await until(lambda: all(j.state.finished for j in grid.jobs), timeout=30, what="the nine jobs")
    await until(lambda: all(not c.icon().isNull() for c in grid.cells.values()), timeout=15, what="thumbnails")
    cell = grid.cells[4]  # green, 250
    assert cell.toolTip() == "a green kite --s 250"
    cell.click()
    assert window.viewer.isVisible() and window.viewer.job is not None
    assert window.viewer.job.prompt == "a green kite --s 250"
