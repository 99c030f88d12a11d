"""The job service: submit, track (batched adaptive polling), download, resume, events. No Qt.

The window and the CLI build one ``JobService`` over the library and consume its events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mjdesk.core.lazy import lazy_exports

if TYPE_CHECKING:
    from .events import EventKind, EventStream, HealthState, JobEvent, ServerHealth
    from .policy import PollPolicy
    from .service import STATUS_LOST, ImportReport, JobError, JobService, QueueFullChoice, settled

__all__ = [
    "STATUS_LOST",
    "EventKind",
    "EventStream",
    "HealthState",
    "ImportReport",
    "JobError",
    "JobEvent",
    "JobService",
    "PollPolicy",
    "QueueFullChoice",
    "ServerHealth",
    "settled",
]

# Where each name lives, imported on first use: the window needs the poll policy at start-up, not
# the service and the HTTP stack behind it.
_SOURCES = {
    "EventKind": "events",
    "EventStream": "events",
    "JobEvent": "events",
    "HealthState": "events",
    "ServerHealth": "events",
    "PollPolicy": "policy",
    "STATUS_LOST": "service",
    "JobError": "service",
    "JobService": "service",
    "ImportReport": "service",
    "QueueFullChoice": "service",
    "settled": "service",
}


__getattr__, __dir__ = lazy_exports(__name__, globals(), _SOURCES)
