"""resources/mjdesk_zh_CN.ts covers every marked string in the package, each finished and non-empty.

Strings are found by an AST scan of mjdesk/ (self.tr, QCoreApplication.translate and
QT_TRANSLATE_NOOP calls with literal text), so a string added anywhere without a translation fails
here, not in front of a Chinese-speaking user.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "resources"))
from translations import marked_strings, translations  # noqa: E402  (resources/translations.py)

_PLACEHOLDER_RE = re.compile(r"\{(\w*)[^}]*\}")


def test_every_marked_string_has_a_finished_translation() -> None:
    table = translations()
    strings = marked_strings()
    assert len(strings) > 250  # the scan itself works
    missing = sorted(s for s in strings if s not in table)
    assert missing == [], "python resources/translations.py missing, translate, then add"
    unfinished = sorted(k for k, (text, kind) in table.items() if k in strings and (not text.strip() or kind))
    assert unfinished == []


def test_translations_keep_placeholders() -> None:
    for (context, source), (text, _) in translations().items():
        assert sorted(_PLACEHOLDER_RE.findall(source)) == sorted(_PLACEHOLDER_RE.findall(text)), (
            context,
            source,
        )


async def test_counts_read_naturally(make_window, library) -> None:
    """ "1 job", never "1 jobs" or "1 job(s)" (issue 11)."""
    from mjdesk.core.text import plural

    from .conftest import fake_profile, until

    assert plural(1, "{count} job", "{count} jobs").format(count=1) == "1 job"
    assert plural(0, "{count} job", "{count} jobs").format(count=0) == "0 jobs"
    library.add_job(profile="t", action="IMAGINE", prompt="a fox")
    window = make_window(fake_profile())
    await until(lambda: window.gallery.count_label.text() == "1 job", what="the count of one job")
    window.gallery.model.job_changed(library.add_job(profile="t", action="IMAGINE", prompt="a hare"))
    await until(lambda: window.gallery.count_label.text() == "2 jobs", what="the count of two jobs")


def test_no_numbered_string_guesses_its_plural() -> None:
    """ "(s)" reads as a placeholder to a designer: pick the form with mjdesk.core.text.plural."""
    guessed = sorted(s for s in marked_strings() if "(s)" in s[1])
    assert guessed == []


# -- the Chinese walk: no English left on screen ----------------------------------------------------

# Words that stay as they are in Chinese: the brand, formats, units, keys, Midjourney's own names.
ALLOWED_WORDS = {
    "mjdesk",
    "Midjourney",
    "Niji",
    "Discord",
    "Remix",
    "URL",
    "URLs",
    "API",
    "ID",
    "HTTP",
    "HTTPS",
    "TLS",
    "http",
    "https",
    "JSON",
    "PNG",
    "JPEG",
    "PDF",
    "A4",  # paper sizes keep their names
    "JPG",
    "GIF",
    "WebP",
    "TIFF",
    "BMP",
    "EXIF",
    "sRGB",
    "MiB",
    "MB",
    "KB",
    "px",
    "Ctrl",
    "Shift",
    "Alt",
    "Esc",
    "Enter",
    "Space",
    "Del",
    "PgUp",
    "PgDown",
    "Tab",
    "Home",
    "End",
    "Backspace",
    "Insert",
    "Delete",
    "Return",
    "TrueAI",
    "new",
    "api",
    "proxy",
    "mj",
    "Plus",
    "Pro",  # Midjourney's plan names
    "Mega",
    "Relax",
    "Fast",
    "Turbo",
    "raw",
    "Niji6",
    "Bearer",
    "localhost",
    "Qt",
    "SOCKS",
    "sk",
    "AI",
    "English",  # the language list names each language in itself
    "one",
    "novicezk",
    "trueai",
    "org",  # server software: new-api / one-api, midjourney-proxy (trueai-org)
}
ALLOWED_WORDS = {w.lower() for w in ALLOWED_WORDS}
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z']+")
# Not words a translator owns: parameters (--ar), URLs, file names and paths, keyboard shortcuts after a
# tab, and example prompts in quotes (prompts are written in English even by Chinese designers).
_NOT_TEXT_RE = re.compile(
    r"--?[\w:.-]+|https?://\S+|(?<![\w/])/[\w.-]+(?:/[\w.-]+)*|\b[\w-]+(?:\.[\w-]+)+\b|\t.*$|“[^”]*”|<[^>]+>|&\w+;",
    re.M,
)


def english_words(text: str, user_data: tuple[str, ...] = ()) -> list[str]:
    for data in user_data:  # what the user typed or owns (prompts, names, folders) is no UI text
        text = text.replace(data, " ")
    return [w for w in _WORD_RE.findall(_NOT_TEXT_RE.sub(" ", text)) if w.lower() not in ALLOWED_WORDS]


def shown_texts(root) -> list[tuple[str, str]]:
    """Every text a user can see or hear in ``root``: labels, buttons, tabs, group titles, items,
    placeholders, tool tips, accessible names, menu entries and column headers."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QGroupBox,
        QHeaderView,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QTabBar,
        QWidget,
    )

    found: list[tuple[str, str]] = []

    def add(where: str, text: object) -> None:
        if isinstance(text, str) and text.strip():
            found.append((where, text))

    for w in [root, *root.findChildren(QWidget)]:
        if w.objectName().startswith("qt_") and not isinstance(w, QLabel | QAbstractButton):
            continue  # Qt's inner editors and scroll arrows
        kind = type(w).__name__
        add(f"{kind}.windowTitle", w.windowTitle() if w.isWindow() else "")
        add(f"{kind}.toolTip", w.toolTip())
        add(f"{kind}.accessibleName", w.accessibleName())
        if isinstance(w, QLabel | QAbstractButton):
            add(f"{kind}.text", w.text())
        if isinstance(w, QLineEdit | QPlainTextEdit):
            add(f"{kind}.placeholder", w.placeholderText())
        if isinstance(w, QGroupBox):
            add(f"{kind}.title", w.title())
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                add(f"{kind}.item", w.itemText(i))
                add(f"{kind}.itemToolTip", w.itemData(i, Qt.ItemDataRole.ToolTipRole))
        if isinstance(w, QTabBar):
            for i in range(w.count()):
                add(f"{kind}.tab", w.tabText(i))
                add(f"{kind}.tabToolTip", w.tabToolTip(i))
        if isinstance(w, QHeaderView) and w.model() is not None and not w.isHidden():
            for i in range(w.model().columnCount()):
                add(f"{kind}.header", w.model().headerData(i, Qt.Orientation.Horizontal))
        for action in w.actions():
            add(f"{kind}.action", action.text())
            add(f"{kind}.actionToolTip", action.toolTip() if action.toolTip() != action.text().replace("&", "") else "")
            if action.menu() is not None:
                for sub in action.menu().actions():
                    add(f"{kind}.menu", sub.text())
    return found


async def test_the_chinese_walk_shows_no_english_string(make_window, backend, library, qapp, tmp_path) -> None:
    """The main window, every tab, the detail panel with follow-ups, every dialog and Qt's own
    file dialog, in zh_CN: no English word left in any visible text, tool tip or accessible name."""
    from PIL import Image
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from mjdesk import app as mjapp
    from mjdesk.core.paths import app_paths
    from mjdesk.core.settings import Settings
    from mjdesk.sim.buttons import upscale_buttons
    from mjdesk.ui.dialogs.custom_zoom import CustomZoomDialog
    from mjdesk.ui.dialogs.first_run import FirstRunDialog
    from mjdesk.ui.dialogs.remix import RemixDialog
    from mjdesk.ui.dialogs.server import ProfileDialog
    from mjdesk.ui.dialogs.settings import SettingsDialog
    from mjdesk.ui.mask.painter_dialog import VaryRegionDialog

    from .conftest import fake_profile

    translators = mjapp.install_translators(qapp, "zh_CN", app_paths().ensure())
    assert len(translators) == 2  # Qt's own (qtbase_zh_CN from the PySide6 wheel) and mjdesk's
    try:
        window = make_window(fake_profile())
        await backend.start()
        for name in ("blend", "describe", "shorten", "swap_face", "video", "upload"):
            getattr(window, name)  # the tabs are built on first use: build them all
        job = library.add_job(profile="t", action="UPSCALE", prompt="a barn")
        library.mark_submitted(job.id, "r-1", {"code": 1})
        library.update_from_task(job.id, "SUCCESS", progress=100, buttons=upscale_buttons("h"), terminal=True)
        window.detail.show_job(library.job(job.id))
        Image.new("RGB", (64, 48), "teal").save(tmp_path / "up.png")
        files = QFileDialog(window, "x", str(tmp_path))
        files.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # the one Linux users get
        box = QMessageBox(QMessageBox.Icon.Warning, "x", "x", QMessageBox.StandardButton.Cancel, window)
        box.setDetailedText("x")
        dialogs = [
            SettingsDialog(backend, Settings(), window),
            FirstRunDialog(library, window),
            ProfileDialog(library, parent=window),
            CustomZoomDialog("a barn --zoom 1.5", window),
            RemixDialog("a barn", "Remix", window),
            VaryRegionDialog(str(tmp_path / "up.png"), "a barn", window),
            files,
            box,
        ]
        window.show()
        user_data = ("a barn", str(tmp_path), str(Path.home()))
        english = []
        for root in [window, *dialogs]:
            root.show()
            for where, text in shown_texts(root):
                words = english_words(text, user_data)
                if words:
                    english.append(f"{type(root).__name__} {where}: {text!r}")
            root.hide()
        assert english == [], "\n".join(english)
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        await backend.aclose()
