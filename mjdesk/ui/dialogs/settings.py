"""Settings: servers, downloads and image limits, job polling, language and theme.

Servers are saved as soon as their own dialog is saved (library + keychain, or the private key
file where no keychain works: the Servers page says which, and offers to move keys into a keychain
that works again); the rest when OK is pressed (``accepted_settings`` carries the new
``Settings``). Everything is shown with ``open()``.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from mjdesk.core import secrets
from mjdesk.core.settings import Settings

from ..asyncutil import loop_running, spawn
from ..backend import Backend
from ..theme import tone
from .server import ProfileDialog, reserve_lines, secret_error_text

if TYPE_CHECKING:
    from ..updates import UpdateChecker


class KeyStorePanel(QWidget):
    """Names the store API keys are kept in; where keys wait in the key file although a keychain
    works (it came back), offers to move them. The checks run in worker threads."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel(self)
        self.text.setTextFormat(Qt.TextFormat.PlainText)  # a path is not markup
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        reserve_lines(self.text, 3)
        layout.addWidget(self.text, 1)
        self.move_button = QPushButton(self.tr("&Move keys to the system keychain"), self)
        self.move_button.setAccessibleName(self.tr("Move the API keys from the key file to the system keychain"))
        self.move_button.setAutoDefault(False)
        self.move_button.clicked.connect(lambda: spawn(self._move(), name="move-keys"))
        layout.addWidget(self.move_button, 0, Qt.AlignmentFlag.AlignTop)
        self.show_status(secrets.cached_status(folder))

    def check(self, *, refresh: bool = False) -> None:
        """Look again (``refresh``: probe the keychain again too, it may have appeared)."""
        if loop_running():
            spawn(self._check(refresh), name="check-keychain")

    async def _check(self, refresh: bool) -> None:
        found = await asyncio.to_thread(secrets.status, self.folder, refresh=refresh)
        if isValid(self):
            self.show_status(found)

    def show_status(self, status: secrets.StoreStatus | None, problem: str = "") -> None:
        warn = False
        if status is None:
            text = self.tr("Checking the system keychain…")
        elif status.movable:
            text = self.tr(
                "API keys are kept in the system keychain, but some are still in {file}. Move them to the keychain."
            ).format(file=status.file)
        elif status.keychain:
            text = self.tr("API keys are kept in the system keychain.")
        else:
            warn = True
            text = self.tr(
                "⚠ No system keychain works on this computer, so API keys are kept in {file}, readable "
                "only by you. They move into a system keychain once one works."
            ).format(file=status.file)
        if problem:
            warn, text = True, problem + "\n" + text
        self.text.setText(text)
        self.text.setToolTip(text)
        self.text.setStyleSheet("color: #9a6700;" if warn else "color: palette(placeholder-text);")
        self.move_button.setVisible(bool(status and status.movable))
        self.move_button.setEnabled(True)

    async def _move(self) -> None:
        self.move_button.setEnabled(False)
        problem = ""
        try:
            await asyncio.to_thread(secrets.move_to_keychain, self.folder)
        except secrets.SecretStoreError as exc:  # the keychain refused after all: keys stay in the file
            problem = secret_error_text(exc)
        found = await asyncio.to_thread(secrets.status, self.folder)
        if isValid(self):
            self.show_status(found, problem)


class SettingsDialog(QDialog):
    accepted_settings = Signal(object)  # Settings
    servers_changed = Signal()

    def __init__(
        self, backend: Backend, settings: Settings, parent: QWidget | None = None, checker: UpdateChecker | None = None
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.settings = settings
        self.checker = checker
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumSize(640, 460)
        layout = QVBoxLayout(self)
        self.pages = QTabWidget(self)
        self.pages.setAccessibleName(self.tr("Settings pages"))
        self.pages.addTab(self._servers_page(), self.tr("&Servers"))
        self.pages.addTab(self._images_page(), self.tr("&Images and downloads"))
        self.pages.addTab(self._general_page(), self.tr("&General"))
        layout.addWidget(self.pages)
        self.problem = QLabel(self)
        self.problem.setStyleSheet(f"color: {tone('error')};")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._child: QDialog | None = None
        backend.profiles_changed.connect(self._fill_servers)
        backend.profiles_changed.connect(self.key_store.check)  # a key saved or removed: look again
        self._fill_servers()

    # -- servers --------------------------------------------------------------------------------

    def _servers_page(self) -> QWidget:
        page = QWidget(self)
        outer = QVBoxLayout(page)
        layout = QHBoxLayout()
        outer.addLayout(layout, 1)
        self.key_store = KeyStorePanel(self.backend.library.paths.config, page)
        outer.addWidget(self.key_store)
        self.servers = QListWidget(page)
        self.servers.setAccessibleName(self.tr("Saved servers"))
        self.servers.currentRowChanged.connect(self._server_buttons)
        self.servers.itemDoubleClicked.connect(lambda _: self._edit())
        layout.addWidget(self.servers, 1)
        column = QVBoxLayout()
        self.add_button = QPushButton(self.tr("&Add…"), page)
        self.add_button.setAccessibleName(self.tr("Add a server"))
        self.add_button.clicked.connect(self._add)
        self.edit_button = QPushButton(self.tr("&Edit…"), page)
        self.edit_button.setAccessibleName(self.tr("Edit the selected server"))
        self.edit_button.clicked.connect(self._edit)
        self.remove_button = QPushButton(self.tr("&Remove"), page)
        self.remove_button.setAccessibleName(self.tr("Remove the selected server"))
        self.remove_button.clicked.connect(self._remove)
        self.default_button = QPushButton(self.tr("Use by &default"), page)
        self.default_button.setAccessibleName(self.tr("Use the selected server by default"))
        self.default_button.clicked.connect(self._make_default)
        for button in (self.add_button, self.edit_button, self.remove_button, self.default_button):
            column.addWidget(button)
        column.addStretch(1)
        layout.addLayout(column)
        self.key_store.check(refresh=True)  # a keychain may work now that did not at start
        return page

    def _fill_servers(self) -> None:
        current = self._selected()
        self.servers.clear()
        active = self.backend.profile.name if self.backend.profile else None
        saved = self.backend.saved_profiles()
        for profile in saved:
            text = f"{profile.name} — {profile.base_url}"
            if profile.name == active:
                text += "  " + self.tr("(in use)")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, profile.name)
            self.servers.addItem(item)
            if profile.name == current:
                self.servers.setCurrentItem(item)
        if self.backend.is_demo:
            # The demo is a session-only server: listed so the user sees what is in use, never saved.
            item = QListWidgetItem(self.tr("Demo — the built-in simulator (in use, not saved)"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.servers.insertItem(0, item)
        if not saved:
            item = QListWidgetItem(self.tr("No servers yet. Use “Add…” to connect one."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.servers.addItem(item)
        self._server_buttons()

    def _selected(self) -> str | None:
        item = self.servers.currentItem()
        if item is None:
            return None
        name: str | None = item.data(Qt.ItemDataRole.UserRole)  # None on the "No servers yet" line
        return name

    def _server_buttons(self) -> None:
        chosen = self._selected() is not None
        for button in (self.edit_button, self.remove_button, self.default_button):
            button.setEnabled(chosen)

    def _open_profile_dialog(self, name: str | None) -> None:
        existing = next((p for p in self.backend.saved_profiles() if p.name == name), None)
        dialog = ProfileDialog(
            self.backend.library,
            existing=existing,
            saved_key=self.backend.key_of(name) if name else "",
            taken_names={p.name for p in self.backend.saved_profiles()},
            make_default=not self.backend.saved_profiles(),
            parent=self,
        )
        dialog.saved.connect(lambda _name: self.servers_changed.emit())
        dialog.finished.connect(dialog.deleteLater)
        self._child = dialog
        dialog.open()

    def _add(self) -> None:
        self._open_profile_dialog(None)

    def _edit(self) -> None:
        name = self._selected()
        if name is not None:
            self._open_profile_dialog(name)

    def _remove(self) -> None:
        name = self._selected()
        if name is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Remove server"),
            self.tr("Remove “{name}” and its key? Its jobs stay in your library.").format(name=name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Remove"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Keep"))
        box.finished.connect(
            lambda code: spawn(self.backend.remove_profile(name)) if code == QMessageBox.StandardButton.Yes else None
        )
        box.finished.connect(box.deleteLater)
        self._child = box
        box.open()

    def _make_default(self) -> None:
        name = self._selected()
        if name is not None:
            spawn(self.backend.make_default(name))  # the backend reconfigures itself

    # -- images and downloads -------------------------------------------------------------------

    def _images_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        folder_row = QHBoxLayout()
        self.folder = QLineEdit(self.settings.download_folder, page)
        self.folder.setPlaceholderText(str(self.settings.downloads()))
        self.folder.setAccessibleName(self.tr("Download folder"))
        folder_row.addWidget(self.folder, 1)
        browse = QPushButton(self.tr("&Browse…"), page)
        browse.setAccessibleName(self.tr("Choose the download folder"))
        browse.clicked.connect(self._browse)
        folder_row.addWidget(browse)
        label = QLabel(self.tr("&Download folder"), page)
        label.setBuddy(self.folder)  # a layout row gets no buddy from QFormLayout
        form.addRow(label, folder_row)
        form.addRow("", self._note(self.tr("Where “Export” and “Save as” start. Empty: your Pictures folder.")))

        self.max_side = QSpinBox(page)
        self.max_side.setRange(256, 8192)
        self.max_side.setSingleStep(128)
        self.max_side.setSuffix(self.tr(" px"))
        self.max_side.setValue(self.settings.image_max_side)
        self.max_side.setAccessibleName(self.tr("Longest side of images sent"))
        form.addRow(self.tr("&Longest side"), self.max_side)
        self.image_mb = self._mb_spin(page, self.settings.image_max_mb, 50)
        self.image_mb.setAccessibleName(self.tr("Largest image sent, in megabytes"))
        form.addRow(self.tr("Largest &image"), self.image_mb)
        self.request_mb = self._mb_spin(page, self.settings.request_max_mb, 200)
        self.request_mb.setAccessibleName(self.tr("Largest request, in megabytes"))
        form.addRow(self.tr("Largest &request"), self.request_mb)
        form.addRow(
            "",
            self._note(
                self.tr(
                    "Bigger images are scaled down before they are sent. Most gateways refuse requests over "
                    "10 MB, so keep the request limit below that."
                )
            ),
        )
        return page

    def _mb_spin(self, parent: QWidget, value: float, top: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(parent)
        spin.setRange(0.1, top)
        spin.setDecimals(1)
        spin.setSingleStep(0.5)
        spin.setSuffix(self.tr(" MB"))
        spin.setValue(value)
        return spin

    def _note(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setStyleSheet("color: palette(placeholder-text);")
        return label

    def _browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Download folder"), self.folder.text() or str(self.settings.downloads()))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(self.folder.setText)
        dialog.finished.connect(dialog.deleteLater)
        self._child = dialog
        dialog.open()

    # -- general --------------------------------------------------------------------------------

    def _general_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.language = QComboBox(page)
        self.language.setAccessibleName(self.tr("Language"))
        for code, text in (("", self.tr("Same as the system")), ("en", "English"), ("zh_CN", "简体中文")):
            self.language.addItem(text, code)
        self.language.setCurrentIndex(max(0, self.language.findData(self.settings.language)))
        form.addRow(self.tr("&Language"), self.language)
        form.addRow("", self._note(self.tr("A new language takes effect the next time mjdesk starts.")))
        self.theme = QComboBox(page)
        self.theme.setAccessibleName(self.tr("Theme"))
        for code, text in (
            ("system", self.tr("Same as the system")),
            ("light", self.tr("Light")),
            ("dark", self.tr("Dark")),
        ):
            self.theme.addItem(text, code)
        self.theme.setCurrentIndex(max(0, self.theme.findData(self.settings.theme)))
        form.addRow(self.tr("&Theme"), self.theme)
        self.poll = QDoubleSpinBox(page)
        self.poll.setRange(0.5, 60)
        self.poll.setDecimals(1)
        self.poll.setSingleStep(0.5)
        self.poll.setSuffix(self.tr(" s"))
        self.poll.setValue(self.settings.poll_interval)
        self.poll.setAccessibleName(self.tr("Seconds between status checks"))
        form.addRow(self.tr("&Check running jobs every"), self.poll)
        form.addRow(
            "",
            self._note(
                self.tr("How often mjdesk asks the server about running jobs. Queued jobs are checked less often.")
            ),
        )
        self.budget = QDoubleSpinBox(page)
        self.budget.setRange(0, 1_000_000)
        self.budget.setDecimals(2)
        self.budget.setSingleStep(1)
        self.budget.setSpecialValueText(self.tr("No budget"))
        self.budget.setValue(self.settings.daily_budget)
        self.budget.setAccessibleName(self.tr("Daily budget"))
        form.addRow(self.tr("Daily &budget"), self.budget)
        form.addRow(
            "",
            self._note(
                self.tr(
                    "Before a submit would take today's spending over this, mjdesk asks. In the price unit of "
                    "each server (its prices are set when editing it)."
                )
            ),
        )
        self.check_updates = QCheckBox(self.tr("Tell me when a new version of mjdesk is out"), page)
        self.check_updates.setAccessibleName(self.tr("Check for new versions"))
        self.check_updates.setChecked(self.settings.check_updates)
        self.check_now = QPushButton(self.tr("Check &now"), page)
        self.check_now.setAccessibleName(self.tr("Check for a new version now"))
        self.check_now.setEnabled(self.checker is not None)
        self.check_now.clicked.connect(lambda: spawn(self._check_now(), name="update-check"))
        updates_row = QHBoxLayout()
        updates_row.addWidget(self.check_updates, 1)
        updates_row.addWidget(self.check_now)
        form.addRow(self.tr("Updates"), updates_row)
        self.update_status = self._note(
            self.tr("Once a day mjdesk reads the project's release list. Nothing about you or your work is sent.")
        )
        form.addRow("", self.update_status)
        return page

    async def _check_now(self) -> None:
        if self.checker is None:
            return
        self.check_now.setEnabled(False)
        self.update_status.setText(self.tr("Checking…"))
        try:
            outcome = await self.checker.check(forced=True)
        finally:
            if isValid(self):
                self.check_now.setEnabled(True)
        if not isValid(self):
            return
        if outcome.release is not None:
            text = self.tr("mjdesk {version} is available: see the button in the status bar.")
            self.update_status.setText(text.format(version=outcome.release.version))
        elif outcome.problem:
            self.update_status.setText(self.tr("Could not check: {reason}").format(reason=outcome.problem))
        else:
            self.update_status.setText(
                self.tr("mjdesk {version} is the newest version.").format(version=self.checker.current)
            )

    # -- result ---------------------------------------------------------------------------------

    def values(self) -> Settings:
        return replace(
            self.settings,
            download_folder=self.folder.text().strip(),
            image_max_side=self.max_side.value(),
            image_max_mb=round(self.image_mb.value(), 1),
            request_max_mb=round(self.request_mb.value(), 1),
            language=self.language.currentData(),
            theme=self.theme.currentData(),
            poll_interval=round(self.poll.value(), 1),
            check_updates=self.check_updates.isChecked(),
            daily_budget=round(self.budget.value(), 2),
        )

    def _ok(self) -> None:
        from mjdesk.core.settings import SettingsError

        try:
            settings = self.values()
        except SettingsError:
            self.problem.setText(self.tr("The largest request must be at least as large as the largest image."))
            self.pages.setCurrentIndex(1)
            return
        self.accepted_settings.emit(settings)
        self.accept()
