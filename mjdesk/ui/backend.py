"""The one object the window and its tabs submit through: the job service over the library.

Every submit goes through ``JobService.submit`` and so lands in the library before it is sent. The
window shows ``Job`` views of the library's records; the service's events reach Qt through an
explicit signal bridge (``EventBridge``). Under qasync the events already arrive on the GUI thread,
but routing them through a signal keeps that assumption in one place.
"""

from __future__ import annotations

import contextvars
import itertools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from enum import StrEnum
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from mjdesk.core.api import errors as api_errors
from mjdesk.core.api.dialects import DialectInfo, Endpoint, dialect_info
from mjdesk.core.api.errors import MjError
from mjdesk.core.i18n import QT_TRANSLATE_NOOP

from .asyncutil import spawn
from .job_model import Job, JobState, endpoint_of

if TYPE_CHECKING:
    import asyncio

    from mjdesk.core.api.client import MjClient
    from mjdesk.core.api.profile import ServerProfile
    from mjdesk.core.api.requests import SubmitRequest
    from mjdesk.core.api.responses import AccountInfo
    from mjdesk.core.imaging import ImagingPool
    from mjdesk.core.jobs import JobEvent, JobService, PollPolicy, ServerHealth
    from mjdesk.core.jobs.costs import CostRecorder
    from mjdesk.core.library import JobRecord, Library

log = logging.getLogger("mjdesk.ui.backend")
PROBE_EVERY_S = 7 * 24 * 3600.0  # servers change their routes rarely; Server history asks at once


def _asyncio() -> ModuleType:
    # The window (and this backend) exist before the event loop: asyncio, and ssl behind it, are
    # imported once the window is on screen (~25 ms less before the first paint).
    import asyncio

    return asyncio


RECENT_JOBS = 200  # what the job list loads at start; older jobs are the gallery's business
NO_SERVER = QT_TRANSLATE_NOOP("MjError", "No server is set up. Open Settings to add one, or try the demo.")

# The submit a coroutine is sending, so the service's "added" event (published synchronously
# inside that coroutine's task) binds the library id to the row the user already sees.
_SUBMITTING: contextvars.ContextVar[Job | None] = contextvars.ContextVar("mjdesk_submitting", default=None)


class ConnectionState(StrEnum):
    STARTING = "starting"  # the window is up; the library and the job service are not yet
    NONE = "none"  # no server configured
    CHECKING = "checking"
    CONNECTED = "connected"
    KEY_REFUSED = "key-refused"
    UNREACHABLE = "unreachable"
    # Polling the connected server fails (published by its tracker every failed cycle); back to
    # CONNECTED by the first good cycle.
    NOT_ANSWERING = "not-answering"
    UNREADABLE_ANSWER = "unreadable-answer"
    POLLING_FAILS = "polling-fails"

    @property
    def polling_fails(self) -> bool:
        return self in (ConnectionState.NOT_ANSWERING, ConnectionState.UNREADABLE_ANSWER, ConnectionState.POLLING_FAILS)


class EventBridge(QObject):
    """Job service events → a Qt signal."""

    job_event = Signal(object)  # not "event": that would shadow QObject.event()
    health = Signal(object)  # a ServerHealth

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe: list[Callable[[], None]] = []

    def attach(self, service: JobService) -> None:
        self.detach()
        self._unsubscribe = [service.subscribe(self.job_event.emit), service.subscribe_health(self.health.emit)]

    def detach(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []


# What "Try the demo" runs: starts the built-in simulator, returns its profile and key.
DemoStarter = Callable[[], Awaitable[tuple["ServerProfile", str]]]


class Backend(QObject):
    job_added = Signal(object)
    job_changed = Signal(object)
    connection_changed = Signal()
    account_changed = Signal()  # the key's quota (new-api) was read again: see ``account``
    # A server's polling started failing, failed again or recovered: tiles of its jobs repaint.
    server_health_changed = Signal(object)
    profiles_changed = Signal()

    def __init__(
        self,
        library: Library | None,
        pool: ImagingPool,
        *,
        poll: PollPolicy | None = None,
        demo: DemoStarter | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # None until start(library): the app shows its window first and opens the library after.
        self._library = library
        self.jobs: list[Job] = []  # oldest first
        self.connection = ConnectionState.NONE if library is not None else ConnectionState.STARTING
        self.connection_detail = ""
        self.account: AccountInfo | None = None
        self._account_read_at = 0.0
        self._pool = pool
        self._poll = poll
        self._demo = demo
        self._profiles: dict[str, ServerProfile] = {}
        self._keys: dict[str, str] = {}  # in memory only; read from the keychain off the loop
        self._session: dict[str, tuple[ServerProfile, str]] = {}  # not saved: the demo, tests
        self._active: str | None = None
        self._demo_name: str | None = None
        self._by_id: dict[int, Job] = {}
        self._ids = itertools.count(1)
        # One reconfiguration at a time: each closes the service the previous one started.
        self._reconfiguring_lock: asyncio.Lock | None = None
        self._bridge = EventBridge(self)
        self._bridge.job_event.connect(self._on_event)
        self._bridge.health.connect(self._on_health)
        self._health: dict[str, ServerHealth] = {}  # profiles whose polling fails right now
        self._unreadable: dict[str, int] = {}  # tasks of a good answer that could not be read
        self._service: JobService | None = None  # made on first use: it imports the HTTP stack
        self._costs: CostRecorder | None = None  # records what the service's jobs cost

    @property
    def library(self) -> Library:
        if self._library is None:
            raise RuntimeError("the backend has not been started with a library yet")
        return self._library

    @property
    def started(self) -> bool:
        """The library is open: profiles, settings and submits work."""
        return self._library is not None

    @property
    def service(self) -> JobService:
        if self._service is None:
            self._service = self._make_service()
        return self._service

    # -- profiles -------------------------------------------------------------------------------

    @property
    def profile(self) -> ServerProfile | None:
        return self._profiles.get(self._active) if self._active else None

    @property
    def is_demo(self) -> bool:
        return self._active is not None and self._active == self._demo_name

    def supports(self, endpoint: Endpoint) -> bool:
        return self.profile is not None and endpoint in self.profile.capabilities

    def profile_supports(self, name: str, endpoint: Endpoint) -> bool:
        """Whether the named profile's server offers ``endpoint`` (False for an unknown profile)."""
        profile = self._profiles.get(name)
        return profile is not None and endpoint in profile.capabilities

    def dialects(self) -> dict[str, str]:
        """Every known profile's dialect by name (a session profile is not in the library)."""
        return {name: str(p.dialect) for name, p in self._profiles.items()}

    def known_profiles(self) -> list[ServerProfile]:
        """Every server this window can send to: the saved ones and this session's (the demo)."""
        return list(self._profiles.values())

    def saved_profiles(self) -> list[ServerProfile]:
        return [p for name, p in self._profiles.items() if name not in self._session]

    async def load_profiles(self, *, use_default: bool = False) -> None:
        """Read saved profiles (library) and their keys (keychain) in a worker thread; make the
        default one active unless a demo runs."""
        from mjdesk.core import profiles, secrets

        def read() -> tuple[dict[str, ServerProfile], dict[str, str], str | None]:
            folder = self.library.paths.config  # the key file, where no keychain works
            secrets.status(folder)  # checks the keychain up front, so the server dialogs know at once
            records = self.library.profiles()
            found = {r.name: profiles.from_record(r) for r in records}
            keys = {}
            for name in found:
                try:
                    keys[name] = secrets.get_api_key(name, folder) or ""
                except secrets.SecretStoreError as exc:
                    log.warning("no key for profile %r: %s", name, exc)
            default = next((r.name for r in records if r.is_default), records[0].name if records else None)
            return found, keys, default

        found, keys, default = await _asyncio().to_thread(read)
        self._profiles = {**found, **{name: p for name, (p, _) in self._session.items()}}
        self._keys = {**keys, **{name: k for name, (_, k) in self._session.items()}}
        # A saved server in use is always the default one; the demo stays until a default is chosen.
        if use_default or self._active not in self._session:
            self._active = default
        self.profiles_changed.emit()

    def key_of(self, name: str) -> str:
        return self._keys.get(name, "")

    async def remove_profile(self, name: str) -> None:
        """Forget a saved server and its key; its jobs stay in the library."""
        from mjdesk.core import secrets

        def work() -> None:
            self.library.delete_profile(name)
            secrets.delete_api_key(name, self.library.paths.config)  # keychain and key file

        await _asyncio().to_thread(work)
        await self.reconfigure()

    async def make_default(self, name: str) -> None:
        def work() -> None:
            record = self.library.profile(name)
            if record is not None:
                self.library.save_profile(replace(record, is_default=True))

        await _asyncio().to_thread(work)
        await self.reconfigure(use_default=True)  # the new default takes over, also from the demo

    async def reconfigure(self, poll: PollPolicy | None = None, *, use_default: bool = False) -> None:
        """After profiles or the poll interval changed: reload them and restart the job service
        (its clients are built per profile), then check the connection again."""
        async with self._reconfiguring():
            if poll is not None:
                self._poll = poll
            await self.load_profiles(use_default=use_default)
            await self._restart_service()
        await self.check_connection()

    async def start_demo(self) -> None:
        if self._demo is None:
            raise RuntimeError("no demo server available")
        profile, key = await self._demo()
        self.use_profile(profile, key, demo=True)

    def use_profile(self, profile: ServerProfile, key: str, *, demo: bool = False) -> None:
        """Make a server active for this session only, without saving it (the demo, tests)."""
        if demo:
            self._demo_name = profile.name
        self._session[profile.name] = (profile, key)
        self._profiles[profile.name] = profile
        self._keys[profile.name] = key
        self._active = profile.name
        self.profiles_changed.emit()
        self.connection_changed.emit()

    def _client_for(self, name: str) -> MjClient:
        from mjdesk.core.api.client import MjClient

        profile = self._profiles.get(name)
        if profile is None:
            raise LookupError(f"no saved server profile named {name!r}")
        return MjClient(profile, self._keys.get(name, ""))

    # -- service --------------------------------------------------------------------------------

    def _make_service(self) -> JobService:
        from mjdesk.core.jobs import JobService
        from mjdesk.core.jobs.costs import CostRecorder

        service = JobService(
            self.library, client_for=self._client_for, imaging_pool=self._pool, poll=self._poll, queue_submits=True
        )
        self._bridge.attach(service)
        self._costs = CostRecorder(service)
        return service

    def _reconfiguring(self) -> asyncio.Lock:
        # Made on first use: the backend is built before the event loop (and asyncio) exist.
        if self._reconfiguring_lock is None:
            self._reconfiguring_lock = _asyncio().Lock()
        return self._reconfiguring_lock

    async def start(self, library: Library | None = None) -> None:
        """Profiles, then the service (which resumes unfinished jobs), then the recent jobs.

        ``library`` is for a backend built without one, before the library was open."""
        if library is not None:
            self._library = library
        if self.connection is ConnectionState.STARTING:
            self._set_connection(ConnectionState.NONE)  # until check_connection knows better
        await self.load_profiles()
        if self._active is not None:
            await self._prepare_client(self._active)
        await self.service.start()
        records = await _asyncio().to_thread(self.library.recent_jobs, RECENT_JOBS)
        for record in reversed(records):
            if record.id not in self._by_id:
                self._add_record(record)

    async def _restart_service(self) -> None:
        old, self._service = self._service, None
        old_costs, self._costs = self._costs, None
        self._bridge.detach()
        self._health.clear()  # the new service's trackers report afresh
        self._unreadable.clear()
        if old is not None:
            await old.aclose()
        if self._active is not None:
            await self._prepare_client(self._active)
        if old_costs is not None:
            await old_costs.aclose()
        await self.service.start()

    async def _prepare_client(self, name: str) -> None:
        try:
            await self.service.prepare_client(name)
        except Exception as exc:  # no key, a broken profile: the first use says so, as before
            log.info("could not prepare the client of %r: %r", name, exc)

    async def aclose(self) -> None:
        self._bridge.detach()
        if self._service is not None:
            await self._service.aclose()
        if self._costs is not None:
            await self._costs.aclose()

    # -- jobs -----------------------------------------------------------------------------------

    def submit(self, request: SubmitRequest, title: str) -> Job:
        """Show the job at once (SUBMITTING) and hand it to the job service in the background."""
        job = Job(next(self._ids), request.endpoint, title, dialect=self._dialect(self._active))
        self.jobs.append(job)
        self.job_added.emit(job)
        spawn(self._submit(job, request), name=f"submit-{job.local_id}")
        return job

    async def _submit(self, job: Job, request: SubmitRequest) -> None:
        from mjdesk.core.jobs import payloads

        profile = self._active
        if profile is None:
            self._fail_locally(job, api_errors.UnsupportedError(summary=NO_SERVER))
            return
        _SUBMITTING.set(job)
        summary = {**payloads.summarize(request), "title": job.title}
        try:
            record = await self.service.submit(profile, request, summary=summary, when_queue_full="defer")
        except MjError as exc:  # e.g. the keychain had no key: nothing was recorded or sent
            self._fail_locally(job, exc)
            return
        self._update(job, record)

    def _fail_locally(self, job: Job, error: MjError) -> None:
        job.state, job.error = JobState.FAILED, error
        job.done.set()
        self.job_changed.emit(job)

    def resubmit(self, job: Job) -> None:
        """Send an unknown or refused job again: only ever on the user's explicit click."""
        if job.id is not None:
            spawn(self.service.resubmit(job.id, when_queue_full="defer"), name=f"resubmit-{job.id}")

    def withdraw(self, job: Job) -> None:
        """Dismiss an unknown job or cancel a deferred one: nothing more is sent."""
        if job.id is not None:
            spawn(self.service.withdraw(job.id), name=f"withdraw-{job.id}")

    async def wait(self, job: Job) -> Job:
        await job.done.wait()
        return job

    def counts(self) -> tuple[int, int]:
        """(running, queued) jobs, for the status bar."""
        running = sum(j.state in (JobState.RUNNING, JobState.SUBMITTING) for j in self.jobs)
        queued = sum(j.state in (JobState.QUEUED, JobState.DEFERRED, JobState.IN_QUEUE) for j in self.jobs)
        return running, queued

    def waiting_here(self) -> int:
        """Jobs in the user's own queue, never sent: they wait for the next start if the app quits."""
        return sum(j.state is JobState.IN_QUEUE for j in self.jobs)

    async def set_max_running(self, name: str, count: int) -> None:
        """How many jobs this server may have at once; more wait in the queue (0: no cap)."""
        from mjdesk.core import profiles

        profile = self._profiles.get(name)
        if profile is None or profile.max_running == count:
            return
        # In place: the service's client holds this same profile and reads the cap at each look.
        profile.max_running = max(0, count)

        def save() -> None:
            record = self.library.profile(name)
            if record is not None:  # a session's server (the demo) is not saved
                profiles.save(self.library, profile, is_default=record.is_default)

        await _asyncio().to_thread(save)
        self.service.wake_queue(name)
        self.profiles_changed.emit()

    def dialect_of(self, profile: str | None) -> DialectInfo | None:
        """What the server a job was sent to can do (None: a profile no longer known)."""
        found = self._profiles.get(profile or "")
        return dialect_info(found.dialect) if found else None

    def _dialect(self, profile: str | None) -> str | None:
        found = self._profiles.get(profile or "")
        return found.dialect.value if found else None

    def _on_event(self, event: JobEvent) -> None:
        job = self._by_id.get(event.job_id)
        if job is None:
            pending = _SUBMITTING.get()
            if event.kind == "added" and pending is not None and pending.record is None:
                self._by_id[event.job_id] = pending
                self._update(pending, event.job)
            else:
                self._add_record(event.job)
            return
        self._update(job, event.job)

    def _add_record(self, record: JobRecord) -> None:
        job = Job(next(self._ids), endpoint_of(record.action), "", dialect=self._dialect(record.profile))
        job.apply(record)
        self._by_id[record.id] = job
        self.jobs.append(job)
        self.job_added.emit(job)

    def _update(self, job: Job, record: JobRecord) -> None:
        # Events and the submit's return value may arrive in either order: keep the newest.
        if job.record is not None and record.updated_at < job.record.updated_at:
            return
        job.apply(record)
        self._by_id[record.id] = job
        self.job_changed.emit(job)

    # -- connection -----------------------------------------------------------------------------

    def polling_fails(self, profile: str) -> bool:
        """Polling this server fails right now: its running jobs may be further than they show."""
        return profile in self._health

    def retry_in(self) -> float | None:
        """Seconds until the connected server is polled again after a failure."""
        health = self._health.get(self._active or "")
        return health.retry_in if health is not None else None

    def unreadable_tasks(self) -> int:
        """Tasks the connected server sends in a shape that cannot be read (kept, asked again)."""
        return self._unreadable.get(self._active or "", 0)

    def _on_health(self, health: ServerHealth) -> None:
        if health.ok:
            self._health.pop(health.profile, None)
            if self._unreadable.get(health.profile, 0) != health.unreadable_tasks:
                self._unreadable[health.profile] = health.unreadable_tasks
                if health.profile == self._active:
                    self.connection_changed.emit()
        else:
            self._health[health.profile] = health
        if health.profile == self._active and self.connection not in (
            ConnectionState.CHECKING,
            ConnectionState.KEY_REFUSED,
        ):
            if not health.ok:
                state = {
                    "unreachable": ConnectionState.NOT_ANSWERING,
                    "unreadable": ConnectionState.UNREADABLE_ANSWER,
                }.get(health.state, ConnectionState.POLLING_FAILS)
                self._set_connection(state, health.detail)
            elif self.connection.polling_fails or self.connection is ConnectionState.UNREACHABLE:
                # A good poll proves the server answers again (also after a failed connection test).
                self._set_connection(ConnectionState.CONNECTED)
        for job in self.jobs:
            if job.record is None or job.record.profile != health.profile:
                continue
            waiting = not health.ok and job.state in (JobState.RUNNING, JobState.QUEUED)
            if waiting != job.server_waiting:
                job.server_waiting = waiting
                self.job_changed.emit(job)  # the job list and the detail say so (or resume)
        self.server_health_changed.emit(health)

    async def check_connection(self) -> None:
        profile = self.profile
        if profile is None:
            self._set_connection(ConnectionState.NONE)
            return
        self._set_connection(ConnectionState.CHECKING)
        async with self._reconfiguring():  # not on a client that a restart is closing
            if self.profile is not profile:
                return  # changed (or removed) while this check waited; its own check reports
            report = await self.service.client(profile.name).test_connection()
        if self.profile is not profile:
            return  # the server changed meanwhile; its own check reports
        if report.ok:
            state = ConnectionState.CONNECTED
        elif report.auth_ok is False:
            state = ConnectionState.KEY_REFUSED
        else:
            state = ConnectionState.UNREACHABLE
        self._set_connection(state, report.message)
        if state is ConnectionState.CONNECTED:
            await self.refresh_account()
            if profile.name not in self._session:  # a saved server: the demo's answers are known
                await self.probe_capabilities()

    async def probe_capabilities(self, *, force: bool = False) -> dict[Endpoint, bool] | None:
        """Ask the active server which routes it has (MjClient.probe), at most weekly unless
        ``force``; the answer narrows or widens what the window offers and is saved with the
        profile. None when nothing was asked."""
        import time

        from mjdesk.core import profiles

        profile = self.profile
        if profile is None or profile.endpoints_override is not None:
            return None  # the user said what the server has
        if not force and time.time() - profile.probed_at < PROBE_EVERY_S:
            return None
        async with self._reconfiguring():  # not on a client that a restart is closing
            if self.profile is not profile:
                return None
            found = await self.service.client(profile.name).probe()
        if self.profile is not profile or not found:
            return found
        # In place: the service's client holds this same profile object.
        profile.probed, profile.probed_at = found, time.time()
        if profile.name not in self._session:

            def save() -> None:
                record = self.library.profile(profile.name)
                if record is not None:
                    profiles.save(self.library, profile, is_default=record.is_default)

            await _asyncio().to_thread(save)
        self.profiles_changed.emit()
        return found

    async def refresh_account(self, *, at_most_every: float = 0.0) -> None:
        """Read the key's quota where the server reports it (new-api); None elsewhere. A failure
        is only logged: the quota is a convenience, never a reason to stop."""
        import time

        profile = self.profile
        if profile is None or Endpoint.ACCOUNT not in profile.capabilities:
            if self.account is not None:
                self.account = None
                self.account_changed.emit()
            return
        if time.monotonic() - self._account_read_at < at_most_every:
            return
        self._account_read_at = time.monotonic()
        try:
            async with self._reconfiguring():  # not on a client that a restart is closing
                if self.profile is not profile:
                    return
                info = await self.service.client(profile.name).account()
        except MjError as exc:
            log.info("quota of %s not read: %s", profile.name, exc)
            info = None
        if self.profile is profile:
            self.account = info
            self.account_changed.emit()

    def _set_connection(self, state: ConnectionState, detail: str = "") -> None:
        self.connection, self.connection_detail = state, detail
        self.connection_changed.emit()
