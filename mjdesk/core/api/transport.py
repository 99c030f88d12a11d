"""Helpers around httpx: origins, network-failure mapping, retry classes and log redaction."""

from __future__ import annotations

from typing import Any

import httpx

from .errors import (
    ConnectionRefusedByServerError,
    DnsError,
    NetworkError,
    NetworkTimeoutError,
    ProxyError,
    TlsError,
)

_DEFAULT_PORTS = {"http": 80, "https": 443}

# Failures that prove the request never left this machine: safe to retry even for a submit.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Failures no retry can fix.
HOPELESS = (httpx.ProxyError, httpx.UnsupportedProtocol, httpx.LocalProtocolError)


def origin(url: str | httpx.URL) -> tuple[str, str, int | None]:
    u = httpx.URL(url)
    return u.scheme, u.host.lower(), u.port or _DEFAULT_PORTS.get(u.scheme)


def _is_tls(text: str) -> bool:
    return any(w in text for w in ("certificate", "ssl", "tls", "handshake"))


def network_error(exc: httpx.TransportError) -> NetworkError:
    text = str(exc) or type(exc).__name__
    low = text.lower()
    if isinstance(exc, httpx.ProxyError):
        return ProxyError(text)
    if isinstance(exc, httpx.TimeoutException):
        return NetworkTimeoutError(text)
    if isinstance(exc, httpx.ConnectError):
        if _is_tls(low):
            return TlsError(text)
        if any(
            w in low
            for w in (
                "name or service",
                "nodename",
                "getaddrinfo",
                "name resolution",
                "errno -2",
                "errno -3",
                "errno -5",
                "11001",
            )
        ):
            return DnsError(text)
        if "refused" in low or "errno 111" in low or "10061" in low:
            return ConnectionRefusedByServerError(text)
    return NetworkError(text)


def retryable_transport(exc: httpx.TransportError) -> bool:
    if isinstance(exc, HOPELESS):
        return False
    return not (isinstance(exc, httpx.ConnectError) and _is_tls(str(exc).lower()))


def redact(value: Any, limit: int = 120) -> Any:
    """A copy of a JSON body fit for a debug log: data URLs and other long strings shortened."""
    if isinstance(value, str):
        if value.startswith("data:") and "," in value:
            head = value.split(",", 1)[0]
            return f"{head},<{len(value) - len(head) - 1} chars>"
        return value if len(value) <= limit else value[:limit] + f"…<{len(value)} chars>"
    if isinstance(value, list):
        return [redact(v, limit) for v in value]
    if isinstance(value, dict):
        return {k: redact(v, limit) for k, v in value.items()}
    return value
