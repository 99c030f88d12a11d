"""The local library: SQLite (jobs, images, profiles, tags, collections, prompt search) and downloaded files.

The library is the source of truth for the UI and the CLI; the server is polled, never trusted to
keep history. No Qt here: the GUI, the CLI and the job service all use this API.
"""

from __future__ import annotations

from .errors import (
    FileIntegrityError,
    InvalidTransitionError,
    JobNotFoundError,
    LibraryBusyError,
    LibraryError,
    LibraryUnusableError,
    NewerLibraryError,
    PayloadInSummaryError,
    SecretInProfileError,
)
from .files import FileStore, StoredFile
from .ledger import UNTAGGED, CostRecord, LedgerBy, LedgerRow
from .models import (
    STATUS_QUEUED,
    STATUS_SUBMITTING,
    TERMINAL_STATUSES,
    DeletePlan,
    ImageKind,
    ImageRecord,
    JobRecord,
    LineageNode,
    NewImage,
    ProfileRecord,
    SubmitState,
    TaskUpdate,
)
from .query import JobQuery
from .queue import QueueClaim
from .references import REFERENCE_KINDS, WEIGHT_OF, Reference, UploadLink
from .schema import SCHEMA_VERSION
from .store import Library
from .user_collections import CollectionExistsError, CollectionNotFoundError, CollectionRecord

__all__ = [
    "REFERENCE_KINDS",
    "SCHEMA_VERSION",
    "STATUS_QUEUED",
    "STATUS_SUBMITTING",
    "TERMINAL_STATUSES",
    "UNTAGGED",
    "WEIGHT_OF",
    "CollectionExistsError",
    "CollectionNotFoundError",
    "CollectionRecord",
    "CostRecord",
    "DeletePlan",
    "FileIntegrityError",
    "FileStore",
    "ImageKind",
    "ImageRecord",
    "InvalidTransitionError",
    "JobNotFoundError",
    "JobQuery",
    "JobRecord",
    "LedgerBy",
    "LedgerRow",
    "Library",
    "LibraryBusyError",
    "LibraryError",
    "LibraryUnusableError",
    "LineageNode",
    "NewImage",
    "NewerLibraryError",
    "PayloadInSummaryError",
    "ProfileRecord",
    "QueueClaim",
    "Reference",
    "SecretInProfileError",
    "StoredFile",
    "SubmitState",
    "TaskUpdate",
    "UploadLink",
]
