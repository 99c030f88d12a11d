"""Adding or editing a server: the form, "Test connection", and saving (profile → library,
key → OS keychain, or the private key file where no keychain works). Used by the first-run dialog
and by Settings.

Nothing here blocks: the test, the keychain check and the save run as tasks, and the dialogs are
shown with ``open()``. Message areas have a reserved height, so the dialog never jumps as
messages come and go.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
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
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from mjdesk.core import secrets
from mjdesk.core.api.client import ConnectionReport, MjClient
from mjdesk.core.api.dialects import Dialect, Endpoint, SpeedMode, dialect_info
from mjdesk.core.api.errors import unreached
from mjdesk.core.api.profile import ProxySetting, ServerProfile, UrlRewrite
from mjdesk.core.api.urls import PLAIN_HTTP, base_url_problem, plain_http_to_remote
from mjdesk.core.costs import PriceTable, ServerPrices
from mjdesk.core.library import Library
from mjdesk.core.text import clip

from ..asyncutil import loop_running, spawn
from ..job_texts import endpoint_label
from ..texts import error_text
from ..theme import tone
from .prices import PriceEditor

# The actions a designer recognises, in the order of the tabs.
USER_ACTIONS = (
    Endpoint.IMAGINE,
    Endpoint.BLEND,
    Endpoint.DESCRIBE,
    Endpoint.SHORTEN,
    Endpoint.SWAP_FACE,
    Endpoint.VIDEO,
    Endpoint.UPLOAD,
)


def dialect_names() -> list[tuple[Dialect, str, str]]:
    return [
        (
            Dialect.NEW_API,
            QCoreApplication.translate("ServerForm", "new-api / one-api relay"),
            QCoreApplication.translate(
                "ServerForm", "A relay that sells Midjourney next to other AI models; the key usually starts with sk-."
            ),
        ),
        (
            Dialect.MIDJOURNEY_PROXY,
            QCoreApplication.translate("ServerForm", "midjourney-proxy (novicezk)"),
            QCoreApplication.translate("ServerForm", "The original open-source proxy; the key is its mj-api-secret."),
        ),
        (
            Dialect.TRUEAI,
            QCoreApplication.translate("ServerForm", "midjourney-proxy (trueai-org)"),
            QCoreApplication.translate(
                "ServerForm", "The extended proxy with video, edits and cancel; the key is an admin or user token."
            ),
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


def report_text(report: ConnectionReport, base_url: str = "") -> tuple[bool, str]:
    """(ok, what to tell the user) for a connection test of the server at ``base_url``."""
    if report.ok:
        head = QCoreApplication.translate("ServerForm", "✔ Connected, and the key works ({ms} ms).")
        return True, head.format(ms=round(report.latency_ms or 0)) + "\n" + supported_actions_text(report.supported)
    if report.auth_ok is False:
        # One line: the typed error's summary would only say the same again.
        return False, QCoreApplication.translate(
            "ServerForm", "✖ The server answered, but it does not accept this API key."
        )
    error = report.error
    why = unreached(error) if error is not None else None
    if error is None or why is None:
        head = QCoreApplication.translate("ServerForm", "✖ Could not connect.")
        detail = clip(error_text(error), 300) if error is not None else ""
        return False, "\n".join(filter(None, [head, detail]))
    return False, unreached_text(why, error.server_text, base_url)


def unreached_text(why: str, os_text: str, base_url: str) -> str:
    """No server answered: say which part failed, naming the host. The OS's words are not the
    server's, so they are never quoted as "The server said"; only an unusual one is shown, as a
    detail."""
    url = urlsplit(base_url)
    host = url.hostname or base_url
    default_ports: dict[str, int | str] = {"http": 80, "https": 443}
    try:
        port = url.port or default_ports.get(url.scheme, "")
    except ValueError:  # a port out of range: the address is what is wrong
        port = ""
    where = f"[{host}]:{port}" if ":" in host and port else (f"{host}:{port}" if port else host)
    tr = QCoreApplication.translate
    if why == "host":
        return tr("ServerForm", "✖ Could not find the host “{host}” — check the address.").format(host=host)
    if why == "port":
        return tr("ServerForm", "✖ Nothing answers at {where} — is the server running, and is the port right?").format(
            where=where
        )
    if why == "timeout":
        return tr(
            "ServerForm", "✖ {where} did not answer in time — check the address, your network and the proxy setting."
        ).format(where=where)
    if why == "tls":
        text = tr("ServerForm", "✖ The secure connection to {host} failed (certificate or TLS problem).").format(
            host=host
        )
    elif why == "proxy":
        text = tr("ServerForm", "✖ The proxy could not connect to {where} — check the proxy setting.").format(
            where=where
        )
    else:
        text = tr("ServerForm", "✖ Could not reach {where} — check the address and your network.").format(where=where)
    if os_text:
        text += "\n" + tr("ServerForm", "Details: {details}").format(details=clip(os_text, 200))
    return text


def secret_error_text(exc: Exception) -> str:
    """A key-store failure in the user's language (its message is a marked English template)."""
    text = str(exc)
    return QCoreApplication.translate("SecretStore", text) if isinstance(exc, secrets.SecretStoreError) else text


def reserve_lines(label: QLabel, lines: int) -> None:
    """Give a message label a fixed height of ``lines`` lines, so text appearing in it moves
    nothing; what does not fit stays readable in the tooltip."""
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    margins = label.contentsMargins()
    label.setFixedHeight(label.fontMetrics().lineSpacing() * lines + margins.top() + margins.bottom() + 2)


def show_message(label: QLabel, problem: str | None, warning: str | None = None) -> None:
    """A dialog's message line: what blocks saving (red), else what is worth a word (amber)."""
    label.setText(problem or warning or "")
    label.setStyleSheet(f"color: {tone('error' if problem else 'warning')};")


def fit_height(dialog: QDialog) -> None:
    """Make the dialog at least as tall as its wrapped texts need at its narrowest.

    A window's minimum size ignores height-for-width (wrapped labels), so a dialog with several
    of them opens too short and Qt squeezes rows over each other."""
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    need = layout.totalHeightForWidth(max(dialog.minimumWidth(), layout.totalMinimumSize().width()))
    if need > dialog.minimumHeight():
        dialog.setMinimumHeight(need)


class KeyStoreNote(QLabel):
    """Where a saved key will be kept: the system keychain, or (with a warning) the key file.

    The keychain check may block (D-Bus, an unlock prompt), so it runs in a worker thread; the
    answer of an earlier check shows at once. ``changed`` fires when its height may have changed."""

    changed = Signal()

    def __init__(self, folder: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.status: secrets.StoreStatus | None = None
        self.setTextFormat(Qt.TextFormat.PlainText)  # a path is not markup
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_status(secrets.cached_status(folder))
        self.check()

    def check(self) -> None:
        if loop_running():
            spawn(self._check(), name="check-keychain")

    async def _check(self) -> None:
        found = await asyncio.to_thread(secrets.status, self.folder)
        if isValid(self):
            self.show_status(found)

    def show_status(self, status: secrets.StoreStatus | None) -> None:
        self.status = status
        if status is None:
            text, warn = self.tr("Checking the system keychain…"), False
        elif status.keychain:
            # The form's sentence from before this note existed: its translation is kept.
            text = QCoreApplication.translate("ProfileForm", "Kept in the system keychain, never in a file.")
            warn = False
        else:
            text, warn = (
                self.tr(
                    "⚠ No system keychain works on this computer, so the key is kept in {file}, readable "
                    "only by you. It moves into a system keychain once one works."
                ).format(file=status.file),
                True,
            )
        self.setText(text)
        self.setToolTip(text)
        self.setStyleSheet(f"color: {tone('warning')};" if warn else "color: palette(placeholder-text);")
        # The warning needs room (four lines: a long path wraps badly, and Chinese runs longer); the
        # usual one-liner should not leave a gap. The status is normally known before the dialog
        # opens (the backend checks at start), so this is set once.
        reserve_lines(self, 1 if status is not None and status.keychain else 4)
        self.changed.emit()


class ProfileForm(QWidget):
    """The fields of one server. ``profile()`` and ``key()`` read them; ``problem()`` says what
    is missing, in the user's language."""

    changed = Signal()
    connection_changed = Signal()  # a field a connection test depends on was edited

    def __init__(
        self,
        *,
        existing: ServerProfile | None = None,
        taken_names: set[str] | frozenset[str] = frozenset(),
        advanced: bool = True,
        key_folder: Path | None = None,
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
        reserve_lines(self.dialect_help, 2)  # each type's help has its own length
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
        self.key_note = KeyStoreNote(key_folder, self)
        form.addRow("", self.key_note)

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
        self.max_running = QSpinBox(self)
        self.max_running.setRange(0, 50)
        self.max_running.setSpecialValueText(self.tr("No limit"))
        self.max_running.setAccessibleName(self.tr("Jobs at once"))
        self.max_running.setToolTip(
            self.tr(
                "More jobs than this wait in your queue in mjdesk and are sent as running ones finish. "
                "Midjourney runs 3 fast jobs at once on most plans, 12 on Pro and Mega."
            )
        )
        if advanced:
            form.addRow(self.tr("Jobs at &once"), self.max_running)
        else:
            self.max_running.hide()
        self.instance = QLineEdit(self)
        self.instance.setAccessibleName(self.tr("Account instance"))
        self.instance.setToolTip(self.tr("trueai runs every job of this server on this account instance."))
        if advanced:
            form.addRow(self.tr("Account &instance"), self.instance)
        else:
            self.instance.hide()

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
        for edit in (self.base_url, self.key, self.proxy_url):
            edit.textChanged.connect(self.connection_changed)
        for combo in (self.dialect, self.proxy_kind):
            combo.currentIndexChanged.connect(self.connection_changed)
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
        self.instance.setText(p.instance_id)
        self.max_running.setValue(p.max_running)
        if p.image_url_rewrite is not None:
            self.rewrite_kind.setCurrentIndex(max(0, self.rewrite_kind.findData(p.image_url_rewrite.kind)))
            self.rewrite_value.setText(p.image_url_rewrite.value)
            self.rewrite_match.setText(p.image_url_rewrite.match)

    def _changed(self) -> None:
        help_text = next((h for d, _, h in dialect_names() if d.value == self.dialect.currentData()), "")
        self.dialect_help.setText(help_text)
        self.proxy_url.setEnabled(self.proxy_kind.currentData() in ("http", "socks5"))
        # Only trueai picks an account instance per request: elsewhere the field is off, kept in
        # place so the dialog does not jump when the server type changes.
        takes_instance = dialect_info(Dialect(self.dialect.currentData())).account_filter
        self.instance.setEnabled(takes_instance)
        self.instance.setPlaceholderText(
            self.tr("any account (optional: an instance id from trueai)")
            if takes_instance
            else self.tr("only trueai picks an account instance")
        )
        kind = self.rewrite_kind.currentData()
        self.rewrite_value.setEnabled(bool(kind))
        self.rewrite_match.setEnabled(kind == "host")
        self.rewrite_value.setPlaceholderText(
            self.tr("e.g. https://mirror.example.com/fetch?url=")
            if kind == "prefix"
            else self.tr("e.g. https://media.example.com")
        )
        self.changed.emit()

    def key_text(self) -> str:
        return self.key.text().strip()

    def warning(self) -> str | None:
        """What is allowed but worth a word (plain http:// to another machine: a studio LAN is
        fine, the internet is not), in the user's language; None when nothing is."""
        if plain_http_to_remote(self.base_url.text()):
            return QCoreApplication.translate("ServerUrl", PLAIN_HTTP)
        return None

    def problem(self) -> str | None:
        name = self.name.text().strip()
        if not name:
            return self.tr("Give the server a name.")
        if name in self.taken and (self.existing is None or name != self.existing.name):
            return self.tr("There is already a server called “{name}”.").format(name=name)
        url_problem = base_url_problem(self.base_url.text())
        if url_problem is not None:
            return QCoreApplication.translate("ServerUrl", url_problem)
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
                if kind
                else None
            ),
            query_timeout=base.query_timeout if base else 30.0,
            submit_timeout=base.submit_timeout if base else 120.0,
            endpoints_override=base.endpoints_override if base else None,
            instance_id=self.instance.text().strip(),
            max_running=self.max_running.value(),
            prices=base.prices if base else PriceTable(),
        )


async def test_connection(profile: ServerProfile, key: str) -> ConnectionReport:
    client = MjClient(profile, key)
    try:
        return await client.test_connection()
    finally:
        await client.aclose()


async def save_profile(
    library: Library, profile: ServerProfile, key: str, *, make_default: bool, old_name: str | None = None
) -> secrets.Store | None:
    """The key first (keychain, else the key file beside the settings): a profile without its key
    would fail every submit. Says where the key went (None: the saved one was kept)."""
    from mjdesk.core import profiles

    folder = library.paths.config

    def work() -> secrets.Store | None:
        store = None
        if old_name is not None and old_name != profile.name:
            moved = key or secrets.get_api_key(old_name, folder) or ""
            library.rename_profile(old_name, profile.name)
            if moved:
                store = secrets.set_api_key(profile.name, moved, folder)
            secrets.delete_api_key(old_name, folder)
        elif key:
            store = secrets.set_api_key(profile.name, key, folder)
        record = library.profile(profile.name)
        profiles.save(library, profile, is_default=make_default or bool(record and record.is_default))
        return store

    return await asyncio.to_thread(work)


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
        # Never the default: after a test, Enter means "save", not "test again" (or whatever
        # button the focus fell to while this one was disabled).
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.start)
        row.addWidget(self.button)
        row.addStretch(1)
        layout.addLayout(row)
        self.result = QLabel(self)
        self.result.setTextFormat(Qt.TextFormat.PlainText)  # server and OS texts are not markup
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        reserve_lines(self.result, 3)
        layout.addWidget(self.result)
        self.task: asyncio.Task[None] | None = None
        self._round = 0  # bumped by every edit that makes a running or finished test's answer stale
        form.changed.connect(self._form_changed)
        form.connection_changed.connect(self._stale)
        self._form_changed()

    def _stale(self) -> None:
        self._round += 1
        self._show("", None)

    def _form_changed(self) -> None:
        problem = self.form.problem()
        self.button.setEnabled(problem is None and (self.task is None or self.task.done()))

    def start(self) -> None:
        if self.form.problem() is not None or (self.task is not None and not self.task.done()):
            return
        self.button.setEnabled(False)
        self._show(self.tr("Testing…"), None)
        # What is tested is what the fields say now, at the click.
        profile, key = self.form.profile(), self.form.key_text() or self.saved_key
        self.task = spawn(self._run(profile, key, self._round), name="test-connection")

    async def _run(self, profile: ServerProfile, key: str, tested: int) -> None:
        try:
            report = await test_connection(profile, key)
        finally:
            if isValid(self):
                self.button.setEnabled(self.form.problem() is None)
        if not isValid(self) or tested != self._round:
            return  # the dialog closed, or the fields changed: this answer is about another server
        ok, text = report_text(report, profile.base_url)
        self._show(text, ok)

    def _show(self, text: str, ok: bool | None) -> None:
        self.result.setText(text)
        self.result.setToolTip(text)
        self.result.setStyleSheet("" if ok is None else f"color: {tone('ok' if ok else 'error')};")


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
        self.form = ProfileForm(
            existing=existing, taken_names=taken_names, key_folder=library.paths.config, parent=self
        )
        layout.addWidget(self.form)
        self.tester = ServerTester(self.form, self, saved_key=saved_key)
        layout.addWidget(self.tester)
        self.saved_key = saved_key
        self.prices = PriceEditor(existing.prices if existing else PriceTable(), self._fetch_prices, self)
        layout.addWidget(self.prices)
        self.problem = QLabel(self)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        reserve_lines(self.problem, 2)
        self.problem.setStyleSheet(f"color: {tone('error')};")
        layout.addWidget(self.problem)
        layout.addStretch(1)  # any spare height goes here, below the messages, not between them
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        self.save_button.setDefault(True)  # Enter saves, wherever the focus is
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.form.changed.connect(self._refresh)
        self.prices.changed.connect(self._refresh)
        self._refresh()
        fit_height(self)
        self.form.key_note.changed.connect(lambda: fit_height(self))

    def _refresh(self) -> None:
        problem = self.form.problem() or self.prices.problem()
        show_message(self.problem, problem, self.form.warning())
        self.save_button.setEnabled(problem is None)
        offered = Endpoint.PRICING in dialect_info(Dialect(self.form.dialect.currentData())).endpoints
        address_ok = base_url_problem(self.form.base_url.text()) is None
        self.prices.set_fetchable(
            offered and address_ok,
            self.tr("This type of server publishes no prices.") if not offered else self.tr("Enter the address first."),
        )

    async def _fetch_prices(self) -> ServerPrices:
        """The prices of the server the fields describe now (new-api's price list needs no key)."""
        profile = replace(self.form.profile(), endpoints_override=None)
        client = MjClient(profile, self.form.key_text() or self.saved_key)
        try:
            return await client.pricing()
        finally:
            await client.aclose()

    def _save(self) -> None:
        if self.form.problem() is not None:
            return
        self.save_button.setEnabled(False)
        spawn(self._write(), name="save-profile")

    async def _write(self) -> None:
        profile = replace(self.form.profile(), prices=self.prices.table())
        old = self.form.existing.name if self.form.existing else None
        try:
            await save_profile(
                self.library, profile, self.form.key_text(), make_default=self.make_default, old_name=old
            )
        except Exception as exc:  # no key store worked, name taken meanwhile: say so, keep the dialog
            if isValid(self):
                self.problem.setText(self.tr("Could not save: {error}").format(error=secret_error_text(exc)))
                self.save_button.setEnabled(True)
            return
        if not isValid(self):
            return
        self.saved.emit(profile.name)
        self.accept()
