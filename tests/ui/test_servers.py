"""First run, server profiles and Settings: with a keychain, the key goes there and nowhere else."""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtWidgets import QApplication

from mjdesk.core.api.dialects import Dialect
from mjdesk.core.library import Library
from mjdesk.core.paths import app_paths
from mjdesk.core.settings import Settings
from mjdesk.sim import Simulator
from mjdesk.ui.backend import Backend, ConnectionState
from mjdesk.ui.dialogs.first_run import FirstRunDialog
from mjdesk.ui.dialogs.server import ProfileDialog
from mjdesk.ui.dialogs.settings import SettingsDialog
from mjdesk.ui.main_window import MainWindow

from .conftest import SIM_KEY, MemoryKeyring, until


def fill(dialog: FirstRunDialog | ProfileDialog, sim: Simulator, key: str, name: str = "Studio") -> None:
    form = dialog.form
    form.name.setText(name)
    form.base_url.setText(sim.base_url)
    form.dialect.setCurrentIndex(form.dialect.findData(Dialect.TRUEAI.value))
    form.key.setText(key)


async def test_test_connection_says_whether_the_key_works(qtbot, library: Library, sim: Simulator) -> None:
    dialog = FirstRunDialog(library)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled() and not dialog.tester.button.isEnabled()
    fill(dialog, sim, "sk-wrong")
    dialog.tester.button.click()
    await until(lambda: dialog.tester.result.text().startswith("✖"), what="refused")
    assert dialog.tester.result.text() == "✖ The server answered, but it does not accept this API key."

    dialog.form.key.setText(SIM_KEY)
    dialog.tester.button.click()
    await until(lambda: dialog.tester.result.text().startswith("✔"), what="connected")
    text = dialog.tester.result.text()
    assert "the key works" in text
    assert "You can use: Imagine, Blend, Describe, Shorten, Swap Face, Video, Upload." in text

    dialog.form.base_url.setText("http://127.0.0.1:1")  # nobody listens there
    dialog.tester.button.click()
    await until(
        lambda: dialog.tester.result.text().startswith("✖ Nothing answers at 127.0.0.1:1"), timeout=20, what="no server"
    )


async def test_first_run_saves_profile_to_library_and_key_to_keychain(
    qtbot, library: Library, backend: Backend, sim: Simulator, memory_keyring: MemoryKeyring
) -> None:
    dialog = FirstRunDialog(library)
    qtbot.addWidget(dialog)
    fill(dialog, sim, SIM_KEY)
    dialog.form.proxy_kind.setCurrentIndex(dialog.form.proxy_kind.findData("none"))
    assert dialog.save_button.isEnabled()
    saved: list[str] = []
    dialog.saved.connect(saved.append)
    dialog.open()
    dialog.save_button.click()
    await until(lambda: saved == ["Studio"], what="saved")
    assert not dialog.isVisible()
    record = library.profile("Studio")
    assert record is not None and record.is_default and record.base_url == sim.base_url
    assert record.settings["proxy"] == {"kind": "none", "url": ""}
    assert memory_keyring.store == {("mjdesk", "Studio"): SIM_KEY}
    assert SIM_KEY not in json.dumps(record.settings)

    await backend.start()
    try:
        assert backend.profile is not None and backend.profile.name == "Studio"
        await backend.check_connection()
        assert backend.connection is ConnectionState.CONNECTED
    finally:
        await backend.aclose()


async def test_the_key_is_in_no_file_under_home(
    make_window, backend: Backend, library: Library, sim: Simulator, memory_keyring: MemoryKeyring
) -> None:
    """A whole session: first run, submit, finish, settings saved, shut down; then grep every file."""
    key = "sk-LEAKCHECK-7f3a9b2e41d0"
    sim.config.api_key = key
    window: MainWindow = make_window()
    await backend.start()
    window.show_first_run()
    dialog = window.dialog
    assert isinstance(dialog, FirstRunDialog)
    fill(dialog, sim, key)
    dialog.save_button.click()
    await until(
        lambda: backend.profile is not None and backend.connection is ConnectionState.CONNECTED,
        what="connected with the saved profile",
    )
    window.imagine.set_prompt("a key-free lighthouse")
    window.imagine.submit_button.click()
    job = backend.jobs[-1]
    await until(lambda: job.id is not None, what="recorded")
    await backend.service.wait(job.id, timeout=15)
    import logging

    logging.getLogger("mjdesk.test").warning("a log line, so the log file exists")
    await window._save_settings(Settings(theme="light"))
    await backend.aclose()

    home = Path(os.environ["MJDESK_HOME"])
    files = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.name.endswith("-wal") or p.suffix == ".sqlite3" for p in files)
    assert any(p.name == "settings.json" for p in files)
    leaks = [p for p in files if key.encode() in p.read_bytes()]
    assert leaks == []
    assert memory_keyring.store[("mjdesk", "Studio")] == key


async def test_settings_round_trip_and_profile_management(
    qtbot, make_window, backend: Backend, library: Library, sim: Simulator, memory_keyring: MemoryKeyring
) -> None:
    window: MainWindow = make_window()
    await backend.start()
    try:
        window.show_settings()
        dialog = window.dialog
        assert isinstance(dialog, SettingsDialog)
        assert "No servers yet" in dialog.servers.item(0).text()
        dialog.add_button.click()
        editor = dialog._child
        assert isinstance(editor, ProfileDialog)
        fill(editor, sim, SIM_KEY, name="First")
        editor.save_button.click()
        await until(lambda: backend.profile is not None and backend.profile.name == "First", what="first added")
        assert library.profile("First").is_default  # the only server becomes the default

        dialog.add_button.click()
        fill(dialog._child, sim, "sk-second", name="Second")
        dialog._child.save_button.click()
        await until(lambda: len(backend.saved_profiles()) == 2, what="second added")
        assert memory_keyring.store[("mjdesk", "Second")] == "sk-second"
        dialog.servers.setCurrentRow(1)
        dialog.default_button.click()
        await until(lambda: backend.profile.name == "Second", what="default switched")

        dialog.max_side.setValue(1536)
        dialog.image_mb.setValue(2.5)
        dialog.poll.setValue(1.0)
        dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
        dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
        dialog._ok()
        await until(lambda: window.services.settings.theme == "dark", what="settings applied")
        await until(lambda: backend.service.policy.running_interval == 1.0, what="poll interval applied")
        saved = json.loads((app_paths().config / "settings.json").read_text(encoding="utf-8"))
        assert saved["image_max_side"] == 1536 and saved["language"] == "zh_CN" and saved["image_max_mb"] == 2.5
        assert window.blend.images.budget.max_side == 1536
        assert QApplication.instance().style().name().lower() == "fusion"

        window.show_settings()
        dialog = window.dialog
        assert dialog.max_side.value() == 1536 and dialog.language.currentData() == "zh_CN"
        await backend.remove_profile("Second")
        assert library.profile("Second") is None and ("mjdesk", "Second") not in memory_keyring.store
        assert backend.profile.name == "First"
        dialog.reject()
        await window._save_settings(Settings())  # back to the system theme for the other tests
    finally:
        await backend.aclose()


async def test_settings_show_the_demo_in_use_without_saving_it(make_window, backend: Backend, sim: Simulator) -> None:
    from .conftest import sim_profile

    window: MainWindow = make_window()
    await backend.start()
    try:
        backend.use_profile(sim_profile(sim, "Demo"), SIM_KEY, demo=True)
        window.show_settings()
        dialog = window.dialog
        assert isinstance(dialog, SettingsDialog)
        texts = [dialog.servers.item(i).text() for i in range(dialog.servers.count())]
        assert texts[0].startswith("Demo — the built-in simulator") and "No servers yet" in texts[1]
        assert backend.saved_profiles() == []
        dialog.reject()
    finally:
        await backend.aclose()
