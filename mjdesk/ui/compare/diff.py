"""Below the compared images: their prompts with the words each adds or drops against A, and a
table of parameters × images with the differing rows marked (mjdesk/core/prompt_diff.py decides)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QTextBrowser, QWidget

from mjdesk.core.prompt import parse
from mjdesk.core.prompt_diff import Change, param_rows, word_diff

from ..job_texts import job_name

if TYPE_CHECKING:
    from mjdesk.core.library import JobRecord

LETTERS = "ABCD"
ADDED = "rgba(52, 199, 89, 0.35)"
REMOVED = "rgba(255, 69, 58, 0.30)"
DIFFERS = QColor(255, 159, 10, 70)  # a parameter cell that is not the same in every image


def prompt_of(job: JobRecord) -> str:
    """The prompt the designer wrote; the server's when there is none (a blend's or a describe's)."""
    return job.prompt or job.final_prompt or ""


class PromptDiff(QTextBrowser):
    """A's prompt as written; B-D's with their added words green and the dropped ones struck red."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("What differs in the prompts"))
        self.setOpenLinks(False)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # the window's keys stay with the images

    def show_jobs(self, jobs: list[JobRecord]) -> None:
        base = prompt_of(jobs[0]) if jobs else ""
        lines = []
        for n, job in enumerate(jobs):
            text = prompt_of(job)
            if n == 0:
                body = html.escape(text) or f"<i>{html.escape(self.tr('(no prompt)'))}</i>"
            else:
                parts = []
                for run in word_diff(base, text):
                    words = html.escape(run.text)
                    if run.change is Change.ADDED:
                        parts.append(f'<span style="background:{ADDED}">{words}</span>')
                    elif run.change is Change.REMOVED:
                        parts.append(f'<span style="background:{REMOVED}"><s>{words}</s></span>')
                    else:
                        parts.append(words)
                found = parse(text).params
                params = text[found[0].start :].strip() if found else ""  # the table compares them
                body = " ".join(parts) + (f" <span style='opacity:0.7'>{html.escape(params)}</span>" if params else "")
            lines.append(f"<p><b>{LETTERS[n]}</b>&nbsp;&nbsp;{body}</p>")
        legend = self.tr("Green: words added against A. Struck out: words A has and this one lacks.")
        lines.append(f"<p style='color:gray'>{html.escape(legend)}</p>")
        self.setHtml("".join(lines))


class ParamTable(QTableWidget):
    """Parameter × image: the action, the server and every ``--parameter`` any of them gives."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Parameters of each image"))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().setDefaultSectionSize(24)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.differing: list[str] = []  # the rows marked, by their label (tests, screen readers)

    def show_jobs(self, jobs: list[JobRecord]) -> None:
        rows: list[tuple[str, tuple[str | None, ...]]] = [
            (self.tr("Action"), tuple(job_name(j) for j in jobs)),
            (self.tr("Server"), tuple(j.profile for j in jobs)),
        ]
        params = param_rows([prompt_of(j) for j in jobs])
        rows += [(f"--{r.name}", r.values) for r in params]
        self.clear()
        self.setColumnCount(len(jobs))
        self.setRowCount(len(rows))
        self.setHorizontalHeaderLabels(list(LETTERS[: len(jobs)]))
        self.setVerticalHeaderLabels([label for label, _ in rows])
        self.differing = []
        bold = QFont(self.font())
        bold.setBold(True)
        for row, (label, values) in enumerate(rows):
            differs = len(set(values)) > 1
            if differs:
                self.differing.append(label)
            for column, value in enumerate(values):
                text = "—" if value is None else ("✓" if value == "" else value)
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if differs:
                    item.setBackground(QBrush(DIFFERS))
                    item.setFont(bold)
                self.setItem(row, column, item)
        if not params:
            self.setToolTip(self.tr("No --parameters in these prompts"))
