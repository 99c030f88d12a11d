"""What every action tab shares: the submit row, Ctrl+Enter, the disabled-with-reason rule, and the
"this server cannot do that" banner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from mjdesk.core.api.dialects import Endpoint

from ..asyncutil import spawn
from ..budget import confirm_within_budget, estimate_for, estimate_text, guard_applies
from ..job_model import Job
from ..job_texts import endpoint_label
from ..services import Services
from ..theme import tone

if TYPE_CHECKING:  # the requests module is only needed when a tab submits, long after the first paint
    from mjdesk.core.api.requests import SubmitRequest
    from mjdesk.core.costs import Estimate


SUBMIT_CHUNK = 8  # jobs handed over between two turns of the event loop


class ActionTab(QWidget):
    endpoint: Endpoint

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.backend = services.backend
        # Until the user changes the form or tries to submit it, what is missing is no error to
        # show in red (the disabled Submit's tool tip still says it): a new tab greets quietly.
        self._touched = False
        self._quiet_reason: str | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fdebd0; color: #6e2c00; padding: 8px; border-radius: 4px;")
        self.banner.hide()
        outer.addWidget(self.banner)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(scroll)
        self.form = QVBoxLayout(body)
        self.form.setContentsMargins(12, 12, 12, 12)
        self.form.setSpacing(10)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        row = QHBoxLayout()
        row.setContentsMargins(12, 6, 12, 12)
        self.reason = QLabel(self)
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet(f"color: {tone('error')};")  # readable on light and dark windows
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.reason, 1)
        self.estimate = QLabel(self)  # what the submit will cost, where the server has prices
        self.estimate.setObjectName("cost-estimate")
        self.estimate.setStyleSheet("color: palette(placeholder-text);")
        row.addWidget(self.estimate)
        self.submit_button = QPushButton(self.tr("Submit"), self)
        self.submit_button.setToolTip(self.tr("Submit (Ctrl+Enter)"))
        self.submit_button.setAccessibleName(self.tr("Submit {action}").format(action=endpoint_label(self.endpoint)))
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self.submit)
        row.addWidget(self.submit_button)
        outer.addLayout(row)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.submit)
        self.backend.connection_changed.connect(self.refresh)

    # -- for subclasses ----------------------------------------------------------------------

    def validation_reason(self) -> str | None:
        """Why the form cannot be submitted now, in the user's language; None when it can."""
        raise NotImplementedError

    def build_request(self) -> SubmitRequest:
        raise NotImplementedError

    def job_title(self) -> str:
        return endpoint_label(self.endpoint)

    def submitted(self, job: Job) -> None:
        """Called after a job was handed to the backend (e.g. to wait for its result)."""

    # -- shared ------------------------------------------------------------------------------

    def unsupported_reason(self) -> str | None:
        if not self.backend.started:
            return self.tr("Starting… Submitting is possible in a moment.")
        profile = self.backend.profile
        if profile is None:
            return self.tr("No server is set up. Add one in Settings (Ctrl+,), or use File → Try the demo.")
        if self.endpoint not in profile.capabilities:
            return self.tr("This server ({dialect}) does not offer {action}. Choose a server that does.").format(
                dialect=profile.dialect.value, action=endpoint_label(self.endpoint)
            )
        return None

    def refresh(self) -> None:
        unsupported = self.unsupported_reason()
        # While the app starts, the reason beside Submit says enough: a banner would only flash.
        banner = unsupported if self.backend.started else None
        self.banner.setText(banner or "")
        self.banner.setVisible(banner is not None)
        reason = unsupported or self.validation_reason()
        if unsupported is None and not self._touched:
            if self._quiet_reason is None:
                self._quiet_reason = reason or ""
            elif (reason or "") != self._quiet_reason:
                self._touched = True  # the user changed something that matters
        self.reason.setText(reason if reason and (self._touched or unsupported) else "")
        self.submit_button.setText(self.submit_label())
        self.estimate.setText(
            estimate_text(estimate_for(self.services, self.estimated_actions())) if not unsupported else ""
        )
        self.submit_button.setEnabled(reason is None)
        self.submit_button.setToolTip(reason or self.tr("Submit (Ctrl+Enter)"))

    def submit(self) -> None:
        self._touched = True  # a try with an incomplete form: now say why it cannot go
        self.refresh()
        if not self.submit_button.isEnabled():
            return
        requests = self.build_requests()
        estimate = estimate_for(self.services, self.estimated_actions())
        if self.may_need_refreshing() or guard_applies(self.services, estimate):
            spawn(self._submit_checked(requests, estimate), name="submit-checked")
        else:
            self._send(requests)

    def may_need_refreshing(self) -> bool:
        """Whether the requests may carry links to renew before they go (see ``refreshed``)."""
        return False

    async def refreshed(self, requests: list[tuple[SubmitRequest, str]]) -> list[tuple[SubmitRequest, str]] | None:
        """The requests with anything stale renewed (expired upload links); None: send nothing."""
        return requests

    async def _submit_checked(self, requests: list[tuple[SubmitRequest, str]], estimate: Estimate | None) -> None:
        """Renew what went stale, then the budget guard's one hook: ask when today's spending plus
        this estimate goes over."""
        fresh = await self.refreshed(requests)
        if fresh is None:
            return
        if (
            estimate is None
            or not guard_applies(self.services, estimate)
            or await confirm_within_budget(self.services, estimate, self)
        ):
            self._send(fresh)

    def _send(self, requests: list[tuple[SubmitRequest, str]]) -> None:
        if len(requests) == 1:
            self.submitted_all([self.backend.submit(*requests[0])])
        else:
            spawn(self.submit_many(requests), name="submit-matrix")

    async def submit_many(self, requests: list[tuple[SubmitRequest, str]]) -> list[Job]:
        """Hand a matrix's jobs to the backend a few at a time: each one adds a row, a tile and a
        task, and 500 at once held the window for a second (benchmarks/matrix_submit.py)."""
        import asyncio

        jobs = []
        for i, (request, title) in enumerate(requests, 1):
            jobs.append(self.backend.submit(request, title))
            if i % SUBMIT_CHUNK == 0:
                await asyncio.sleep(0)  # let the window paint and the loop breathe
        self.submitted_all(jobs)
        return jobs

    def submitted_all(self, jobs: list[Job]) -> None:
        """Every job one Submit handed to the backend (one, unless a tab expands a matrix)."""
        self.submitted(jobs[0])

    def submit_label(self) -> str:
        return self.tr("Submit")

    def estimated_actions(self) -> list[str]:
        """The action of each job one Submit sends (what it is priced by; jobs/service.py's names)."""
        return [self.endpoint.value.upper().replace("-", "_")]

    def build_requests(self) -> list[tuple[SubmitRequest, str]]:
        """The jobs one Submit sends, each with its title: one, unless a tab expands a matrix."""
        return [(self.build_request(), self.job_title())]
