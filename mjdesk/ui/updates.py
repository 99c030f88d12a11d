"""Telling the designer a new mjdesk is out: a daily check after start-up (dialogs/update.py shows it).

The check never runs before the window is on screen and never blocks it (an async request with a
short timeout); a feed that is unreachable, slow or malformed is only logged. It is off in
``--demo`` (main.py does not start it) and when Settings turns it off; the active server's proxy
setting applies to it, and the request carries nothing about the user (core/updates.py).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from mjdesk import __version__
from mjdesk.core import updates

from .asyncutil import spawn

if TYPE_CHECKING:
    import asyncio

    from .backend import Backend
    from .services import Services

log = logging.getLogger("mjdesk.ui")

FIRST_CHECK_DELAY_S = 5.0  # after the window is shown: start-up has the machine first
RECHECK_EVERY_S = 3600.0  # a window left open for days still hears of a release, once a day


@dataclass(frozen=True)
class Outcome:
    """What one check found: a release to offer, nothing newer, or why it could not tell."""

    release: updates.Release | None = None
    problem: str = ""


class UpdateChecker(QObject):
    """Owns the check's schedule and state; ``available`` fires with a release worth offering."""

    available = Signal(object)  # updates.Release
    dismissed = Signal()

    def __init__(self, services: Services, backend: Backend, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.backend = backend
        self.current = __version__
        self.release: updates.Release | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def _folder(self) -> Path:
        return self.services.paths.config

    def start(self, delay: float = FIRST_CHECK_DELAY_S) -> None:
        """Check now and then daily while the app runs (each time only if a day has passed)."""
        if self._task is None or self._task.done():
            self._task = spawn(self._daily(delay), name="update-check")

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _daily(self, delay: float) -> None:
        import asyncio

        await asyncio.sleep(delay)
        while True:
            if self.services.settings.check_updates:
                state = await asyncio.to_thread(updates.load_state, self._folder)
                if state.due():
                    await self.check(state=state)
            await asyncio.sleep(RECHECK_EVERY_S)

    async def check(self, *, forced: bool = False, state: updates.CheckState | None = None) -> Outcome:
        """Read the feed once; remember when; offer what is newer (a forced check offers a
        skipped version again: the user asked)."""
        import asyncio

        settings = self.services.settings
        if state is None:  # else the daily loop passed what it has just read
            state = await asyncio.to_thread(updates.load_state, self._folder)
        if forced:
            state.skipped = ""
        profile = self.backend.profile
        proxy = profile.proxy if profile is not None and not self.backend.is_demo else None
        try:
            release = await updates.newer_release(settings.update_feed, self.current, state, proxy)
        except updates.FeedError as exc:
            log.info("update check: %s", exc)  # not an error of the app: never a dialog
            return Outcome(problem=self.problem_text(exc.kind))
        state.checked_at = time.time()
        await asyncio.to_thread(updates.save_state, self._folder, state)
        if release is not None:
            log.info("update check: %s is available (running %s)", release.version, self.current)
            self.release = release
            self.available.emit(release)
        else:
            log.info("update check: %s is the newest version", self.current)
        return Outcome(release=release)

    def problem_text(self, kind: str) -> str:
        texts = {
            "unreachable": self.tr("the release list could not be reached (offline, or a proxy is needed)"),
            "http": self.tr("the release list's server answered with an error"),
            "insecure": self.tr("the release list's address is not a secure (https) one"),
        }
        return texts.get(kind, self.tr("the release list could not be read"))

    async def skip(self, version: str) -> None:
        import asyncio

        state = await asyncio.to_thread(updates.load_state, self._folder)
        state.skipped = version
        await asyncio.to_thread(updates.save_state, self._folder, state)
        self.release = None
        self.dismissed.emit()
