"""Submit requests kept on disk until the server's answer is definite, and their summaries.

A request is saved before it is sent and deleted once the server accepted or finally refused it.
What remains belongs to jobs that may be sent again: deferred because the queue was full, unknown
outcome, or not sent because the network failed — even after a crash or restart.
The summary stored in the library never holds image payloads, only their size, type and hash.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from mjdesk.core import api
from mjdesk.core.api import SubmitRequest
from mjdesk.core.api.buttons import action_of_custom_id

_REQUEST_TYPES: dict[str, type[api.SubmitRequest]] = {
    cls.__name__: cls
    for cls in (
        api.ImagineRequest,
        api.BlendRequest,
        api.DescribeRequest,
        api.ShortenRequest,
        api.ActionRequest,
        api.ModalRequest,
        api.ChangeRequest,
        api.SwapFaceRequest,
        api.VideoRequest,
        api.EditsRequest,
        api.RetextureRequest,
        api.UploadRequest,
    )
}

_DATA_URL_RE = re.compile(r"^data:([\w.+-]+/[\w.+-]+)?(;[^,]*)?,", re.ASCII)
_RAW_BASE64_MIN = 256  # a longer unbroken base64 string is an image, not text


def to_json(request: api.SubmitRequest) -> dict[str, Any]:
    if type(request).__name__ not in _REQUEST_TYPES:
        raise TypeError(f"cannot keep a {type(request).__name__} for later")
    return {"type": type(request).__name__, "fields": dataclasses.asdict(request)}  # type: ignore[call-overload]


def from_json(data: dict[str, Any]) -> api.SubmitRequest:
    cls = _REQUEST_TYPES[data["type"]]
    return cls(**data["fields"])


def _describe_blob(text: str) -> dict[str, Any] | None:
    match = _DATA_URL_RE.match(text)
    if match:
        mime, payload = match.group(1) or "application/octet-stream", text[match.end() :]
    elif len(text) >= _RAW_BASE64_MIN and " " not in text and not text.startswith("http"):
        mime, payload = "application/octet-stream", text
    else:
        return None
    try:
        raw = base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError):
        raw = payload.encode()
    return {"image": mime, "bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}


def _summarize(value: Any) -> Any:
    if isinstance(value, str):
        return _describe_blob(value) or value
    if isinstance(value, list):
        return [_summarize(v) for v in value]
    if isinstance(value, dict):
        return {k: _summarize(v) for k, v in value.items()}
    return value


def summarize(request: api.SubmitRequest) -> dict[str, Any]:
    """The request as the library records it: every image replaced by its type, size and hash."""
    return {"type": type(request).__name__, **_summarize(dataclasses.asdict(request))}  # type: ignore[call-overload]


class PayloadStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, job_id: int) -> Path:
        return self.folder / f"job-{job_id}.json"

    def save(self, job_id: int, request: api.SubmitRequest) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        data = json.dumps(to_json(request), ensure_ascii=False).encode()
        # Written beside its final name and renamed, so a crash never leaves half a payload.
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self._path(job_id))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def load(self, job_id: int) -> api.SubmitRequest | None:
        try:
            data = json.loads(self._path(job_id).read_bytes())
            return from_json(data)
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError):
            return None  # written by another version of the app; the job cannot be resent

    def delete(self, job_id: int) -> None:
        self._path(job_id).unlink(missing_ok=True)

    def exists(self, job_id: int) -> bool:
        return self._path(job_id).exists()


def action_of(request: SubmitRequest) -> str:
    """What the job is, in the spec's action names: a button press by its customId (UPSCALE, ZOOM,
    INPAINT...), a change by its action, anything else by its endpoint (IMAGINE, SWAP_FACE...).
    The job service records jobs by it and the price table prices them by it."""
    if isinstance(request, api.ActionRequest):
        return action_of_custom_id(request.custom_id)
    if isinstance(request, api.ChangeRequest):
        return request.action
    return request.endpoint.value.upper().replace("-", "_")
