"""The mj-proxy protocol: typed requests and answers, dialect differences, errors, the HTTP client.

Qt-free and Pillow-free; the window, the CLI and the job service all build on it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .buttons import Button, ButtonKind, parse_custom_id
    from .client import ConnectionReport, MjClient, RawTaskList
    from .dialects import (
        AuthStyle,
        Dialect,
        DialectInfo,
        Endpoint,
        SpeedMode,
        SpeedVia,
        UnknownTaskAnswer,
        dialect_info,
    )
    from .errors import (
        AuthError,
        BannedPromptError,
        ConnectionRefusedByServerError,
        DnsError,
        ForbiddenError,
        MjError,
        NetworkError,
        NetworkTimeoutError,
        NotFoundError,
        ProxyError,
        QueueFullError,
        QuotaError,
        RequestTooLargeError,
        ServerError,
        SubmitOutcomeUnknown,
        TaskFailedError,
        TlsError,
        UnexpectedResponseError,
        UnsupportedError,
        ValidationError,
        failure_from_task,
    )
    from .models import SubmitCode, SubmitResult, Task, TaskAction, TaskStatus, parse_progress
    from .profile import ProxySetting, ServerProfile, UrlRewrite
    from .requests import (
        ActionRequest,
        BlendRequest,
        ChangeRequest,
        DescribeRequest,
        EditsRequest,
        ImagineRequest,
        ModalRequest,
        PreparedRequest,
        ShortenRequest,
        SubmitRequest,
        SwapFaceRequest,
        UploadRequest,
        VideoRequest,
        prepare,
    )

__all__ = [
    "ActionRequest",
    "AuthError",
    "AuthStyle",
    "BannedPromptError",
    "BlendRequest",
    "Button",
    "ButtonKind",
    "ChangeRequest",
    "ConnectionRefusedByServerError",
    "ConnectionReport",
    "DescribeRequest",
    "Dialect",
    "DialectInfo",
    "DnsError",
    "EditsRequest",
    "Endpoint",
    "ForbiddenError",
    "ImagineRequest",
    "MjClient",
    "MjError",
    "ModalRequest",
    "NetworkError",
    "NetworkTimeoutError",
    "NotFoundError",
    "PreparedRequest",
    "ProxyError",
    "ProxySetting",
    "QueueFullError",
    "QuotaError",
    "RawTaskList",
    "RequestTooLargeError",
    "ServerError",
    "ServerProfile",
    "ShortenRequest",
    "SpeedMode",
    "SpeedVia",
    "SubmitCode",
    "SubmitOutcomeUnknown",
    "SubmitRequest",
    "SubmitResult",
    "SwapFaceRequest",
    "Task",
    "TaskAction",
    "TaskFailedError",
    "TaskStatus",
    "TlsError",
    "UnexpectedResponseError",
    "UnknownTaskAnswer",
    "UnsupportedError",
    "UploadRequest",
    "UrlRewrite",
    "ValidationError",
    "VideoRequest",
    "dialect_info",
    "failure_from_task",
    "parse_custom_id",
    "parse_progress",
    "prepare",
]

# Where each name lives, imported on first use: the window needs the light modules (dialects,
# requests, errors) at start-up, not the HTTP client and httpx behind it.
_SOURCES = {
    "Button": "buttons",
    "ButtonKind": "buttons",
    "parse_custom_id": "buttons",
    "ConnectionReport": "client",
    "MjClient": "client",
    "RawTaskList": "client",
    "AuthStyle": "dialects",
    "Dialect": "dialects",
    "DialectInfo": "dialects",
    "Endpoint": "dialects",
    "SpeedMode": "dialects",
    "SpeedVia": "dialects",
    "UnknownTaskAnswer": "dialects",
    "dialect_info": "dialects",
    "AuthError": "errors",
    "BannedPromptError": "errors",
    "ConnectionRefusedByServerError": "errors",
    "DnsError": "errors",
    "ForbiddenError": "errors",
    "MjError": "errors",
    "NetworkError": "errors",
    "NetworkTimeoutError": "errors",
    "NotFoundError": "errors",
    "ProxyError": "errors",
    "QueueFullError": "errors",
    "QuotaError": "errors",
    "RequestTooLargeError": "errors",
    "ServerError": "errors",
    "SubmitOutcomeUnknown": "errors",
    "TaskFailedError": "errors",
    "TlsError": "errors",
    "UnexpectedResponseError": "errors",
    "UnsupportedError": "errors",
    "ValidationError": "errors",
    "failure_from_task": "errors",
    "SubmitCode": "models",
    "SubmitResult": "models",
    "Task": "models",
    "TaskAction": "models",
    "TaskStatus": "models",
    "parse_progress": "models",
    "ProxySetting": "profile",
    "ServerProfile": "profile",
    "UrlRewrite": "profile",
    "ActionRequest": "requests",
    "BlendRequest": "requests",
    "ChangeRequest": "requests",
    "DescribeRequest": "requests",
    "EditsRequest": "requests",
    "ImagineRequest": "requests",
    "ModalRequest": "requests",
    "PreparedRequest": "requests",
    "ShortenRequest": "requests",
    "SubmitRequest": "requests",
    "SwapFaceRequest": "requests",
    "UploadRequest": "requests",
    "VideoRequest": "requests",
    "prepare": "requests",
}


def __getattr__(name: str) -> Any:
    module = _SOURCES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_SOURCES])
