"""The Costs window: what jobs cost, as recorded in the library — today, this month, and tables by
day, by server and by tag (mjdesk's projects). Read in a worker thread; nothing is asked of a
server except what the window already knows (new-api's own total for the key, to reconcile)."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from mjdesk.core.costs import format_amount, local_day_start, quota_in
from mjdesk.core.library import UNTAGGED, LedgerRow

from ..asyncutil import spawn

if TYPE_CHECKING:
    from mjdesk.core.library import Library

    from ..backend import Backend

BY = ("day", "server", "tag")


@dataclass(frozen=True)
class CostsView:
    """Everything the window shows, read in one go."""

    today: dict[str, float]  # unit -> amount
    month: dict[str, float]
    rows: dict[str, list[LedgerRow]]  # "day" | "server" | "tag" -> its ledger


def read_costs(library: Library, now: float) -> CostsView:
    """The window's figures (runs in a worker thread)."""
    today = local_day_start(now)
    first = dt.date.fromtimestamp(now).replace(day=1)
    month = int(dt.datetime.combine(first, dt.time()).timestamp() * 1000)

    def by_unit(rows: list[LedgerRow]) -> dict[str, float]:
        sums: dict[str, float] = {}
        for row in rows:
            sums[row.unit] = sums.get(row.unit, 0.0) + row.amount
        return sums

    return CostsView(
        today=by_unit(library.ledger("server", since_ms=today)),
        month=by_unit(library.ledger("server", since_ms=month)),
        rows={by: library.ledger(by) for by in BY},  # type: ignore[arg-type]
    )


def amounts_text(sums: dict[str, float]) -> str:
    return " + ".join(format_amount(v, u) for u, v in sorted(sums.items())) or format_amount(0, "")


class CostsDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(self.tr("Costs"))
        self.resize(640, 480)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("costs-summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.summary)
        self.server_says = QLabel(self)
        self.server_says.setTextFormat(Qt.TextFormat.PlainText)
        self.server_says.setWordWrap(True)
        self.server_says.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.server_says)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Costs by day, server and tag"))
        self.tables: dict[str, QTableWidget] = {}
        for by, title, first in (
            ("day", self.tr("By &day"), self.tr("Day")),
            ("server", self.tr("By &server"), self.tr("Server")),
            ("tag", self.tr("By &tag"), self.tr("Tag")),
        ):
            table = QTableWidget(0, 5, self)
            table.setHorizontalHeaderLabels(
                [first, self.tr("Spent"), self.tr("Estimated"), self.tr("Jobs"), self.tr("Refunded")]
            )
            table.setAccessibleName(self.tr("Costs: {view}").format(view=title.replace("&", "")))
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.verticalHeader().hide()
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            self.tables[by] = table
            self.tabs.addTab(table, title)
        layout.addWidget(self.tabs, 1)
        self.empty = QLabel(
            self.tr(
                "Nothing recorded yet. Give your server its prices (Settings ▸ Servers ▸ Edit ▸ Prices, or "
                "Fetch from server where the gateway publishes them) and each job is recorded here when the "
                "server accepts it."
            ),
            self,
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: palette(placeholder-text); padding: 24px;")
        self.empty.hide()
        layout.addWidget(self.empty, 1)
        note = QLabel(
            self.tr(
                "Recorded when a server accepts a job, at the price its server's table gives; a failed job the "
                "server refunds counts as nothing. A job with two tags is listed under both."
            ),
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))
        close.setAccessibleName(self.tr("Close the costs window"))
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.setAccessibleName(self.tr("Read the costs again"))
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.refresh)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.refresh_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.view: CostsView | None = None
        self._task: asyncio.Task[None] | None = None
        self.refresh()

    def refresh(self) -> None:
        if self._task is not None and not self._task.done():
            return
        self.summary.setText(self.tr("Reading…"))
        self._task = spawn(self._load(), name="read-costs")

    async def _load(self) -> None:
        view = await asyncio.to_thread(read_costs, self.backend.library, time.time())
        if isValid(self):
            self.show_view(view)

    def show_view(self, view: CostsView) -> None:
        self.view = view
        self.summary.setText(
            self.tr("Today: {today}    This month: {month}").format(
                today=amounts_text(view.today), month=amounts_text(view.month)
            )
        )
        for by, table in self.tables.items():
            rows = view.rows[by]
            table.setRowCount(len(rows))
            for i, row in enumerate(rows):
                key = row.key if row.key != UNTAGGED or by != "tag" else self.tr("(untagged)")
                cells = [
                    key,
                    format_amount(row.amount, row.unit),
                    format_amount(row.estimate, row.unit),
                    str(row.jobs),
                    str(row.refunded),
                ]
                for column, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    if column:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    table.setItem(i, column, item)
        nothing = not any(view.rows.values())
        self.tabs.setVisible(not nothing)
        self.empty.setVisible(nothing)
        self.server_says.setText(self._server_says())
        self.server_says.setVisible(bool(self.server_says.text()))

    def _server_says(self) -> str:
        """new-api's own running total for the key, in the active server's unit, to reconcile."""
        profile, account = self.backend.profile, self.backend.account
        if profile is None or account is None or account.used is None:
            return ""
        used = quota_in(profile.prices.unit, account.used)
        if used is None:
            return ""
        return self.tr(
            "{server} says this key has used {amount} in all (failed jobs it refunded still count there)."
        ).format(server=profile.name, amount=format_amount(used, profile.prices.unit))
