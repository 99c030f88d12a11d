"""What can go wrong in the library, as types the job service, the CLI and the GUI can tell apart."""

from __future__ import annotations


class LibraryError(Exception):
    """Base class: the library could not do what was asked."""


class LibraryBusyError(LibraryError):
    """Another process held the database longer than the busy timeout."""


class NewerLibraryError(LibraryError):
    """The database was written by a newer mjdesk; opening it could corrupt what that version wrote."""


class JobNotFoundError(LibraryError, KeyError):
    def __init__(self, job_id: int) -> None:
        super().__init__(job_id)
        self.job_id = job_id

    def __str__(self) -> str:
        return f"job {self.job_id} is not in the library"


class InvalidTransitionError(LibraryError):
    """A submit-state change that the job's current state does not allow.

    Raised rather than silently ignored: it usually means two callers raced for the same job, and the
    loser must not send anything to the server.
    """

    def __init__(self, job_id: int, current: str, wanted: str) -> None:
        super().__init__(f"job {job_id} is '{current}', it cannot become '{wanted}'")
        self.job_id = job_id
        self.current = current
        self.wanted = wanted


class SecretInProfileError(LibraryError, ValueError):
    """Profile settings looked like they carry a credential; keys belong in the OS keychain."""


class PayloadInSummaryError(LibraryError, ValueError):
    """Job parameters or a request summary carried image data; only names, sizes and hashes belong there."""


class FileIntegrityError(LibraryError):
    """A stored file's content does not match its hash."""


class LibraryUnusableError(LibraryError):
    """The library file or folder cannot be used: which file, what is wrong with it, what to do.

    ``template`` is English marked with ``QT_TRANSLATE_NOOP("LibraryUnusableError", ...)`` and
    ``params`` fill it; the GUI translates the template, ``str()`` is the English one-liner.
    ``usage`` is True when the user pointed at something that is not a library folder at all.
    """

    def __init__(self, template: str, *, usage: bool = False, **params: object) -> None:
        self.template = template
        self.params = params
        self.usage = usage
        super().__init__(" ".join(template.format(**params).split()))
