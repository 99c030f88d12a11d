"""Typed failures with a sentence a designer understands and the server's own words kept intact.

Summaries are marked with ``QT_TRANSLATE_NOOP("MjError", ...)`` so the window can translate them;
the CLI prints them as they are. ``summary_args`` fills their ``{placeholders}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mjdesk.core.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from .models import Task

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_NETWORK = 3
EXIT_AUTH = 4


class MjError(Exception):
    summary: str = QT_TRANSLATE_NOOP("MjError", "The server refused the request.")
    retryable: bool = False
    exit_code: int = EXIT_FAILED

    def __init__(
        self,
        server_text: str = "",
        *,
        http_status: int | None = None,
        code: int | str | None = None,
        summary: str | None = None,
        summary_args: dict[str, Any] | None = None,
        retryable: bool | None = None,
    ) -> None:
        if summary is not None:
            self.summary = summary
        if retryable is not None:
            self.retryable = retryable
        self.summary_args: dict[str, Any] = dict(summary_args or {})
        self.server_text = (server_text or "").strip()
        self.http_status = http_status
        self.code = code
        super().__init__(str(self))

    @property
    def message(self) -> str:
        """The summary with its placeholders filled (English; the UI translates ``summary`` first)."""
        try:
            return self.summary.format(**self.summary_args)
        except (KeyError, IndexError, ValueError):
            return self.summary

    def __str__(self) -> str:
        return self.message + (f" — {self.server_text}" if self.server_text else "")

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(summary={self.message!r}, server_text={self.server_text!r}, "
            f"http_status={self.http_status!r}, code={self.code!r})"
        )


class AuthError(MjError):
    summary = QT_TRANSLATE_NOOP(
        "MjError", "The server did not accept the API key. Check the key in the server settings."
    )
    exit_code = EXIT_AUTH


class ForbiddenError(MjError):
    summary = QT_TRANSLATE_NOOP("MjError", "The server refused access for this key or account.")
    exit_code = EXIT_AUTH


class NotFoundError(MjError):
    summary = QT_TRANSLATE_NOOP("MjError", "The server does not know this task (or the task it builds on).")


class ValidationError(MjError):
    summary = QT_TRANSLATE_NOOP("MjError", "The server rejected the request as invalid.")
    exit_code = EXIT_USAGE


class AddressError(MjError):
    """The profile's server address is unusable (userinfo, a bad port): nothing was sent."""

    summary = QT_TRANSLATE_NOOP("MjError", "The server address cannot be used.")
    exit_code = EXIT_USAGE


class QueueFullError(MjError):
    summary = QT_TRANSLATE_NOOP("MjError", "The server's queue is full. Try again in a few minutes.")
    retryable = True


class BannedPromptError(MjError):
    summary = QT_TRANSLATE_NOOP("MjError", "The prompt contains a word the server does not allow.")

    def __init__(self, server_text: str = "", *, banned_word: str | None = None, **kwargs: Any) -> None:
        self.banned_word = banned_word or None
        if self.banned_word and "summary" not in kwargs:
            kwargs["summary"] = QT_TRANSLATE_NOOP(
                "MjError", "The prompt contains a word the server does not allow: {word}."
            )
            kwargs["summary_args"] = {"word": self.banned_word}
        super().__init__(server_text, **kwargs)


class QuotaError(MjError):
    summary = QT_TRANSLATE_NOOP("MjError", "Your balance or usage limit on this server is used up.")


class RequestTooLargeError(MjError):
    summary = QT_TRANSLATE_NOOP("MjError", "The images are too large for this server. Use fewer or smaller images.")
    exit_code = EXIT_USAGE


class ServerError(MjError):
    summary = QT_TRANSLATE_NOOP("MjError", "The server had an internal problem. Try again later.")
    retryable = True


class UnexpectedResponseError(ServerError):
    summary = QT_TRANSLATE_NOOP(
        "MjError",
        "The server answered with something that is not the expected API response. "
        "Check the base URL and the server type.",
    )
    retryable = False


class AnswerTooLargeError(ServerError):
    summary = QT_TRANSLATE_NOOP("MjError", "The server's answer was larger than {limit} MiB; it was not read.")
    retryable = False


class UnsupportedError(MjError):
    summary = QT_TRANSLATE_NOOP("MjError", "This server type does not offer this function.")
    exit_code = EXIT_USAGE


class TaskFailedError(MjError):
    summary = QT_TRANSLATE_NOOP("MjError", "The task failed on the server.")


class NetworkError(MjError):
    summary = QT_TRANSLATE_NOOP("MjError", "Could not reach the server. Check the address and your network.")
    retryable = True
    exit_code = EXIT_NETWORK


class NetworkTimeoutError(NetworkError):
    summary = QT_TRANSLATE_NOOP("MjError", "The server did not answer in time.")


class DnsError(NetworkError):
    summary = QT_TRANSLATE_NOOP("MjError", "The server's name could not be found. Check the address.")


class TlsError(NetworkError):
    summary = QT_TRANSLATE_NOOP("MjError", "The secure connection to the server failed (certificate or TLS problem).")
    retryable = False


class ConnectionRefusedByServerError(NetworkError):
    summary = QT_TRANSLATE_NOOP("MjError", "The server refused the connection. Is it running on this address and port?")


class ProxyError(NetworkError):
    summary = QT_TRANSLATE_NOOP("MjError", "The proxy could not connect to the server. Check the proxy settings.")
    retryable = False


class SubmitOutcomeUnknown(NetworkError):
    """The connection failed after the request may have reached the server.

    The task may exist (and be billed): the caller must look before sending it again, so this is
    never retried automatically.
    """

    summary = QT_TRANSLATE_NOOP(
        "MjError",
        "The connection broke after the request was sent; the server may have accepted it. "
        "Check the task list before sending it again.",
    )
    retryable = False
    may_have_reached_server = True


# -- classifying server texts -----------------------------------------------------------------
# Texts are matched case-insensitively; the Chinese ones are the servers' own words (spec §3, §11).

_QUOTA_WORDS = ("quota", "额度", "余额", "balance", "上限", "次数", "limit")
_QUEUE_FULL_WORDS = ("队列已满", "queue full", "queue is full")
_BANNED_WORDS = ("敏感词", "banned")
_NOT_FOUND_WORDS = ("task_not_found", "task_no_found", "不存在", "not found", "not_found")
_TOO_LARGE_WORDS = ("大小超过", "too large")


def _has(text: str, words: tuple[str, ...]) -> bool:
    low = text.lower()
    return any(w in low for w in words)


def error_from_text(
    text: str,
    *,
    default: type[MjError],
    http_status: int | None = None,
    code: int | str | None = None,
    banned_word: str | None = None,
) -> MjError:
    """The most specific error a server message describes, else ``default``."""
    kwargs: dict[str, Any] = {"http_status": http_status, "code": code}
    if _has(text, _TOO_LARGE_WORDS):
        return RequestTooLargeError(text, **kwargs)
    if banned_word or _has(text, _BANNED_WORDS):
        return BannedPromptError(text, banned_word=banned_word, **kwargs)
    if _has(text, _QUEUE_FULL_WORDS):
        return QueueFullError(text, **kwargs)
    if _has(text, _QUOTA_WORDS):
        return QuotaError(text, **kwargs)
    if _has(text, _NOT_FOUND_WORDS):
        return NotFoundError(text, **kwargs)
    return default(text, **kwargs)


def failure_from_task(task: Task) -> MjError | None:
    """The error a failed task stands for (trueai reports banned words only this way), else None."""
    if not task.status.is_terminal or task.status.value == "SUCCESS":
        return None
    reason = task.fail_reason or ""
    if _has(reason, _BANNED_WORDS):
        return BannedPromptError(reason)
    if _has(reason, _QUOTA_WORDS):
        return QuotaError(reason)
    return TaskFailedError(reason)


# -- what stopped a request before any server answered ---------------------------------------------
# anyio joins the failures of every address it tried into "All connection attempts failed": on a
# loopback or LAN address that means nothing listens on the port (refused), as does errno 111/10061.
_NOTHING_LISTENS_WORDS = ("all connection attempts failed", "refused", "errno 111", "10061")


def unreached(exc: MjError) -> str | None:
    """Why no server was reached, for a message that names the host rather than quoting the OS:
    "host" (name not found), "port" (nothing answers there), "timeout", "tls", "proxy" or
    "network" (anything else on the way); None when a server did answer (its words then count)."""
    if not isinstance(exc, NetworkError) or isinstance(exc, SubmitOutcomeUnknown):
        return None
    if isinstance(exc, DnsError):
        return "host"
    if isinstance(exc, ConnectionRefusedByServerError) or _has(exc.server_text, _NOTHING_LISTENS_WORDS):
        return "port"
    if isinstance(exc, NetworkTimeoutError):
        return "timeout"
    if isinstance(exc, TlsError):
        return "tls"
    if isinstance(exc, ProxyError):
        return "proxy"
    return "network"
