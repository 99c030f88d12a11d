"""Follow-up buttons speak the user's language and never show the server's emoji (issue 11):
every button kind the app knows has its own translated name and its own drawn icon."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from mjdesk import app as mjapp
from mjdesk.core.api.buttons import Button, ButtonKind, human_label, plain_label
from mjdesk.core.library import JobRecord, Library
from mjdesk.core.paths import app_paths
from mjdesk.sim.buttons import describe_buttons, grid_buttons, shorten_buttons, upscale_buttons
from mjdesk.ui.detail.buttons import button_text
from mjdesk.ui.main_window import MainWindow

from ..conftest import fake_profile

H = "0123456789abcdef"
SERVER_BUTTONS = grid_buttons(H) + upscale_buttons(H) + describe_buttons() + shorten_buttons(H)


def is_emoji(ch: str) -> bool:
    return (not ch.isascii() and unicodedata.category(ch) in ("So", "Sk")) or ch in "\ufe0f\u20e3"


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    path = mjapp.qm_path("zh_CN", app_paths().ensure().cache)
    assert path is not None
    translator = QTranslator()
    assert translator.load(str(path))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def shown_job(library: Library, buttons: list[dict]) -> JobRecord:
    job = library.add_job(profile="t", action="UPSCALE", prompt="a fox")
    library.mark_submitted(job.id, "r-1", {"code": 1})
    library.update_from_task(job.id, "SUCCESS", progress=100, buttons=buttons, terminal=True)
    return library.job(job.id)


def test_the_app_names_every_button_the_simulator_offers() -> None:
    unnamed = [b["customId"] for b in SERVER_BUTTONS if human_label(b["customId"]) is None]
    assert unnamed == [f"MJ::PromptAnalyzerExtended::{H}"]  # not a Midjourney button: its label stays
    assert human_label(f"MJ::JOB::upsample_v6_2x_subtle::1::{H}::SOLO") == "Upscale (Subtle)"
    assert human_label(f"MJ::Outpaint::75::1::{H}::SOLO") == "Zoom Out 1.5x"
    assert human_label(f"MJ::JOB::animate_high::1::{H}::SOLO") == "Animate (High motion)"


def test_server_labels_lose_emoji_and_control_characters() -> None:
    assert plain_label("🔄") == ""
    assert plain_label("❤️ Like\x00 it\nnow") == "Like it now"
    assert plain_label("Zoom 👨\u200d👩\u200d👧 Out") == "Zoom Out"
    assert len(plain_label("x" * 500)) == 40


async def test_follow_up_buttons_in_chinese_have_the_apps_names_and_icons(
    make_window: Callable[..., MainWindow], library: Library, chinese: None
) -> None:
    window = make_window(fake_profile())
    window.detail.show_job(shown_job(library, upscale_buttons(H)))
    widgets = window.detail.action_buttons()
    assert len(widgets) == len(upscale_buttons(H)) - 1  # the ❤️ bookmark is not offered
    texts = {
        w.property("custom_id").split("::")[2]
        if "JOB" in w.property("custom_id")
        else w.property("custom_id").split("::")[1]: w.text()
        for w in widgets
    }
    assert texts["upsample_v6_2x_subtle"] == "放大（细微）"
    assert texts["Inpaint"] == "局部重绘"
    assert texts["pan_left"] == "向左平移"
    for widget in widgets:
        text = widget.text()
        assert text and not any(is_emoji(ch) for ch in text), text
        assert not any(ch.isascii() and ch.isalpha() for ch in text.replace("x", "")), text  # "2x" stays
        assert not widget.icon().isNull(), text  # the app's own icon instead of the server's emoji


async def test_grid_and_unknown_buttons(make_window: Callable[..., MainWindow], library: Library) -> None:
    window = make_window(fake_profile())
    odd = [
        {"customId": "MJ::Fancy::thing::1", "label": "🎉 Party", "emoji": "🎉"},
        {"customId": "MJ::Mystery::7", "label": "", "emoji": "✨"},
    ]
    window.detail.show_job(shown_job(library, grid_buttons(H) + odd))
    by_id = {w.property("custom_id"): w for w in window.detail.action_buttons()}
    assert [by_id[f"MJ::JOB::upsample::{i}::{H}"].text() for i in range(1, 5)] == ["U1", "U2", "U3", "U4"]
    assert by_id[f"MJ::JOB::upsample::1::{H}"].icon().isNull()  # U1 says it all
    reroll = by_id[f"MJ::JOB::reroll::0::{H}::SOLO"]
    assert reroll.text() == "Reroll" and not reroll.icon().isNull()  # was "🔄" alone
    assert by_id["MJ::Fancy::thing::1"].text() == "Party"
    assert by_id["MJ::Mystery::7"].text() == "Action Mystery"


def test_every_icon_is_drawn(qapp) -> None:  # qapp: pixmaps need a QGuiApplication
    from mjdesk.ui.icons import button_icon, name_for

    for obj in [*SERVER_BUTTONS, {"customId": f"MJ::JOB::animate_low::1::{H}::SOLO"}]:
        button = Button.from_json(obj)
        assert button is not None
        if name_for(button) is None:
            assert button.kind in (
                ButtonKind.UPSCALE,
                ButtonKind.VARIATION,
                ButtonKind.PROMPT_ANALYZER,
                ButtonKind.PIC_READER,
                ButtonKind.OTHER,
            ), button.custom_id
            continue
        image = button_icon(button).pixmap(16, 16).toImage()
        inked = sum(image.pixelColor(x, y).alpha() > 64 for x in range(image.width()) for y in range(image.height()))
        assert inked > 10, button.custom_id  # something is actually painted
        assert button_text(button)


def test_the_icon_set_is_shipped_and_sharp_at_every_ratio(qapp) -> None:
    """Every name the app uses has its SVG file in the package; each renders real ink at 1x, 2x
    and 3x (HiDPI), in the colour asked for; no shipped file is left unused."""
    from PySide6.QtGui import QColor

    from mjdesk.ui.icons import ICON_DIR, NAMES, RATIOS, glyph_icon, pixmap

    assert {f"{file}.svg" for file in NAMES.values()} == {p.name for p in ICON_DIR.glob("*.svg")}
    assert (ICON_DIR / "LICENSE").is_file()
    red = QColor(255, 0, 0)
    for name in NAMES:
        for ratio in RATIOS:
            picture = pixmap(name, red, 16, ratio)
            image = picture.toImage()
            assert (image.width(), image.height()) == (round(16 * ratio), round(16 * ratio))
            assert picture.deviceIndependentSize().width() == 16
            ink = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
            inked = [c for c in ink if c.alpha() > 100]
            assert len(inked) > 15 * ratio, name  # something is actually painted (strokes grow with the ratio)
            assert all(c.red() > 200 and c.green() < 60 for c in inked), name  # in the colour asked
        assert not glyph_icon(name).pixmap(16, 16).isNull()


def test_a_buttons_icon_follows_its_palette_when_the_theme_changes(qtbot) -> None:
    """A theme switched while the app runs recolours the icons already on their buttons."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QToolButton

    from mjdesk.ui.icons import glyph_icon

    button = QToolButton()
    qtbot.addWidget(button)
    button.setIcon(glyph_icon("play", button))

    def ink(color: str) -> set[str]:
        palette = button.palette()
        palette.setColor(QPalette.ColorRole.ButtonText, QColor(color))
        button.setPalette(palette)
        image = button.icon().pixmap(16, 16).toImage()
        return {
            image.pixelColor(x, y).name()
            for x in range(image.width())
            for y in range(image.height())
            if image.pixelColor(x, y).alpha() > 200
        }

    assert ink("#ff0000") == {"#ff0000"}
    assert ink("#0000ff") == {"#0000ff"}
