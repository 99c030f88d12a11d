"""Task objects and submit answers as the three dialects send them (spec §4-§7).

Parsing never raises: servers disagree on shapes and types, and a poller that crashes on one odd
field would lose track of every other task.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any

from mjdesk.core.text import clip

from .buttons import Button
from .dialects import Dialect, dialect_info


class TaskStatus(StrEnum):
    NOT_START = "NOT_START"
    SUBMITTED = "SUBMITTED"
    MODAL = "MODAL"
    IN_PROGRESS = "IN_PROGRESS"
    SUCCESS = "SUCCESS"
    FAILURE = "FAILURE"
    CANCEL = "CANCEL"
    PENDING = "PENDING"  # new-api: the row exists but was not polled yet ("" or missing)
    UNKNOWN = "UNKNOWN"  # any other string; the raw text stays in Task.status_raw

    @property
    def is_terminal(self) -> bool:
        return self in (TaskStatus.SUCCESS, TaskStatus.FAILURE, TaskStatus.CANCEL)

    @classmethod
    def parse(cls, value: Any) -> TaskStatus:
        if value is None or value == "":
            return cls.PENDING
        if not isinstance(value, str):
            return cls.UNKNOWN
        text = value.strip().upper()
        if text in ("PENDING", "UNKNOWN"):  # not server vocabulary; keep them from matching our own names
            return cls.UNKNOWN
        try:
            return cls(text)
        except ValueError:
            return cls.UNKNOWN


class TaskAction(StrEnum):
    # Union of the NZ, TA and NA vocabularies (spec §7).
    IMAGINE = "IMAGINE"
    UPSCALE = "UPSCALE"
    VARIATION = "VARIATION"
    REROLL = "REROLL"
    DESCRIBE = "DESCRIBE"
    BLEND = "BLEND"
    ACTION = "ACTION"
    PAN = "PAN"
    OUTPAINT = "OUTPAINT"
    INPAINT = "INPAINT"
    ZOOM = "ZOOM"
    CUSTOM_ZOOM = "CUSTOM_ZOOM"
    SHOW = "SHOW"
    SHORTEN = "SHORTEN"
    SWAP_FACE = "SWAP_FACE"
    SWAP_VIDEO_FACE = "SWAP_VIDEO_FACE"
    VIDEO = "VIDEO"
    VIDEO_EXTEND = "VIDEO_EXTEND"
    EDIT = "EDIT"
    EDITS = "EDITS"
    RETEXTURE = "RETEXTURE"
    PIC_READER = "PIC_READER"
    UPSCALE_HD = "UPSCALE_HD"
    HIGH_VARIATION = "HIGH_VARIATION"
    LOW_VARIATION = "LOW_VARIATION"
    MODAL = "MODAL"
    UPLOAD = "UPLOAD"
    UNKNOWN = "UNKNOWN"

    @classmethod
    def parse(cls, value: Any) -> TaskAction:
        if not isinstance(value, str) or not value.strip():
            return cls.UNKNOWN
        try:
            return cls(value.strip().upper())
        except ValueError:
            return cls.UNKNOWN


_PERCENT_RE = re.compile(r"^\s*(\d{1,3})(?:[.,]\d+)?\s*%?\s*$")


def parse_progress(value: Any) -> int | None:
    """``"45%"`` -> 45; ``""``, ``None``, free text (NZ stores Discord status words) -> None.

    A number outside 0-100 (``"999%"``, NaN, 1e400) is no progress at all, not "100": clamping it
    would make a running new-api task look finished and its preview the result.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, int | float):
        number = int(value)
    elif isinstance(value, str):
        match = _PERCENT_RE.match(value)
        if not match:
            return None
        number = int(match.group(1))
    else:
        return None
    return number if 0 <= number <= 100 else None


def _str(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    return None


# Epoch milliseconds SQLite and JSON both keep exactly; anything beyond is nonsense from the server.
_MAX_MS = 2**53


def _ms(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = int(value) if math.isfinite(value) else None
    elif isinstance(value, str):
        text = value.strip()
        # isdecimal: no "²" (isdigit accepts it, int() does not); a length cap keeps int() cheap.
        value = int(text) if text.isdecimal() and len(text) <= 20 else None
    if isinstance(value, int) and 0 <= value < _MAX_MS:
        return value
    return None


_STORABLE_DEPTH = 32  # deeper server JSON is cut off: no task field is nested more than 3 levels
# No prompt, reason or URL comes near this; a longer server text is clipped before the library
# stores it (a task is written on every change, so its size costs on every poll).
MAX_STORED_TEXT = 64 * 1024


def storable(value: Any, depth: int = 0) -> Any:
    """``value`` (decoded server JSON) as something SQLite and ``json.dumps(allow_nan=False)`` take.

    Server data reaches the library, whose one transaction per poll writes every job of a server:
    a lone surrogate (``"\\ud800"``), a NUL or a NaN in one task must not roll back the others. Lone
    surrogates become U+FFFD, NUL is dropped, NaN/Infinity become None, nesting beyond
    ``_STORABLE_DEPTH`` becomes None (json.dumps would recurse past the limit).
    """
    if depth == 0 and _already_storable(value):
        return value
    if isinstance(value, str):
        return _storable_text(value)
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if depth >= _STORABLE_DEPTH:
        return None
    if isinstance(value, dict):
        return {_storable_text(str(k)): storable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [storable(v, depth + 1) for v in value]
    return None


def _already_storable(value: Any) -> bool:
    """The common case, checked at C speed: no NaN, no lone surrogate, no NUL, not too deep."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, check_circular=False)
        text.encode("utf-8")
    except (ValueError, TypeError, RecursionError, UnicodeEncodeError):
        return False
    # A NUL is written as \u0000 (a false alarm on a literal backslash-u0000 only costs the slow
    # path); fewer than _STORABLE_DEPTH brackets in all means no deeper nesting either.
    return (
        "\\u0000" not in text and text.count("[") + text.count("{") < _STORABLE_DEPTH and len(text) <= MAX_STORED_TEXT
    )


def _storable_text(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # Pairs written as two escapes join up; a lone half becomes U+FFFD.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text = text.replace("\x00", "") if "\x00" in text else text
    return clip(text, MAX_STORED_TEXT) if len(text) > MAX_STORED_TEXT else text


def _urls(value: Any) -> list[str]:
    """TA sends ``[{url, thumbnail}]``, NA-Q ``[{url}]``; plain strings are accepted too."""
    if not isinstance(value, list):
        return []
    out: list[str] = []
    for item in value:
        url = item.get("url") if isinstance(item, dict) else item
        if isinstance(url, str) and url:
            out.append(url)
    return out


def task_id_of(obj: dict[str, Any]) -> str:
    """The id of a raw task object, as ``Task.from_json`` reads it (numbers become strings)."""
    return _str(obj.get("id")) or ""


_KNOWN_TASK_FIELDS = frozenset(
    {
        "id",
        "action",
        "status",
        "progress",
        "prompt",
        "promptEn",
        "description",
        "state",
        "submitTime",
        "startTime",
        "finishTime",
        "imageUrl",
        "imageUrls",
        "videoUrl",
        "videoUrls",
        "failReason",
        "properties",
        "buttons",
        "botType",
        "mode",
        "seed",
        "parentId",
    }
)


@dataclass
class Task:
    id: str
    action: TaskAction = TaskAction.UNKNOWN
    action_raw: str = ""
    status: TaskStatus = TaskStatus.PENDING
    status_raw: str = ""
    progress: int | None = None
    progress_raw: str = ""
    prompt: str | None = None
    prompt_en: str | None = None
    description: str | None = None
    state: str | None = None
    submit_time: int | None = None
    start_time: int | None = None
    finish_time: int | None = None
    image_url: str | None = None
    image_urls: list[str] = field(default_factory=list)
    video_url: str | None = None
    video_urls: list[str] = field(default_factory=list)
    fail_reason: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    buttons: list[Button] = field(default_factory=list)
    bot_type: str | None = None
    final_prompt: str | None = None
    mode: str | None = None
    seed: str | None = None
    parent_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    dialect: Dialect | None = None

    @property
    def instance(self) -> str | None:
        return instance_of(self.raw)

    @classmethod
    def from_json(cls, obj: Any, dialect: Dialect | None = None) -> Task:
        """Never raises, whatever ``obj`` is; every field (and ``raw``) is ``storable``."""
        obj = storable(obj) if isinstance(obj, dict) else {}
        props = obj.get("properties")
        props = dict(props) if isinstance(props, dict) else {}
        buttons_raw = obj.get("buttons")
        if not isinstance(buttons_raw, list):
            buttons_raw = []
        buttons = [b for b in map(Button.from_json, buttons_raw) if b]
        status_raw = obj.get("status")
        action_raw = obj.get("action")
        progress_raw = obj.get("progress")
        return cls(
            id=task_id_of(obj),
            action=TaskAction.parse(action_raw),
            action_raw=action_raw if isinstance(action_raw, str) else "",
            status=TaskStatus.parse(status_raw),
            status_raw=status_raw if isinstance(status_raw, str) else "",
            progress=parse_progress(progress_raw),
            progress_raw=_str(progress_raw) or "",
            prompt=_str(obj.get("prompt")),
            prompt_en=_str(obj.get("promptEn")),
            description=_str(obj.get("description")),
            state=_str(obj.get("state")),
            submit_time=_ms(obj.get("submitTime")),
            start_time=_ms(obj.get("startTime")),
            finish_time=_ms(obj.get("finishTime")),
            image_url=_str(obj.get("imageUrl")) or None,
            image_urls=_urls(obj.get("imageUrls")),
            video_url=_str(obj.get("videoUrl")) or None,
            video_urls=_urls(obj.get("videoUrls")),
            fail_reason=_str(obj.get("failReason")) or None,
            properties=props,
            buttons=buttons,
            bot_type=_str(obj.get("botType")) or None,
            final_prompt=_str(props.get("finalPrompt")),
            mode=_str(obj.get("mode")) or None,
            seed=_str(obj.get("seed")) or None,
            parent_id=_str(obj.get("parentId")) or None,
            extra={k: v for k, v in obj.items() if k not in _KNOWN_TASK_FIELDS},
            raw=dict(obj),
            dialect=Dialect(dialect) if dialect else None,
        )

    def to_json(self) -> dict[str, Any]:
        return dict(self.raw)

    @property
    def is_terminal(self) -> bool:
        if self.status.is_terminal:
            return True
        # new-api may keep an old status while its copy already shows 100% (spec §6) — but only a
        # status that says nothing ("" or a word we do not know) lets progress decide: "100%" next
        # to IN_PROGRESS is the server contradicting itself, and only status decides completion.
        return (
            self.dialect is not None
            and dialect_info(self.dialect).progress_100_is_final
            and self.progress == 100
            and self.status in (TaskStatus.PENDING, TaskStatus.UNKNOWN)
        )


def instance_of(task: dict[str, Any] | None) -> str | None:
    """The account instance that ran a task: trueai's ``instanceId``, else the ``displays`` block
    its list-by-ids answer carries (``discordInstanceId``), else the submit's properties."""
    if not isinstance(task, dict):
        return None
    displays = task.get("displays")
    props = task.get("properties")
    for value in (
        task.get("instanceId"),
        displays.get("discordInstanceId") if isinstance(displays, dict) else None,
        props.get("discordInstanceId") if isinstance(props, dict) else None,
    ):
        text = (_str(value) or "").strip()
        if text:
            return text[:64]
    return None


class SubmitCode(IntEnum):
    UNKNOWN = 0  # any code not listed; SubmitResult.code_raw keeps the number
    SUCCESS = 1
    NOT_FOUND = 3
    VALIDATION_ERROR = 4
    FAILURE = 9
    MODAL = 21  # "existed" in NZ's old docs; "modal confirmation required" in PLUS/TA
    IN_QUEUE = 22
    QUEUE_FULL = 23
    BANNED_PROMPT = 24

    @classmethod
    def parse(cls, value: Any) -> SubmitCode:
        number = _ms(value)
        try:
            return cls(number) if number is not None else cls.UNKNOWN
        except ValueError:
            return cls.UNKNOWN


_QUEUE_POS_RE = re.compile(r"(\d+)")


@dataclass
class SubmitResult:
    code: SubmitCode
    description: str = ""
    result_raw: Any = None
    properties: dict[str, Any] = field(default_factory=dict)
    code_raw: int | None = None

    @classmethod
    def from_json(cls, obj: Any) -> SubmitResult:
        if not isinstance(obj, dict):
            obj = {}
        props = obj.get("properties")
        return cls(
            code=SubmitCode.parse(obj.get("code")),
            description=_str(obj.get("description")) or "",
            result_raw=obj.get("result"),
            properties=dict(props) if isinstance(props, dict) else {},
            code_raw=_ms(obj.get("code")),
        )

    @property
    def task_ids(self) -> list[str]:
        # PicReader "all" answers a comma-separated id list (spec §3.6); upload answers URLs.
        value = self.result_raw
        if isinstance(value, bool) or value is None or isinstance(value, list):
            return []
        text = _str(value) or ""
        return [part.strip() for part in text.split(",") if part.strip()]

    @property
    def task_id(self) -> str | None:
        ids = self.task_ids
        return ids[0] if ids else None

    @property
    def urls(self) -> list[str]:
        value = self.result_raw
        if isinstance(value, list):
            return [v for v in value if isinstance(v, str) and v]
        return []

    @property
    def queued(self) -> bool:
        return self.code is SubmitCode.IN_QUEUE or "排队中" in self.description

    @property
    def queue_position(self) -> int | None:
        number = _ms(self.properties.get("numberOfQueues"))
        if number is not None:
            return number
        if self.queued:
            match = _QUEUE_POS_RE.search(self.description)
            if match:
                return int(match.group(1))
        return None

    @property
    def modal_required(self) -> bool:
        return self.code is SubmitCode.MODAL

    @property
    def final_prompt(self) -> str | None:
        return _str(self.properties.get("finalPrompt"))
