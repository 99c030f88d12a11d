"""The job service: submit, track (batched adaptive polling), download, resume, events. No Qt.

The window and the CLI build one ``JobService`` over the library and consume its events.
"""

from .events import EventKind, EventStream, JobEvent
from .policy import PollPolicy
from .service import STATUS_LOST, JobError, JobService, QueueFullChoice, settled

__all__ = [
    "STATUS_LOST",
    "EventKind",
    "EventStream",
    "JobError",
    "JobEvent",
    "JobService",
    "PollPolicy",
    "QueueFullChoice",
    "settled",
]
