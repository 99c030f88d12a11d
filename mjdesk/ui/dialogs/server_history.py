"""The server's own side: its task history page by page, its queue, the key's quota, and Import
(the history into the library, once per task). What the server lacks is said, not hidden."""

from __future__ import annotations

import time
from collections.abc import Awaitable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from mjdesk.core.api import Endpoint, MjError
from mjdesk.core.text import plural, printable

from ..asyncutil import spawn
from ..job_texts import action_label, task_status_label
from ..texts import error_text
from ..theme import tone

if TYPE_CHECKING:
    from mjdesk.core.api import AccountInfo, Task

    from ..backend import Backend

T = TypeVar("T")
PAGE_SIZE = 25
IMPORT_PAGE_SIZE = 100
STATUSES = ("", "SUCCESS", "FAILURE", "IN_PROGRESS", "SUBMITTED", "NOT_START")


def quota_text(info: AccountInfo) -> str:
    """The quota in the user's language: what is left of what was granted."""
    from PySide6.QtCore import QCoreApplication

    def n(value: int | None) -> str:
        # Grouped by thousands the way both languages write quotas (the system locale may be "C").
        return "?" if value is None else f"{value:,}"

    if info.unlimited:
        return QCoreApplication.translate("ServerHistory", "Quota: unlimited ({used} used)").format(used=n(info.used))
    return QCoreApplication.translate("ServerHistory", "Quota: {left} left of {granted}").format(
        left=n(info.available), granted=n(info.granted)
    )


class ServerHistoryDialog(QDialog):
    imported = Signal(int)  # jobs added

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        profile = backend.profile
        self.profile_name = profile.name if profile else ""
        self.setWindowTitle(self.tr("Server: {name}").format(name=self.profile_name))
        self.resize(820, 520)
        self.page = 1
        self.pages: int | None = None
        layout = QVBoxLayout(self)
        self.quota = QLabel(self)
        self.quota.setAccessibleName(self.tr("Quota of the API key"))
        self.quota.hide()
        layout.addWidget(self.quota)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Server views"))
        self.tabs.addTab(self._history_page(), self.tr("&History"))
        self.tabs.addTab(self._queue_page(), self.tr("&Queue"))
        layout.addWidget(self.tabs, 1)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {tone('error', self.palette())};")
        layout.addWidget(self.problem)
        offers_row = QHBoxLayout()
        self.offers = QLabel(self)
        self.offers.setWordWrap(True)
        offers_row.addWidget(self.offers, 1)
        self.probe_button = QPushButton(self.tr("Check what the server &offers"), self)
        self.probe_button.setAccessibleName(self.tr("Ask the server which actions and lists it has"))
        self.probe_button.setToolTip(self.tr("Asks each route without sending a job: nothing is created or charged."))
        self.probe_button.clicked.connect(lambda: spawn(self._probe(), name="probe"))
        offers_row.addWidget(self.probe_button)
        layout.addLayout(offers_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    # -- building ---------------------------------------------------------------------------------

    def _table(self, parent: QWidget, name: str) -> QTableWidget:
        table = QTableWidget(0, 5, parent)
        table.setAccessibleName(name)
        table.setHorizontalHeaderLabels(
            [self.tr("Task"), self.tr("Action"), self.tr("Status"), self.tr("Submitted"), self.tr("Prompt")]
        )
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        return table

    def _history_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.status_filter = QComboBox(page)
        self.status_filter.setAccessibleName(self.tr("Show tasks in this state"))
        for code in STATUSES:
            self.status_filter.addItem(task_status_label(code) if code else self.tr("Every state"), code)
        self.status_filter.currentIndexChanged.connect(lambda _i: self._go(1))
        self.previous = QPushButton(self.tr("‹ &Newer"), page)
        self.previous.setAccessibleName(self.tr("Newer tasks"))
        self.previous.clicked.connect(lambda: self._go(self.page - 1))
        self.next = QPushButton(self.tr("&Older ›"), page)
        self.next.setAccessibleName(self.tr("Older tasks"))
        self.next.clicked.connect(lambda: self._go(self.page + 1))
        self.position = QLabel(page)
        self.import_button = QPushButton(self.tr("&Import into the library"), page)
        self.import_button.setAccessibleName(self.tr("Import the server's tasks into the library"))
        self.import_button.setToolTip(
            self.tr("Adds every task of this server the library does not have yet, and downloads its results.")
        )
        self.import_button.clicked.connect(lambda: spawn(self._import(), name="import-history"))
        for widget in (self.status_filter, self.previous, self.next, self.position):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.import_button)
        layout.addLayout(bar)
        self.history = self._table(page, self.tr("The server's tasks"))
        layout.addWidget(self.history, 1)
        self.history_note = QLabel(page)
        self.history_note.setWordWrap(True)
        layout.addWidget(self.history_note)
        return page

    def _queue_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.queue = self._table(page, self.tr("Tasks waiting or running on the server"))
        layout.addWidget(self.queue, 1)
        self.queue_note = QLabel(page)
        self.queue_note.setWordWrap(True)
        layout.addWidget(self.queue_note)
        refresh = QPushButton(self.tr("&Refresh"), page)
        refresh.setAccessibleName(self.tr("Refresh the server's tasks"))
        refresh.clicked.connect(self.refresh)
        layout.addWidget(refresh, 0, Qt.AlignmentFlag.AlignRight)
        return page

    async def _probe(self) -> None:
        """Ask the server which routes it has, and say what it lacks."""
        self.probe_button.setEnabled(False)
        self.offers.setText(self.tr("Asking the server…"))
        try:
            found = await self._call(self.backend.probe_capabilities(force=True))
        finally:
            if isValid(self):
                self.probe_button.setEnabled(True)
        if not isValid(self):
            return
        if not found:
            self.offers.setText(self.tr("The server did not say (check the connection and the key)."))
            return
        from ..job_texts import endpoint_label

        missing = sorted(endpoint_label(e) for e, ok in found.items() if not ok)
        self.offers.setText(
            self.tr("This server lacks: {names}.").format(names=", ".join(missing))
            if missing
            else self.tr("This server has every route mjdesk asked about.")
        )
        self.refresh()

    # -- loading ----------------------------------------------------------------------------------

    def _supports(self, endpoint: Endpoint) -> bool:
        return self.backend.profile_supports(self.profile_name, endpoint)

    def refresh(self) -> None:
        has_history = self._supports(Endpoint.QUERY) or self._supports(Endpoint.LIST)
        for widget in (self.status_filter, self.previous, self.next, self.import_button, self.history):
            widget.setEnabled(has_history)
        if not has_history:
            self.history_note.setText(
                self.tr("This server keeps no task list that mjdesk can read: your own jobs are in the gallery.")
            )
        if not self._supports(Endpoint.QUEUE):
            self.queue.setEnabled(False)
            self.queue_note.setText(self.tr("This server does not show its queue."))
        spawn(self._load(), name="server-history")

    def _go(self, page: int) -> None:
        self.page = max(1, page)
        spawn(self._load_history(), name="server-history-page")

    async def _load(self) -> None:
        if self._supports(Endpoint.ACCOUNT):
            await self._load_quota()
        if self._supports(Endpoint.QUERY) or self._supports(Endpoint.LIST):
            await self._load_history()
        if self._supports(Endpoint.QUEUE):
            await self._load_queue()

    async def _call(self, coro: Awaitable[T]) -> T | None:
        """The call's result, or None with the server's refusal shown under the tabs."""
        try:
            return await coro
        except MjError as exc:
            if isValid(self):
                self.problem.setText(error_text(exc))
            return None

    async def _load_quota(self) -> None:
        info = await self._call(self.backend.service.client(self.profile_name).account())
        if info is not None and isValid(self):
            self.quota.setText(quota_text(info))
            self.quota.show()

    async def _load_history(self) -> None:
        client = self.backend.service.client(self.profile_name)
        status = self.status_filter.currentData() or None
        page = await self._call(client.task_page(self.page, PAGE_SIZE, status))
        if page is None or not isValid(self):
            return
        self.pages = page.pages
        self._fill(self.history, page.tasks)
        if page.pages is not None:
            self.position.setText(self.tr("Page {page} of {pages}").format(page=page.page, pages=page.pages))
        else:
            self.position.setText(self.tr("Page {page}").format(page=page.page))
        self.previous.setEnabled(self.page > 1)
        self.next.setEnabled(len(page.tasks) == PAGE_SIZE and (page.pages is None or self.page < page.pages))
        if not page.tasks:
            self.history_note.setText(self.tr("No tasks on this page."))
        else:
            self.history_note.setText("")

    async def _load_queue(self) -> None:
        waiting = await self._call(self.backend.service.client(self.profile_name).queue())
        if waiting is None or not isValid(self):
            return
        self._fill(self.queue, waiting)
        self.queue_note.setText("" if waiting else self.tr("Nothing waits on the server."))

    def _fill(self, table: QTableWidget, tasks: list[Task]) -> None:
        table.setRowCount(len(tasks))
        for row, task in enumerate(tasks):
            submitted = (
                time.strftime("%Y-%m-%d %H:%M", time.localtime(task.submit_time / 1000)) if task.submit_time else ""
            )
            status = task_status_label(task.status_raw or task.status.value)
            if task.progress is not None and not task.is_terminal:
                status += f" {task.progress}%"
            action = action_label(task.action_raw or task.action.value)
            cells = (task.id, action, status, submitted, task.prompt or "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(printable(str(text))[:300])
                item.setToolTip(printable(str(text))[:2000])
                table.setItem(row, column, item)

    async def _import(self) -> None:
        """Every page of the history (not only the one shown), then one import: no duplicates."""
        client = self.backend.service.client(self.profile_name)
        self.import_button.setEnabled(False)
        self.history_note.setText(self.tr("Reading the server's history…"))
        try:
            found = await self._call(client.history(IMPORT_PAGE_SIZE))
            if found is None:
                return
            report = await self._call(self.backend.service.import_tasks(self.profile_name, found))
            if report is None or not isValid(self):
                return
            added = plural(
                len(report.added), self.tr("Imported {count} new job."), self.tr("Imported {count} new jobs.")
            )
            known = plural(
                report.known,
                self.tr("{count} was already in the library."),
                self.tr("{count} were already in the library."),
            )
            self.history_note.setText(f"{added.format(count=len(report.added))} {known.format(count=report.known)}")
            self.imported.emit(len(report.added))
        finally:
            if isValid(self):
                self.import_button.setEnabled(True)
