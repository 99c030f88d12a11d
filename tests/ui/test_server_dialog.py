"""The server dialogs in the first hour: Enter saves, results never go stale or blame the server for
the network, the dialog keeps its size, and a machine without a keychain still saves its key."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QWidget

from mjdesk.core import secrets
from mjdesk.core.api import Dialect, ServerProfile
from mjdesk.core.library import Library
from mjdesk.core.paths import app_paths
from mjdesk.sim import Simulator
from mjdesk.ui.backend import Backend
from mjdesk.ui.dialogs.first_run import FirstRunDialog
from mjdesk.ui.dialogs.server import ProfileDialog
from mjdesk.ui.dialogs.settings import SettingsDialog

from .conftest import SIM_KEY, MemoryKeyring, until
from .test_servers import fill


@pytest.fixture
def no_keychain() -> Iterator[None]:
    """A machine without a keychain (minimal desktop, WSL, container): keyring's ``fail`` backend."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


async def settle() -> None:
    """Let Qt lay out and paint (the qasync loop runs Qt's events while it waits)."""
    await asyncio.sleep(0.05)


async def shown(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.activateWindow()
    await settle()
    return dialog


def press_enter(dialog: QDialog) -> None:
    target: QWidget = dialog.focusWidget() or dialog
    QTest.keyClick(target, Qt.Key.Key_Return)


async def connected(qtbot, dialog: FirstRunDialog | ProfileDialog) -> None:
    qtbot.mouseClick(dialog.tester.button, Qt.MouseButton.LeftButton)  # as a user does: it takes the focus
    await until(lambda: dialog.tester.result.text().startswith("✔"), what="connected")
    await settle()


# -- Enter saves, never starts the demo ----------------------------------------------------------


async def test_enter_after_a_successful_test_saves_the_server_in_the_first_run_dialog(
    qtbot, library: Library, sim: Simulator, memory_keyring: MemoryKeyring
) -> None:
    dialog = await shown(qtbot, FirstRunDialog(library))
    saved: list[str] = []
    demo: list[bool] = []
    dialog.saved.connect(saved.append)
    dialog.demo_requested.connect(lambda: demo.append(True))
    fill(dialog, sim, SIM_KEY)
    await connected(qtbot, dialog)
    assert dialog.save_button.isDefault()
    press_enter(dialog)
    await until(lambda: saved == ["Studio"] or bool(demo), what="Enter handled")
    assert demo == [] and saved == ["Studio"]
    assert library.profile("Studio") is not None and memory_keyring.store[("mjdesk", "Studio")] == SIM_KEY


async def test_enter_after_a_successful_test_saves_in_the_server_dialog(
    qtbot, library: Library, sim: Simulator, memory_keyring: MemoryKeyring
) -> None:
    dialog = await shown(qtbot, ProfileDialog(library))
    saved: list[str] = []
    dialog.saved.connect(saved.append)
    fill(dialog, sim, SIM_KEY)
    await connected(qtbot, dialog)
    press_enter(dialog)
    await until(lambda: saved == ["Studio"], what="saved by Enter")
    assert len([r for r in sim.requests if r.server == "api"]) == 1, "Enter must not run the test again"


# -- the test's result -----------------------------------------------------------------------------


async def test_a_result_goes_away_when_the_address_key_or_type_changes(qtbot, library: Library, sim: Simulator) -> None:
    dialog = await shown(qtbot, ProfileDialog(library))
    fill(dialog, sim, SIM_KEY)
    for edit in (
        lambda: dialog.form.base_url.setText(sim.base_url + "/"),
        lambda: dialog.form.key.setText(SIM_KEY + " "),
        lambda: dialog.form.dialect.setCurrentIndex(dialog.form.dialect.findData(Dialect.NEW_API.value)),
    ):
        await connected(qtbot, dialog)
        edit()
        assert dialog.tester.result.text() == ""
        fill(dialog, sim, SIM_KEY)

    # A test still running when the address changes: its answer is about the old address.
    dialog.tester.button.click()
    dialog.form.base_url.setText("http://127.0.0.1:1")
    await until(lambda: dialog.tester.task is not None and dialog.tester.task.done(), what="test finished")
    await settle()
    assert dialog.tester.result.text() == ""
    assert dialog.tester.button.isEnabled()


async def test_network_failures_name_the_host_instead_of_blaming_the_server(
    qtbot, library: Library, sim: Simulator
) -> None:
    dialog = await shown(qtbot, ProfileDialog(library))
    fill(dialog, sim, SIM_KEY)
    result = dialog.tester.result

    dialog.form.base_url.setText("http://no-such-host.invalid")
    dialog.tester.button.click()
    await until(lambda: result.text().startswith("✖"), timeout=20, what="DNS failure")
    assert "Could not find the host “no-such-host.invalid”" in result.text()
    assert "The server said" not in result.text() and "Errno" not in result.text()

    dialog.form.base_url.setText("http://127.0.0.1:1")  # nothing listens on port 1
    dialog.tester.button.click()
    await until(lambda: result.text().startswith("✖"), timeout=20, what="refused")
    assert "Nothing answers at 127.0.0.1:1" in result.text()
    assert "The server said" not in result.text() and "All connection attempts failed" not in result.text()


async def test_a_wrong_key_is_said_once(qtbot, library: Library, sim: Simulator) -> None:
    dialog = await shown(qtbot, FirstRunDialog(library))
    fill(dialog, sim, "sk-wrong")
    dialog.tester.button.click()
    await until(lambda: dialog.tester.result.text().startswith("✖"), what="refused")
    assert dialog.tester.result.text().count("\n") == 0
    assert "does not accept this API key" in dialog.tester.result.text()


@pytest.mark.parametrize("kind", [FirstRunDialog, ProfileDialog])
async def test_the_dialog_keeps_its_size_as_messages_come_and_go(
    qtbot, library: Library, sim: Simulator, kind: type[QDialog]
) -> None:
    dialog = await shown(qtbot, kind(library))

    def layout() -> list[object]:
        """The dialog's size and where its parts sit: a message must move none of them."""
        parts = (
            dialog.form.key,
            dialog.form.key_note,
            dialog.tester.button,
            dialog.tester.result,
            dialog.problem,
            dialog.save_button,
        )
        return [dialog.size(), *(w.mapTo(dialog, w.rect().topLeft()) for w in parts), *(w.height() for w in parts)]

    before = layout()
    dialog.form.name.setText("Studio")  # "Enter the server address…" appears
    await settle()
    assert dialog.problem.text() and layout() == before

    fill(dialog, sim, "sk-wrong")
    dialog.form.base_url.setText("http://no-such-host.invalid")
    dialog.tester.button.click()
    await until(lambda: dialog.tester.result.text().startswith("✖"), timeout=20, what="failed")
    await settle()
    assert layout() == before

    fill(dialog, sim, SIM_KEY)
    await connected(qtbot, dialog)  # two lines: connected, and what this server offers
    assert dialog.tester.result.text().count("\n") == 1 and layout() == before

    dialog.form.dialect.setCurrentIndex(dialog.form.dialect.findData(Dialect.MIDJOURNEY_PROXY.value))
    dialog.form.base_url.setText("")
    await settle()
    assert layout() == before


# -- no keychain -----------------------------------------------------------------------------------


async def test_without_a_keychain_the_dialogs_say_where_the_key_goes_and_still_save(
    qtbot, library: Library, sim: Simulator, no_keychain: None
) -> None:
    key_file = app_paths().config / secrets.KEY_FILE_NAME
    dialog = await shown(qtbot, FirstRunDialog(library))
    note = dialog.form.key_note
    await until(lambda: str(key_file) in note.text(), what="the key-file warning")
    assert "No system keychain" in note.text() and "readable only by you" in note.text()
    saved: list[str] = []
    dialog.saved.connect(saved.append)
    fill(dialog, sim, SIM_KEY)
    dialog.save_button.click()
    await until(lambda: saved == ["Studio"], what="saved despite no keychain")
    assert secrets.get_api_key("Studio") == SIM_KEY
    assert json.loads(key_file.read_text(encoding="utf-8"))["keys"] == {"Studio": SIM_KEY}
    if sys.platform != "win32":
        assert key_file.stat().st_mode & 0o077 == 0
    home = Path(os.environ["MJDESK_HOME"])
    assert [p for p in home.rglob("*") if p.is_file() and SIM_KEY.encode() in p.read_bytes()] == [key_file]

    editor = await shown(qtbot, ProfileDialog(library, existing=library_profile(library, "Studio")))
    await until(lambda: str(key_file) in editor.form.key_note.text(), what="the warning when editing")


def library_profile(library: Library, name: str) -> ServerProfile:
    from mjdesk.core import profiles

    found = profiles.load(library, name)
    assert found is not None
    return found


async def test_with_a_keychain_the_dialog_says_so(qtbot, library: Library, memory_keyring: MemoryKeyring) -> None:
    dialog = await shown(qtbot, ProfileDialog(library))
    await until(lambda: "system keychain" in dialog.form.key_note.text(), what="the keychain note")
    assert "No system keychain" not in dialog.form.key_note.text()


async def test_settings_names_the_store_and_moves_keys_into_a_keychain_that_appeared(
    qtbot, make_window, backend: Backend, library: Library, sim: Simulator, no_keychain: None
) -> None:
    key_file = app_paths().config / secrets.KEY_FILE_NAME
    window = make_window()
    await backend.start()
    try:
        window.show_settings()
        dialog = window.dialog
        assert isinstance(dialog, SettingsDialog)
        dialog.add_button.click()
        editor = dialog._child
        fill(editor, sim, SIM_KEY)
        editor.save_button.click()
        await until(lambda: backend.profile is not None and backend.key_of("Studio") == SIM_KEY, what="saved")
        await until(lambda: str(key_file) in dialog.key_store.text.text(), what="the store named in Settings")
        assert "No system keychain" in dialog.key_store.text.text()
        assert not dialog.key_store.move_button.isVisible()

        ring = MemoryKeyring()
        keyring.set_keyring(ring)  # a keychain appears while the app runs
        dialog.reject()
        window.show_settings()
        dialog = window.dialog
        await until(lambda: dialog.key_store.move_button.isVisible(), what="the offer to move the keys")
        dialog.key_store.move_button.click()
        await until(lambda: ring.store.get(("mjdesk", "Studio")) == SIM_KEY, what="moved")
        await until(lambda: not dialog.key_store.move_button.isVisible(), what="offer gone")
        assert not key_file.exists()
        assert "system keychain" in dialog.key_store.text.text()
        assert "No system keychain" not in dialog.key_store.text.text()
        dialog.reject()
    finally:
        await backend.aclose()


# -- addresses that must not be used, or only with a warning -------------------------------------


async def test_an_address_with_a_key_in_it_cannot_be_saved_and_plain_http_is_warned(qtbot, library: Library) -> None:
    dialog = await shown(qtbot, ProfileDialog(library))
    form = dialog.form
    form.name.setText("Studio")
    form.key.setText("sk-typed")
    form.base_url.setText("http://sk-live-123@gateway.example.com")
    assert "API key goes in its own field" in dialog.problem.text()
    assert not dialog.save_button.isEnabled()
    form.base_url.setText("http://gateway.example.com:8080")
    assert "unencrypted" in dialog.problem.text() and dialog.save_button.isEnabled()  # a word, no block
    for safe in ("https://gateway.example.com", "http://127.0.0.1:8080"):
        form.base_url.setText(safe)
        assert dialog.problem.text() == ""
