"""Tags of the selected jobs: untick one to take it off, type one (completed from the tags in use)
to put it on. A tag only some of the jobs carry shows half-ticked and is left as it is."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mjdesk.core.text import plural

MAX_TAG = 60


class TagsDialog(QDialog):
    chosen = Signal(object, object)  # tags to add (list[str]), tags to remove (list[str])

    def __init__(self, job_tags: Sequence[Sequence[str]], known: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tags"))
        jobs = len(job_tags)
        counts: dict[str, int] = {}
        names: dict[str, str] = {}  # tags compare without case, as the library does
        for tags in job_tags:
            for tag in {t.lower(): t for t in tags}.values():
                counts[tag.lower()] = counts.get(tag.lower(), 0) + 1
                names.setdefault(tag.lower(), tag)
        self._initial = {
            key: (Qt.CheckState.Checked if n == jobs else Qt.CheckState.PartiallyChecked) for key, n in counts.items()
        }

        intro = QLabel(
            plural(jobs, self.tr("Tags of this job:"), self.tr("Tags of these {count} jobs:")).format(count=jobs), self
        )
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Tags; untick one to take it off"))
        for key in sorted(names, key=str.lower):
            self._add_item(names[key], self._initial[key])
        self.empty = QLabel(self.tr("No tags yet."), self)
        self.empty.setVisible(not names)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("New tag…"))
        self.edit.setAccessibleName(self.tr("New tag"))
        self.edit.setMaxLength(MAX_TAG)
        self._known = {tag.lower(): tag for tag in known}
        completer = QCompleter(list(known), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(completer)
        add = QPushButton(self.tr("Add"), self)
        add.setAccessibleName(self.tr("Add the tag"))
        add.clicked.connect(self.add_typed)
        self.edit.returnPressed.connect(self.add_typed)
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(add)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.setMinimumWidth(320)

    def _add_item(self, tag: str, state: Qt.CheckState) -> QListWidgetItem:
        item = QListWidgetItem(tag, self.list)
        flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
        if state is Qt.CheckState.PartiallyChecked:
            flags |= Qt.ItemFlag.ItemIsUserTristate
        item.setFlags(flags)
        item.setCheckState(state)
        return item

    def add_typed(self) -> None:
        """The typed tag, ticked (one of that name, listed or in use, is used instead of doubled)."""
        tag = " ".join(self.edit.text().split())
        self.edit.clear()
        if not tag:
            return
        tag = self._known.get(tag.lower(), tag)  # a tag in use keeps its spelling
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.text().lower() == tag.lower():
                item.setCheckState(Qt.CheckState.Checked)
                return
        self._add_item(tag, Qt.CheckState.Checked)
        self.empty.hide()

    def changes(self) -> tuple[list[str], list[str]]:
        """(tags to put on every job, tags to take off every job)."""
        add, remove = [], []
        for i in range(self.list.count()):
            item = self.list.item(i)
            before = self._initial.get(item.text().lower(), Qt.CheckState.Unchecked)
            now = item.checkState()
            if now is Qt.CheckState.Checked and before is not Qt.CheckState.Checked:
                add.append(item.text())
            elif now is Qt.CheckState.Unchecked and before is not Qt.CheckState.Unchecked:
                remove.append(item.text())
        return add, remove

    def _accept(self) -> None:
        if self.edit.text().strip():
            self.add_typed()  # typed but not added yet: what the user meant
        self.chosen.emit(*self.changes())
        self.accept()
