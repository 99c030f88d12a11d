"""Submit requests: each knows its endpoint and builds its JSON body for a dialect.

``prepare(request, profile)`` adds what depends on the server profile (speed mode, the action →
change fallback) and returns the method, path and body to send.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from mjdesk.core.i18n import QT_TRANSLATE_NOOP

from .buttons import ButtonKind, parse_custom_id
from .dialects import ENDPOINT_PATHS, Dialect, Endpoint, SpeedMode, SpeedVia, dialect_info
from .errors import UnsupportedError, ValidationError
from .profile import ServerProfile

Bot = Literal["mj", "niji"]
_BOT_TYPES = {"mj": "MID_JOURNEY", "niji": "NIJI_JOURNEY"}
_SPEED_FLAG_RE = re.compile(r"(?:^|\s)--(?:fast|relax|turbo)\b", re.IGNORECASE)
_NIJI_RE = re.compile(r"(?:^|\s)--niji\b", re.IGNORECASE)


def _is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def _check_image(value: str, what: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            summary=QT_TRANSLATE_NOOP("MjError", "Missing image: {what}."), summary_args={"what": what}
        )


class SubmitRequest:
    endpoint: ClassVar[Endpoint]
    # Requests whose prompt decides the generation speed when the speed goes in the prompt.
    speed_in_prompt: ClassVar[bool] = False

    def body(self, dialect: Dialect) -> dict[str, Any]:
        raise NotImplementedError

    @property
    def has_images(self) -> bool:
        return False


def _bot_fields(body: dict[str, Any], bot: Bot | None, dialect: Dialect, prompt_key: str | None) -> None:
    if bot is None:
        return
    if dialect_info(dialect).bot_type_field:
        body["botType"] = _BOT_TYPES[bot]
    elif bot == "niji" and prompt_key and not _NIJI_RE.search(body.get(prompt_key, "")):
        # Only trueai knows botType; elsewhere the Niji model is chosen by the prompt flag.
        body[prompt_key] = f"{body.get(prompt_key, '')} --niji".strip()


@dataclass
class ImagineRequest(SubmitRequest):
    endpoint: ClassVar[Endpoint] = Endpoint.IMAGINE
    speed_in_prompt: ClassVar[bool] = True
    prompt: str
    images: list[str] = field(default_factory=list)
    bot: Bot | None = None
    state: str | None = None

    def body(self, dialect: Dialect) -> dict[str, Any]:
        if not self.prompt or not self.prompt.strip():
            raise ValidationError(summary=QT_TRANSLATE_NOOP("MjError", "The prompt is empty."))
        body: dict[str, Any] = {"prompt": self.prompt.strip()}
        if self.images:
            if not dialect_info(dialect).accepts_image_links and any(_is_url(i) for i in self.images):
                raise UnsupportedError(
                    summary=QT_TRANSLATE_NOOP(
                        "MjError", "Only trueai servers accept image links; send the image itself."
                    )
                )
            body["base64Array"] = list(self.images)
        _bot_fields(body, self.bot, dialect, "prompt")
        if self.state is not None:
            body["state"] = self.state
        return body

    @property
    def has_images(self) -> bool:
        return bool(self.images)


@dataclass
class BlendRequest(SubmitRequest):
    endpoint: ClassVar[Endpoint] = Endpoint.BLEND
    images: list[str]
    dimensions: Literal["PORTRAIT", "SQUARE", "LANDSCAPE"] = "SQUARE"
    bot: Bot | None = None

    def body(self, dialect: Dialect) -> dict[str, Any]:
        if not 2 <= len(self.images) <= 5:
            raise ValidationError(
                summary=QT_TRANSLATE_NOOP("MjError", "Blend needs 2 to 5 images, not {count}."),
                summary_args={"count": len(self.images)},
            )
        if self.dimensions not in ("PORTRAIT", "SQUARE", "LANDSCAPE"):
            raise ValidationError(
                summary=QT_TRANSLATE_NOOP("MjError", "Unknown blend shape {shape}."),
                summary_args={"shape": self.dimensions},
            )
        body: dict[str, Any] = {"base64Array": list(self.images), "dimensions": self.dimensions}
        _bot_fields(body, self.bot, dialect, None)
        return body

    @property
    def has_images(self) -> bool:
        return True


@dataclass
class DescribeRequest(SubmitRequest):
    endpoint: ClassVar[Endpoint] = Endpoint.DESCRIBE
    image: str | None = None
    link: str | None = None
    language: str | None = None

    def body(self, dialect: Dialect) -> dict[str, Any]:
        if bool(self.image) == bool(self.link):
            raise ValidationError(summary=QT_TRANSLATE_NOOP("MjError", "Describe needs exactly one image or one link."))
        if self.link and not dialect_info(dialect).describes_links:
            raise UnsupportedError(
                summary=QT_TRANSLATE_NOOP(
                    "MjError", "This server type cannot describe an image link; send the image itself."
                )
            )
        body: dict[str, Any] = {"base64": self.image} if self.image else {"link": self.link}
        if self.language and dialect_info(dialect).describe_language:
            body["language"] = self.language
        return body

    @property
    def has_images(self) -> bool:
        return bool(self.image)


@dataclass
class ShortenRequest(SubmitRequest):
    endpoint: ClassVar[Endpoint] = Endpoint.SHORTEN
    prompt: str

    def body(self, dialect: Dialect) -> dict[str, Any]:
        if not self.prompt or not self.prompt.strip():
            raise ValidationError(summary=QT_TRANSLATE_NOOP("MjError", "The prompt is empty."))
        return {"prompt": self.prompt.strip()}


@dataclass
class ActionRequest(SubmitRequest):
    endpoint: ClassVar[Endpoint] = Endpoint.ACTION
    task_id: str
    custom_id: str
    enable_remix: bool = False

    def body(self, dialect: Dialect) -> dict[str, Any]:
        if not self.task_id or not self.custom_id:
            raise ValidationError(
                summary=QT_TRANSLATE_NOOP("MjError", "An action needs the task id and the button's customId.")
            )
        body: dict[str, Any] = {"taskId": self.task_id, "customId": self.custom_id}
        if self.enable_remix:
            body["enableRemix"] = True
        return body

    def as_change(self) -> ChangeRequest:
        """The same button press through ``/submit/change`` for servers without ``/submit/action``."""
        kind, index = parse_custom_id(self.custom_id)
        if kind is ButtonKind.UPSCALE and index and "::upsample::" in self.custom_id:
            return ChangeRequest(self.task_id, "UPSCALE", index)
        if kind is ButtonKind.VARIATION and index:
            return ChangeRequest(self.task_id, "VARIATION", index)
        if kind is ButtonKind.REROLL:
            return ChangeRequest(self.task_id, "REROLL", 1)
        raise UnsupportedError(
            summary=QT_TRANSLATE_NOOP(
                "MjError",
                "This server only offers upscale, variation and reroll; the button {kind} "
                "needs a server with the action API.",
            ),
            summary_args={"kind": kind.value},
        )


@dataclass
class ModalRequest(SubmitRequest):
    endpoint: ClassVar[Endpoint] = Endpoint.MODAL
    speed_in_prompt: ClassVar[bool] = True
    task_id: str
    prompt: str = ""
    mask_base64: str | None = None

    def body(self, dialect: Dialect) -> dict[str, Any]:
        if not self.task_id:
            raise ValidationError(
                summary=QT_TRANSLATE_NOOP("MjError", "A modal answer needs the id of the waiting task.")
            )
        body: dict[str, Any] = {"taskId": self.task_id, "prompt": self.prompt}
        if self.mask_base64:
            body["maskBase64"] = self.mask_base64
        return body

    @property
    def has_images(self) -> bool:
        return bool(self.mask_base64)


@dataclass
class ChangeRequest(SubmitRequest):
    endpoint: ClassVar[Endpoint] = Endpoint.CHANGE
    task_id: str
    action: Literal["UPSCALE", "VARIATION", "REROLL"]
    index: int = 1

    def body(self, dialect: Dialect) -> dict[str, Any]:
        if self.action not in ("UPSCALE", "VARIATION", "REROLL"):
            raise ValidationError(
                summary=QT_TRANSLATE_NOOP("MjError", "Unknown change action {action}."),
                summary_args={"action": self.action},
            )
        body: dict[str, Any] = {"taskId": self.task_id, "action": self.action}
        if self.action != "REROLL":
            if not 1 <= self.index <= 4:
                raise ValidationError(
                    summary=QT_TRANSLATE_NOOP("MjError", "The image number must be 1 to 4, not {index}."),
                    summary_args={"index": self.index},
                )
            body["index"] = self.index
        elif dialect_info(dialect).reroll_needs_index:
            # new-api rejects index 0 even for REROLL (index_is_required, spec §3.5).
            body["index"] = self.index if 1 <= self.index <= 4 else 1
        return body


@dataclass
class SwapFaceRequest(SubmitRequest):
    endpoint: ClassVar[Endpoint] = Endpoint.SWAP_FACE
    source: str
    target: str

    def body(self, dialect: Dialect) -> dict[str, Any]:
        _check_image(self.source, "face")
        _check_image(self.target, "target")
        body: dict[str, Any] = {}
        for name, value in (("source", self.source), ("target", self.target)):
            if _is_url(value):
                if not dialect_info(dialect).accepts_image_links:
                    raise UnsupportedError(
                        summary=QT_TRANSLATE_NOOP("MjError", "Only trueai servers accept image links for face swap.")
                    )
                body[f"{name}Url"] = value
            else:
                body[f"{name}Base64"] = value
        return body

    @property
    def has_images(self) -> bool:
        return True


VIDEO_SD = "vid_1.1_i2v_480"
VIDEO_HD = "vid_1.1_i2v_720"


@dataclass
class VideoRequest(SubmitRequest):
    endpoint: ClassVar[Endpoint] = Endpoint.VIDEO
    speed_in_prompt: ClassVar[bool] = True
    prompt: str = ""
    image: str | None = None
    end_image: str | None = None
    motion: Literal["low", "high"] = "low"
    loop: bool = False
    batch_size: int | None = None
    task_id: str | None = None
    index: int | None = None
    action: Literal["extend"] | None = None
    hd: bool = False  # 720p instead of 480p (spec §3.8 videoType; the account must allow HD)

    def body(self, dialect: Dialect) -> dict[str, Any]:
        body: dict[str, Any] = {"prompt": self.prompt.strip(), "motion": self.motion}
        if self.hd:
            body["videoType"] = VIDEO_HD
        if self.task_id:
            if self.index is None or not 0 <= self.index <= 3:
                raise ValidationError(
                    summary=QT_TRANSLATE_NOOP("MjError", "Extending a video needs the video number (0-3).")
                )
            body.update(taskId=self.task_id, index=self.index, action=self.action or "extend")
        elif self.image:
            body["image"] = self.image
            if self.end_image:
                body["endImage"] = self.end_image
        else:
            raise ValidationError(
                summary=QT_TRANSLATE_NOOP("MjError", "A video needs a start image or a video task to extend.")
            )
        if self.loop:
            body["loop"] = True
        if self.batch_size is not None:
            if self.batch_size not in (1, 2, 4):
                raise ValidationError(summary=QT_TRANSLATE_NOOP("MjError", "The video batch size must be 1, 2 or 4."))
            body["batchSize"] = self.batch_size
        return body

    @property
    def has_images(self) -> bool:
        return bool(self.image)


@dataclass
class EditsRequest(SubmitRequest):
    endpoint: ClassVar[Endpoint] = Endpoint.EDITS
    speed_in_prompt: ClassVar[bool] = True
    prompt: str
    image: str

    def body(self, dialect: Dialect) -> dict[str, Any]:
        if not self.prompt or not self.prompt.strip():
            raise ValidationError(summary=QT_TRANSLATE_NOOP("MjError", "The prompt is empty."))
        _check_image(self.image, "image")
        return {"prompt": self.prompt.strip(), "image": self.image}

    @property
    def has_images(self) -> bool:
        return True


@dataclass
class RetextureRequest(EditsRequest):
    """A new surface for the image's shapes (trueai's /submit/retexture; same body as an edit)."""

    endpoint: ClassVar[Endpoint] = Endpoint.RETEXTURE


@dataclass
class UploadRequest(SubmitRequest):
    endpoint: ClassVar[Endpoint] = Endpoint.UPLOAD
    images: list[str]

    def body(self, dialect: Dialect) -> dict[str, Any]:
        if not self.images:
            raise ValidationError(summary=QT_TRANSLATE_NOOP("MjError", "Nothing to upload."))
        return {"base64Array": list(self.images)}

    @property
    def has_images(self) -> bool:
        return True


@dataclass(frozen=True)
class PreparedRequest:
    endpoint: Endpoint
    method: str
    path: str  # below the API root, e.g. "/mj-fast/mj/submit/imagine"
    body: dict[str, Any]
    has_images: bool


def resolve(request: SubmitRequest, profile: ServerProfile) -> SubmitRequest:
    """The request this server can take: an action becomes a change where only change exists."""
    caps = profile.capabilities
    if isinstance(request, ActionRequest) and Endpoint.ACTION not in caps and Endpoint.CHANGE in caps:
        request = request.as_change()
    if request.endpoint not in caps:
        raise UnsupportedError(
            summary=QT_TRANSLATE_NOOP("MjError", "This server ({dialect}) does not offer {endpoint}."),
            summary_args={"dialect": profile.dialect.value, "endpoint": request.endpoint.value},
        )
    return request


def prepare(request: SubmitRequest, profile: ServerProfile) -> PreparedRequest:
    request = resolve(request, profile)
    body = request.body(profile.dialect)
    prefix = ""
    speed = profile.speed
    if speed is not SpeedMode.DEFAULT:
        via = profile.effective_speed_via
        if via is SpeedVia.PATH_PREFIX:
            prefix = f"/mj-{speed.value}"
        elif via is SpeedVia.ACCOUNT_FILTER:
            body["accountFilter"] = {"modes": [speed.value.upper()]}
        if via is SpeedVia.BODY_MODE:
            body["mode"] = speed.value.upper()
        if via in (SpeedVia.PROMPT_FLAG, SpeedVia.BODY_MODE) and (
            request.speed_in_prompt and body.get("prompt") and not _SPEED_FLAG_RE.search(body["prompt"])
        ):
            body["prompt"] = f"{body['prompt']} --{speed.value}"
    instance = profile.instance_id.strip()
    if instance and dialect_info(profile.dialect).account_filter:
        body["accountFilter"] = {**body.get("accountFilter", {}), "instanceId": instance}
    method, path = ENDPOINT_PATHS[request.endpoint]
    return PreparedRequest(request.endpoint, method, f"{prefix}/mj{path}", body, request.has_images)
