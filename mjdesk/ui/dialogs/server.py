"""Adding or editing a server: the form, "Test connection", and saving (profile → library,
key → OS keychain). Used by the first-run dialog and by Settings.

Nothing here blocks: the test and the save run as tasks, and the dialogs are shown with ``open()``.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mjdesk.core.api.client import ConnectionReport, MjClient
from mjdesk.core.api.dialects import Dialect, Endpoint, SpeedMode
from mjdesk.core.api.profile import ProxySetting, ServerProfile, UrlRewrite
from mjdesk.core.library import Library

from ..asyncutil import spawn
from ..job_texts import endpoint_label
from ..texts import error_text

# The actions a designer recognises, in the order of the tabs.
USER_ACTIONS = (
    Endpoint.IMAGINE, Endpoint.BLEND, Endpoint.DESCRIBE, Endpoint.SHORTEN, Endpoint.SWAP_FACE,
    Endpoint.VIDEO, Endpoint.UPLOAD,
)


def dialect_names() -> list[tuple[Dialect, str, str]]:
    return [
        (
            Dialect.NEW_API,
            QCoreApplication.translate("ServerForm", "new-api / one-api relay"),
            QCoreApplication.translate("ServerForm", "A relay that sells Midjourney next to other AI "
                                                     "models; the key usually starts with sk-."),
        ),
        (
            Dialect.MIDJOURNEY_PROXY,
            QCoreApplication.translate("ServerForm", "midjourney-proxy (novicezk)"),
            QCoreApplication.translate("ServerForm", "The original open-source proxy; the key is its mj-api-secret."),
        ),
        (
            Dialect.TRUEAI,
            QCoreApplication.translate("ServerForm", "midjourney-proxy (trueai-org)"),
            QCoreApplication.translate("ServerForm", "The extended proxy with video, edits and cancel; "
                                                     "the key is an admin or user token."),
        ),
    ]


def supported_actions_text(endpoints: frozenset[Endpoint]) -> str:
    comma = QCoreApplication.translate("ServerForm", ", ")
    have = comma.join(endpoint_label(e) for e in USER_ACTIONS if e in endpoints)
    lacking = comma.join(endpoint_label(e) for e in USER_ACTIONS if e not in endpoints)
    text = QCoreApplication.translate("ServerForm", "You can use: {actions}.").format(actions=have)
    if lacking:
        text += " " + QCoreApplication.translate("ServerForm", "Not offered by this server: {actions}.").format(
            actions=lacking
        )
    return text


def report_text(report: ConnectionReport) -> tuple[bool, str]:
    """(ok, what to tell the user) for a connection test."""
    if report.ok:
        head = QCoreApplication.translate("ServerForm", "✔ Connected, and the key works ({ms} ms).")
        return True, head.format(ms=round(report.latency_ms or 0)) + "\n" + supported_actions_text(report.supported)
    if report.auth_ok is False:
        head = QCoreApplication.translate("ServerForm", "✖ The server answered, but it does not accept this API key.")
    else:
        head = QCoreApplication.translate("ServerForm", "✖ Could not connect.")
    detail = error_text(report.error) if report.error is not None else ""
    return False, "\n".join(filter(None, [head, detail]))


class ProfileForm(QWidget):
    """The fields of one server. ``profile()`` and ``key()`` read them; ``problem()`` says what
    is missing, in the user's language."""

    changed = Signal()

    def __init__(
        self,
        *,
        existing: ServerProfile | None = None,
        taken_names: set[str] | frozenset[str] = frozenset(),
        advanced: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.existing = existing
        self.taken = set(taken_names)
        form = QFormLayout(self)
        # Wrapped help texts need the whole field column, not their one-line width.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(8)

        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("e.g. My studio server"))
        self.name.setAccessibleName(self.tr("Server name"))
        form.addRow(self.tr("&Name"), self.name)

        self.base_url = QLineEdit(self)
        self.base_url.setPlaceholderText("https://api.example.com")
        self.base_url.setAccessibleName(self.tr("Server address"))
        form.addRow(self.tr("&Address"), self.base_url)

        self.dialect = QComboBox(self)
        self.dialect.setAccessibleName(self.tr("Server type"))
        for dialect, name, _ in dialect_names():
            self.dialect.addItem(name, dialect.value)
        self.dialect_help = QLabel(self)
        self.dialect_help.setWordWrap(True)
        self.dialect_help.setStyleSheet("color: palette(placeholder-text);")
        form.addRow(self.tr("Server &type"), self.dialect)
        form.addRow("", self.dialect_help)

        key_row = QHBoxLayout()
        self.key = QLineEdit(self)
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setAccessibleName(self.tr("API key"))
        self.key.setPlaceholderText(
            self.tr("Leave empty to keep the saved key") if existing else self.tr("Paste the key here")
        )
        key_row.addWidget(self.key, 1)
        self.show_key = QCheckBox(self.tr("Show"), self)
        self.show_key.setAccessibleName(self.tr("Show the API key"))
        self.show_key.toggled.connect(
            lambda on: self.key.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        )
        key_row.addWidget(self.show_key)
        form.addRow(self._buddy(self.tr("API &key"), self.key), key_row)
        key_note = QLabel(self.tr("Kept in the system keychain, never in a file."), self)
        key_note.setStyleSheet("color: palette(placeholder-text);")
        form.addRow("", key_note)

        self.speed = QComboBox(self)
        self.speed.setAccessibleName(self.tr("Speed mode"))
        for mode, text in (
            (SpeedMode.DEFAULT, self.tr("The server's default")),
            (SpeedMode.FAST, self.tr("Fast")),
            (SpeedMode.RELAX, self.tr("Relax (slower, cheaper)")),
            (SpeedMode.TURBO, self.tr("Turbo (fastest, costs more)")),
        ):
            self.speed.addItem(text, mode.value)
        form.addRow(self.tr("&Speed"), self.speed)

        proxy_row = QHBoxLayout()
        self.proxy_kind = QComboBox(self)
        self.proxy_kind.setAccessibleName(self.tr("Proxy"))
        for kind, text in (
            ("system", self.tr("System settings")),
            ("none", self.tr("No proxy")),
            ("http", self.tr("HTTP proxy")),
            ("socks5", self.tr("SOCKS5 proxy")),
        ):
            self.proxy_kind.addItem(text, kind)
        proxy_row.addWidget(self.proxy_kind)
        self.proxy_url = QLineEdit(self)
        self.proxy_url.setPlaceholderText("http://127.0.0.1:7890")
        self.proxy_url.setAccessibleName(self.tr("Proxy address"))
        proxy_row.addWidget(self.proxy_url, 1)
        form.addRow(self._buddy(self.tr("&Proxy"), self.proxy_kind), proxy_row)

        self.rewrite_kind = QComboBox(self)
        self.rewrite_kind.setAccessibleName(self.tr("Image address rewrite"))
        self.rewrite_value = QLineEdit(self)
        self.rewrite_value.setAccessibleName(self.tr("Rewrite value"))
        self.rewrite_match = QLineEdit(self)
        self.rewrite_match.setAccessibleName(self.tr("Only for images from this host"))
        self.rewrite_match.setPlaceholderText(self.tr("only for this host (optional), e.g. cdn.discordapp.com"))
        for kind, text in (
            ("", self.tr("Download images as the server gives them")),
            ("prefix", self.tr("Put a prefix in front of each image address")),
            ("host", self.tr("Replace the host of image addresses")),
        ):
            self.rewrite_kind.addItem(text, kind)
        if advanced:
            form.addRow(self.tr("Image &downloads"), self.rewrite_kind)
            form.addRow("", self.rewrite_value)
            form.addRow("", self.rewrite_match)
        else:
            for w in (self.rewrite_kind, self.rewrite_value, self.rewrite_match):
                w.hide()

        for edit in (self.name, self.base_url, self.key, self.proxy_url, self.rewrite_value, self.rewrite_match):
            edit.textChanged.connect(self._changed)
        for combo in (self.dialect, self.speed, self.proxy_kind, self.rewrite_kind):
            combo.currentIndexChanged.connect(self._changed)
        if existing is not None:
            self._fill(existing)
        self._changed()

    def _buddy(self, text: str, field: QWidget) -> QLabel:
        # A row whose field is a layout gets no buddy from QFormLayout: the "&" would show.
        label = QLabel(text, self)
        label.setBuddy(field)
        return label

    def _fill(self, p: ServerProfile) -> None:
        self.name.setText(p.name)
        self.base_url.setText(p.base_url)
        self.dialect.setCurrentIndex(max(0, self.dialect.findData(p.dialect.value)))
        self.speed.setCurrentIndex(max(0, self.speed.findData(p.speed.value)))
        self.proxy_kind.setCurrentIndex(max(0, self.proxy_kind.findData(p.proxy.kind)))
        self.proxy_url.setText(p.proxy.url)
        if p.image_url_rewrite is not None:
            self.rewrite_kind.setCurrentIndex(max(0, self.rewrite_kind.findData(p.image_url_rewrite.kind)))
            self.rewrite_value.setText(p.image_url_rewrite.value)
            self.rewrite_match.setText(p.image_url_rewrite.match)

    def _changed(self) -> None:
        help_text = next((h for d, _, h in dialect_names() if d.value == self.dialect.currentData()), "")
        self.dialect_help.setText(help_text)
        self.proxy_url.setEnabled(self.proxy_kind.currentData() in ("http", "socks5"))
        kind = self.rewrite_kind.currentData()
        self.rewrite_value.setEnabled(bool(kind))
        self.rewrite_match.setEnabled(kind == "host")
        self.rewrite_value.setPlaceholderText(
            self.tr("e.g. https://mirror.example.com/fetch?url=") if kind == "prefix"
            else self.tr("e.g. https://media.example.com")
        )
        self.changed.emit()

    def key_text(self) -> str:
        return self.key.text().strip()

    def problem(self) -> str | None:
        name = self.name.text().strip()
        if not name:
            return self.tr("Give the server a name.")
        if name in self.taken and (self.existing is None or name != self.existing.name):
            return self.tr("There is already a server called “{name}”.").format(name=name)
        url = urlsplit(self.base_url.text().strip())
        if url.scheme not in ("http", "https") or not url.netloc:
            return self.tr("Enter the server address, starting with https:// or http://.")
        if not self.key_text() and self.existing is None:
            return self.tr("Enter the API key.")
        if self.proxy_kind.currentData() in ("http", "socks5") and "://" not in self.proxy_url.text():
            return self.tr("Enter the proxy address, e.g. http://127.0.0.1:7890.")
        if self.rewrite_kind.currentData() and not self.rewrite_value.text().strip():
            return self.tr("Enter how image addresses are rewritten, or choose not to rewrite them.")
        return None

    def profile(self) -> ServerProfile:
        kind = self.rewrite_kind.currentData()
        base = self.existing
        return ServerProfile(
            name=self.name.text().strip(),
            base_url=self.base_url.text().strip(),
            dialect=Dialect(self.dialect.currentData()),
            auth_style=base.auth_style if base else None,
            speed=SpeedMode(self.speed.currentData()),
            speed_via=base.speed_via if base else None,
            proxy=ProxySetting(kind=self.proxy_kind.currentData(), url=self.proxy_url.text().strip()),
            image_url_rewrite=(
                UrlRewrite(kind=kind, value=self.rewrite_value.text().strip(), match=self.rewrite_match.text().strip())
                if kind else None
            ),
            query_timeout=base.query_timeout if base else 30.0,
            submit_timeout=base.submit_timeout if base else 120.0,
            endpoints_override=base.endpoints_override if base else None,
        )


async def test_connection(profile: ServerProfile, key: str) -> ConnectionReport:
    client = MjClient(profile, key)
    try:
        return await client.test_connection()
    finally:
        await client.aclose()


async def save_profile(
    library: Library, profile: ServerProfile, key: str, *, make_default: bool, old_name: str | None = None
) -> None:
    """The key into the keychain first: a profile without its key would fail every submit."""
    from mjdesk.core import profiles, secrets

    def work() -> None:
        if old_name is not None and old_name != profile.name:
            moved = key or secrets.get_api_key(old_name) or ""
            library.rename_profile(old_name, profile.name)
            if moved:
                secrets.set_api_key(profile.name, moved)
            secrets.delete_api_key(old_name)
        elif key:
            secrets.set_api_key(profile.name, key)
        record = library.profile(profile.name)
        profiles.save(library, profile, is_default=make_default or bool(record and record.is_default))

    await asyncio.to_thread(work)


class ServerTester(QWidget):
    """The "Test connection" button and what the test found."""

    def __init__(self, form: ProfileForm, parent: QWidget | None = None, *, saved_key: str = "") -> None:
        super().__init__(parent)
        self.form = form
        self.saved_key = saved_key
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.button = QPushButton(self.tr("&Test connection"), self)
        self.button.setAccessibleName(self.tr("Test the connection to this server"))
        self.button.clicked.connect(self.start)
        row.addWidget(self.button)
        row.addStretch(1)
        layout.addLayout(row)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)
        self.task: asyncio.Task[None] | None = None
        form.changed.connect(self._form_changed)
        self._form_changed()

    def _form_changed(self) -> None:
        problem = self.form.problem()
        self.button.setEnabled(problem is None and (self.task is None or self.task.done()))

    def start(self) -> None:
        if self.form.problem() is not None:
            return
        self.button.setEnabled(False)
        self.result.setStyleSheet("")
        self.result.setText(self.tr("Testing…"))
        self.task = spawn(self._run(), name="test-connection")

    async def _run(self) -> None:
        try:
            report = await test_connection(self.form.profile(), self.form.key_text() or self.saved_key)
        finally:
            self._form_changed()
            self.button.setEnabled(self.form.problem() is None)
        ok, text = report_text(report)
        self.result.setText(text)
        self.result.setStyleSheet("color: #1e8449;" if ok else "color: #b03a2e;")


class ProfileDialog(QDialog):
    """Add or edit one server (from Settings). ``saved`` fires after library and keychain are written."""

    saved = Signal(str)

    def __init__(
        self,
        library: Library,
        *,
        existing: ServerProfile | None = None,
        saved_key: str = "",
        taken_names: set[str] | frozenset[str] = frozenset(),
        make_default: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.make_default = make_default
        self.setWindowTitle(self.tr("Edit server") if existing else self.tr("Add a server"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.form = ProfileForm(existing=existing, taken_names=taken_names, parent=self)
        layout.addWidget(self.form)
        self.tester = ServerTester(self.form, self, saved_key=saved_key)
        layout.addWidget(self.tester)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b03a2e;")
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.form.changed.connect(self._refresh)
        self._refresh()

    def _refresh(self) -> None:
        problem = self.form.problem()
        self.problem.setText(problem or "")
        self.save_button.setEnabled(problem is None)

    def _save(self) -> None:
        if self.form.problem() is not None:
            return
        self.save_button.setEnabled(False)
        spawn(self._write(), name="save-profile")

    async def _write(self) -> None:
        profile = self.form.profile()
        old = self.form.existing.name if self.form.existing else None
        try:
            await save_profile(self.library, profile, self.form.key_text(), make_default=self.make_default,
                               old_name=old)
        except Exception as exc:  # keychain refused, name taken meanwhile: say so, keep the dialog
            from mjdesk.core.secrets import SecretStoreError

            text = str(exc)
            if isinstance(exc, SecretStoreError):
                text = QCoreApplication.translate("SecretStore", text)
            self.problem.setText(self.tr("Could not save: {error}").format(error=text))
            self.save_button.setEnabled(True)
            return
        self.saved.emit(profile.name)
        self.accept()
