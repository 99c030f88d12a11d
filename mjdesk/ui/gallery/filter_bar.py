"""The gallery's filters: a prompt search (debounced), action, status, favourites, date, rating and
rejected jobs (left out unless asked for)."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QToolButton, QVBoxLayout, QWidget

from .model import GalleryFilter, days_ago

SEARCH_DELAY_MS = 250  # a pause in typing, not every key, runs the library search

# Each entry of the action filter and the recorded actions it stands for (spec §7 names; the
# servers' variants of one kind of job go together, e.g. new-api's LOW_/HIGH_VARIATION).
ACTION_GROUPS: dict[str, tuple[str, ...]] = {
    "imagine": ("IMAGINE",),
    "upscale": ("UPSCALE", "UPSCALE_HD"),
    "variation": ("VARIATION", "LOW_VARIATION", "HIGH_VARIATION"),
    "region": ("INPAINT",),
    "reroll": ("REROLL",),
    "zoom": ("ZOOM", "CUSTOM_ZOOM", "OUTPAINT"),
    "pan": ("PAN",),
    "blend": ("BLEND",),
    "describe": ("DESCRIBE",),
    "shorten": ("SHORTEN",),
    "video": ("VIDEO", "VIDEO_EXTEND"),
    "upload": ("UPLOAD",),
    "swap_face": ("SWAP_FACE", "SWAP_VIDEO_FACE"),
}
_STATUS_GROUPS: dict[str, tuple[str, ...]] = {
    "done": ("SUCCESS",),
    "running": ("SUBMITTING", "NOT_START", "SUBMITTED", "IN_PROGRESS", "MODAL", "PENDING"),
    "failed": ("FAILURE", "CANCEL", "LOST"),
}


class FilterBar(QWidget):
    changed = Signal(object)  # GalleryFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        top, layout = QHBoxLayout(), QHBoxLayout()
        rows.addLayout(top)
        rows.addLayout(layout)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search prompts…"))
        self.search.setAccessibleName(self.tr("Search prompts"))
        self.search.setClearButtonEnabled(True)
        for button in self.search.findChildren(QToolButton):  # the clear button
            button.setAccessibleName(self.tr("Clear the search"))
        top.addWidget(self.search, 1)

        self.action = QComboBox(self)
        self.action.setAccessibleName(self.tr("Filter by action"))
        self.action.addItem(self.tr("All actions"), None)
        names = {
            "imagine": self.tr("Imagine"),
            "upscale": self.tr("Upscale"),
            "variation": self.tr("Variation"),
            "region": self.tr("Vary (Region)"),
            "reroll": self.tr("Reroll"),
            "zoom": self.tr("Zoom"),
            "pan": self.tr("Pan"),
            "blend": self.tr("Blend"),
            "describe": self.tr("Describe"),
            "shorten": self.tr("Shorten"),
            "video": self.tr("Video"),
            "upload": self.tr("Upload"),
            "swap_face": self.tr("Swap Face"),
        }
        for group in ACTION_GROUPS:
            self.action.addItem(names[group], group)
        layout.addWidget(self.action)

        self.status = QComboBox(self)
        self.status.setAccessibleName(self.tr("Filter by status"))
        self.status.addItem(self.tr("Any status"), None)
        self.status.addItem(self.tr("Done"), "done")
        self.status.addItem(self.tr("Running or queued"), "running")
        self.status.addItem(self.tr("Failed"), "failed")
        self.status.addItem(self.tr("Dismissed"), "dismissed")  # kept in the library, out of sight
        layout.addWidget(self.status)

        self.date = QComboBox(self)
        self.date.setAccessibleName(self.tr("Filter by date"))
        self.date.addItem(self.tr("Any time"), None)
        self.date.addItem(self.tr("Today"), 1)
        self.date.addItem(self.tr("Last 7 days"), 7)
        self.date.addItem(self.tr("Last 30 days"), 30)
        layout.addWidget(self.date)

        self.rating = QComboBox(self)
        self.rating.setAccessibleName(self.tr("Filter by rating"))
        self.rating.addItem(self.tr("Any rating"), 0)
        for n in range(1, 5):
            self.rating.addItem(self.tr("★{n} or more").format(n=n), n)
        self.rating.addItem(self.tr("★5 only"), 5)

        self.rejected = QComboBox(self)
        self.rejected.setAccessibleName(self.tr("Rejected jobs"))
        self.rejected.addItem(self.tr("Hide rejected"), "hide")
        self.rejected.addItem(self.tr("Show rejected"), "show")
        self.rejected.addItem(self.tr("Only rejected"), "only")
        layout.addWidget(self.rejected)

        self.favourite = QCheckBox(self.tr("♥ Favourites"), self)
        self.favourite.setAccessibleName(self.tr("Only favourites"))
        top.addWidget(self.favourite)
        top.addWidget(self.rating)  # the user's own marks together, on the roomier row
        layout.addStretch(1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._emit)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._emit)
        for combo in (self.action, self.status, self.date, self.rating, self.rejected):
            combo.currentIndexChanged.connect(self._emit)
        self.favourite.toggled.connect(self._emit)

    def current(self) -> GalleryFilter:
        days = self.date.currentData()
        group = self.status.currentData()
        actions = self.action.currentData()
        return GalleryFilter(
            action=ACTION_GROUPS[actions] if actions else None,
            statuses=_STATUS_GROUPS.get(group),
            dismissed=group == "dismissed",
            favourite=True if self.favourite.isChecked() else None,
            since=days_ago(days) if days else None,
            search=self.search.text(),
            min_rating=int(self.rating.currentData() or 0),
            rejected={"hide": False, "show": None, "only": True}[self.rejected.currentData()],
        )

    def _emit(self) -> None:
        self._debounce.stop()
        self.changed.emit(self.current())
