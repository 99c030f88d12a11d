"""The window, the prompt builder and validation, accessibility, translations at runtime."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTabBar,
    QWidget,
)

from mjdesk import app as mjapp
from mjdesk.core.api.dialects import Dialect, Endpoint
from mjdesk.core.paths import app_paths
from mjdesk.core.prompt import parse

from .conftest import fake_profile

INTERACTIVE = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QAbstractSpinBox, QListWidget, QTabBar)


def _unnamed(root: QWidget) -> list[str]:
    missing = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, INTERACTIVE) or w.objectName().startswith("qt_"):
            continue
        if isinstance(w.parent(), QAbstractSpinBox | QComboBox | QTabBar | QLineEdit):
            continue  # Qt's own inner editors, scroll arrows and clear buttons; the outer widget has the name
        if not w.accessibleName().strip() and not (isinstance(w, QAbstractButton) and w.text().strip()):
            missing.append(f"{type(w).__name__} in {type(w.parent()).__name__} of {type(root).__name__}")
    return missing


async def test_every_interactive_widget_has_an_accessible_name(make_window, backend, library, tmp_path) -> None:
    from PIL import Image

    from mjdesk.core.settings import Settings
    from mjdesk.ui.dialogs.custom_zoom import CustomZoomDialog
    from mjdesk.ui.dialogs.first_run import FirstRunDialog
    from mjdesk.ui.dialogs.remix import RemixDialog
    from mjdesk.ui.dialogs.server import ProfileDialog
    from mjdesk.ui.dialogs.settings import SettingsDialog
    from mjdesk.ui.mask.painter_dialog import VaryRegionDialog

    window = make_window(fake_profile())
    await backend.start()
    try:
        for name in ("blend", "describe", "shorten", "swap_face", "video", "upload"):
            getattr(window, name)  # the tabs are built on first use: build them all
        Image.new("RGB", (64, 48), "teal").save(tmp_path / "up.png")
        dialogs = [
            SettingsDialog(backend, Settings(), window),
            FirstRunDialog(library, window),
            ProfileDialog(library, parent=window),
            CustomZoomDialog("a barn --zoom 1.5", window),
            RemixDialog("a barn", "Remix", window),
            VaryRegionDialog(str(tmp_path / "up.png"), "a barn", window),
        ]
        window.show()
        missing = _unnamed(window)
        for dialog in dialogs:
            missing += _unnamed(dialog)
            dialog.deleteLater()
        assert missing == []
    finally:
        await backend.aclose()


def test_builder_edits_the_text_and_follows_it(make_window) -> None:
    tab = make_window(fake_profile()).imagine
    tab.set_prompt("a red fox --s 100 --foo bar")
    tab.stylize.setValue(750)
    tab.aspect.setCurrentIndex(tab.aspect.findData("16:9"))
    tab.tile.setChecked(True)
    tab.model.setCurrentIndex(tab.model.findText("Niji 6"))
    assert tab.editor.toPlainText() == "a red fox --s 750 --foo bar --ar 16:9 --tile --niji 6"

    tab.set_prompt("a red fox --ar 5:7 --chaos 30 --v 6.1 --style raw --no text --sref 123 --sw 50")
    assert tab.aspect.currentData() == "custom" and tab.aspect_custom.text() == "5:7"
    assert tab.chaos.value() == 30 and tab.stylize.value() == -1
    assert tab.model.currentText() == "V6.1"
    assert tab.raw.isChecked() and not tab.tile.isChecked()
    assert tab.no.text() == "text" and tab.refs["sref"][0].text() == "123" and tab.refs["sref"][1].value() == 50

    tab.stylize.setValue(-1)  # back to "Default" removes the parameter
    tab.raw.setChecked(False)
    left = parse(tab.editor.toPlainText())
    assert not left.has("stylize") and not left.raw and left.value("chaos") == "30"


def test_line_edit_keeps_the_space_being_typed(make_window) -> None:
    tab = make_window(fake_profile()).imagine
    tab.set_prompt("fox")
    tab.no.setText("cars ")
    tab.no.textEdited.emit("cars ")
    assert tab.editor.toPlainText() == "fox --no cars"
    assert tab.no.text() == "cars "


def test_validation_messages_and_disabled_submit_reason(make_window) -> None:
    tab = make_window(fake_profile()).imagine
    tab.set_prompt("a fox --sw 100")
    assert not tab.submit_button.isEnabled()
    assert tab.reason.text() == "--sw only works together with --sref."
    assert "--sw only works together with --sref." in tab.issues.text()
    tab.set_prompt("a fox --oref https://x.io/a.png --v 6")
    assert "V7 or later" in tab.reason.text()
    tab.set_prompt("a fox --ar 3:2")
    assert tab.submit_button.isEnabled() and tab.reason.text() == ""
    tab.set_prompt("a fox --zoom 1.5")  # a warning shows but does not block
    assert tab.submit_button.isEnabled() and "Custom Zoom" in tab.issues.text()


def test_no_server_and_unsupported_actions_explain_themselves(make_window) -> None:
    window = make_window()
    assert not window.imagine.submit_button.isEnabled()
    assert "Try the demo" in window.imagine.reason.text()
    window = make_window(fake_profile(Dialect.MIDJOURNEY_PROXY))
    assert Endpoint.VIDEO not in window.backend.profile.capabilities
    assert window.video.banner.isVisibleTo(window.video)
    assert "does not offer Video" in window.video.banner.text()
    assert not window.video.submit_button.isEnabled()


def test_window_in_chinese(make_window, qapp) -> None:
    path = mjapp.qm_path("zh_CN", app_paths().ensure().cache)
    assert path is not None
    translator = QTranslator()
    assert translator.load(str(path))
    qapp.installTranslator(translator)
    try:
        window = make_window(fake_profile())
        assert window.tabs.tabText(0) == "绘图(&I)"
        assert window.imagine.submit_button.text() == "提交"  # a base-class string, translated too
        window.imagine.set_prompt("a fox --sw 100")
        assert window.imagine.reason.text() == "--sw 必须与 --sref 一起使用。"
        assert QCoreApplication.translate("MjError", "The prompt is empty.") == "提示词为空。"
    finally:
        qapp.removeTranslator(translator)
