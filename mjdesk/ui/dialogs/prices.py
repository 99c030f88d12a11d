"""The Prices section of the server dialog: what each kind of job costs on this server.

A table of the library's job actions with an editable price each (empty: not priced), the unit
the prices are in, and "Fetch from server" where the server publishes its prices (new-api). The
table is saved with the profile (``ServerProfile.prices``).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from mjdesk.core.api.errors import MjError
from mjdesk.core.costs import ACTIONS, MODAL, PriceTable, ServerPrices, from_new_api, valid_price
from mjdesk.core.text import plural

from ..asyncutil import spawn
from ..job_texts import action_label
from ..texts import error_text
from ..theme import tone

PriceFetcher = Callable[[], Awaitable[ServerPrices]]
VISIBLE_ROWS = 7


def price_action_label(action: str) -> str:
    if action == MODAL:
        return QCoreApplication.translate("Prices", "Answer to Vary (Region) / Custom Zoom")
    return action_label(action)


def parse_price(text: str) -> float | None:
    """A typed price ("0.36", "0,36", "1 000"): the number, or None when it is none."""
    cleaned = text.strip().replace(" ", "").replace(",", ".")
    try:
        return valid_price(float(cleaned))
    except ValueError:
        return None


class PriceEditor(QGroupBox):
    """Edits a ``PriceTable``; ``table()`` reads it back, ``problem()`` names a price that is none."""

    changed = Signal()

    def __init__(self, table: PriceTable, fetch: PriceFetcher | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Prices"))
        self._fetch = fetch
        self._fetched_at = table.fetched_at
        self._task: asyncio.Task[None] | None = None
        layout = QVBoxLayout(self)
        help_text = QLabel(
            self.tr("What each kind of job costs here: shown before you submit and kept per job. Empty: not priced."),
            self,
        )
        help_text.setWordWrap(True)
        help_text.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(help_text)

        self.grid = QTableWidget(len(ACTIONS), 2, self)
        self.grid.setAccessibleName(self.tr("Price of each kind of job"))
        self.grid.setHorizontalHeaderLabels([self.tr("Job"), self.tr("Price")])
        self.grid.verticalHeader().hide()
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(90)
        for row, action in enumerate(ACTIONS):
            name = QTableWidgetItem(price_action_label(action))
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            name.setData(Qt.ItemDataRole.UserRole, action)
            self.grid.setItem(row, 0, name)
            self.grid.setItem(row, 1, QTableWidgetItem(""))
        rows = self.grid.verticalHeader().defaultSectionSize() * VISIBLE_ROWS
        self.grid.setFixedHeight(rows + header.sizeHint().height() + 2 * self.grid.frameWidth())
        layout.addWidget(self.grid)

        bottom = QHBoxLayout()
        unit_label = QLabel(self.tr("&Unit"), self)
        self.unit = QComboBox(self)
        self.unit.setEditable(True)
        self.unit.setAccessibleName(self.tr("Unit the prices are in"))
        # Suggestions; any other unit can be typed. "quota" is new-api's own (500,000 to the dollar).
        self._units = {"$": "$", "credits": self.tr("credits"), "quota": self.tr("quota (new-api)")}
        self.unit.addItems(list(self._units.values()))
        unit_label.setBuddy(self.unit)
        bottom.addWidget(unit_label)
        bottom.addWidget(self.unit)
        bottom.addStretch(1)
        self.fetch_button = QPushButton(self.tr("&Fetch from server"), self)
        self.fetch_button.setAccessibleName(self.tr("Read the prices this server publishes"))
        self.fetch_button.setAutoDefault(False)
        self.fetch_button.clicked.connect(self.fetch)
        bottom.addWidget(self.fetch_button)
        layout.addLayout(bottom)
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self.show_table(table)
        self.grid.itemChanged.connect(self._edited)
        self.unit.currentTextChanged.connect(self._edited)
        self.set_fetchable(False)

    def show_table(self, table: PriceTable) -> None:
        blocked = self.grid.blockSignals(True)
        for row, action in enumerate(ACTIONS):
            price = table.prices.get(action)
            self._cell(row, 1).setText("" if price is None else f"{price:g}")
        self.grid.blockSignals(blocked)
        self.unit.setCurrentText(self._units.get(table.unit, table.unit))
        self._edited()

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.grid.item(row, column)
        assert item is not None  # every cell is made in __init__
        return item

    def _edited(self) -> None:
        bad = set(self._bad_rows())
        for row in range(self.grid.rowCount()):
            item = self.grid.item(row, 1)
            if item is not None:
                item.setForeground(Qt.GlobalColor.red if row in bad else self.palette().text().color())
        self.changed.emit()

    def _bad_rows(self) -> list[int]:
        return [
            row
            for row in range(self.grid.rowCount())
            if (text := self._cell(row, 1).text().strip()) and parse_price(text) is None
        ]

    def problem(self) -> str | None:
        bad = self._bad_rows()
        if bad:
            action = self._cell(bad[0], 0).text()
            return self.tr("The price of “{job}” is not a number from 0 up.").format(job=action)
        return None

    def table(self) -> PriceTable:
        prices = {}
        for row, action in enumerate(ACTIONS):
            price = parse_price(self._cell(row, 1).text())
            if price is not None:
                prices[action] = price
        return PriceTable(prices, self.unit_text(), self._fetched_at)

    def unit_text(self) -> str:
        typed = self.unit.currentText().strip()
        return next((unit for unit, label in self._units.items() if label == typed), typed)

    # -- fetching ---------------------------------------------------------------------------------

    def set_fetchable(self, offered: bool, why_not: str = "") -> None:
        """Whether "Fetch from server" can work now (the server publishes prices, its address is set)."""
        self.fetch_button.setVisible(self._fetch is not None)
        busy = self._task is not None and not self._task.done()
        self.fetch_button.setEnabled(offered and not busy)
        self.fetch_button.setToolTip("" if offered else why_not)

    def fetch(self) -> None:
        if self._fetch is None or (self._task is not None and not self._task.done()):
            return
        self.fetch_button.setEnabled(False)
        self._say(self.tr("Reading the server's prices…"), None)
        self._task = spawn(self._fetch_now(self._fetch), name="fetch-prices")

    async def _fetch_now(self, fetch: PriceFetcher) -> None:
        try:
            server = await fetch()
        except Exception as exc:
            if isValid(self):
                why = error_text(exc) if isinstance(exc, MjError) else str(exc)
                self._say(self.tr("Could not read the prices: {error}").format(error=why), False)
                self.fetch_button.setEnabled(True)
            return
        if not isValid(self):
            return
        self.fetch_button.setEnabled(True)
        fetched = from_new_api(server, fetched_at=time.time())
        if not fetched:
            self._say(self.tr("The server publishes no Midjourney prices."), False)
            return
        old = self.table()
        merged = {**old.prices, **fetched.prices} if old.unit == fetched.unit else fetched.prices
        self._fetched_at = fetched.fetched_at
        self.show_table(PriceTable(merged, fetched.unit, fetched.fetched_at))
        template = plural(
            len(fetched.prices),
            self.tr("Read {count} price from the server (its default price group). Save to keep it."),
            self.tr("Read {count} prices from the server (its default price group). Save to keep them."),
        )
        self._say(template.format(count=len(fetched.prices)), True)

    def _say(self, text: str, ok: bool | None) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("" if ok is None else f"color: {tone('ok' if ok else 'error')};")
