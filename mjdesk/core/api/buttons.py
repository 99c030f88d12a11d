"""Task buttons and what their customId means (mj-api-spec §8.1, §8.2)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class ButtonKind(StrEnum):
    UPSCALE = "UPSCALE"
    VARIATION = "VARIATION"
    REROLL = "REROLL"
    UPSCALE_HD = "UPSCALE_HD"
    VARY_SUBTLE = "VARY_SUBTLE"
    VARY_STRONG = "VARY_STRONG"
    VARY_REGION = "VARY_REGION"
    ZOOM_OUT = "ZOOM_OUT"
    CUSTOM_ZOOM = "CUSTOM_ZOOM"
    PAN = "PAN"
    VIDEO = "VIDEO"
    PIC_READER = "PIC_READER"
    PROMPT_ANALYZER = "PROMPT_ANALYZER"
    BOOKMARK = "BOOKMARK"
    RETRY = "RETRY"
    OTHER = "OTHER"


def _index(segment: str | None) -> int | None:
    if segment is not None and segment.isdigit() and 1 <= int(segment) <= 4:
        return int(segment)
    return None


def parse_custom_id(custom_id: str) -> tuple[ButtonKind, int | None]:
    """Kind and 1-based index (U1..U4, V1..V4, PicReader 1..4) of a customId; never raises."""
    parts = custom_id.split("::")
    if len(parts) < 2 or parts[0].upper() != "MJ":
        return ButtonKind.OTHER, None
    head = parts[1]
    if head.upper() == "JOB" and len(parts) >= 3:
        word, nxt = parts[2], parts[3] if len(parts) > 3 else None
        if head == "Job":  # PicReader and PromptAnalyzer use "Job", the grid buttons "JOB"
            if word == "PicReader":
                return ButtonKind.PIC_READER, _index(nxt)
            if word == "PromptAnalyzer":
                return ButtonKind.PROMPT_ANALYZER, _index(parts[-1])
        if word == "upsample":
            return ButtonKind.UPSCALE, _index(nxt)
        if word.startswith("upsample_"):
            return ButtonKind.UPSCALE_HD, None
        if word == "video_virtual_upscale":
            return ButtonKind.UPSCALE, _index(nxt)
        if word == "variation":
            return ButtonKind.VARIATION, _index(nxt)
        if word == "low_variation":
            return ButtonKind.VARY_SUBTLE, None
        if word == "high_variation":
            return ButtonKind.VARY_STRONG, None
        if word == "reroll":
            return ButtonKind.REROLL, None
        if word.startswith("pan_"):
            return ButtonKind.PAN, None
        if word.startswith("animate_"):
            return ButtonKind.VIDEO, None
        return ButtonKind.OTHER, None
    simple = {
        "Inpaint": ButtonKind.VARY_REGION,
        "Outpaint": ButtonKind.ZOOM_OUT,
        "CustomZoom": ButtonKind.CUSTOM_ZOOM,
        "Picread": ButtonKind.RETRY,
        "BOOKMARK": ButtonKind.BOOKMARK,
    }
    return simple.get(head, ButtonKind.OTHER), None


# The task action a button press creates, in the spec's vocabulary (§7, §8.2). Where the servers
# disagree the more specific name wins (new-api's INPAINT, CUSTOM_ZOOM, LOW_/HIGH_VARIATION rather than
# TrueAI HEAD's VARIATION / ZOOM), so the gallery can tell a Vary (Region) from a V1. A reroll is
# REROLL (TrueAI would repeat the parent's action); PicReader and PromptAnalyzer start an imagine.
ACTION_OF_KIND: dict[ButtonKind, str] = {
    ButtonKind.UPSCALE: "UPSCALE",
    ButtonKind.UPSCALE_HD: "UPSCALE_HD",
    ButtonKind.VARIATION: "VARIATION",
    ButtonKind.VARY_SUBTLE: "LOW_VARIATION",
    ButtonKind.VARY_STRONG: "HIGH_VARIATION",
    ButtonKind.VARY_REGION: "INPAINT",
    ButtonKind.REROLL: "REROLL",
    ButtonKind.ZOOM_OUT: "ZOOM",
    ButtonKind.CUSTOM_ZOOM: "CUSTOM_ZOOM",
    ButtonKind.PAN: "PAN",
    ButtonKind.VIDEO: "VIDEO",
    ButtonKind.PIC_READER: "IMAGINE",
    ButtonKind.PROMPT_ANALYZER: "IMAGINE",
    ButtonKind.RETRY: "DESCRIBE",
}
# What a press of an unrecognised (or no-task) button is recorded as: the endpoint's own name.
GENERIC_ACTION = "ACTION"
# Jobs whose prompt is their own (or none), never their parent's: PicReader and PromptAnalyzer
# presses are imagines with the prompt of their modal answer; a describe has none. Every other
# follow-up carries its family's prompt (the job service records it, migration 2 filled old rows).
OWN_PROMPT_ACTIONS = frozenset({"IMAGINE", "DESCRIBE", "SHORTEN"})


def action_of_custom_id(custom_id: str) -> str:
    """The action of the job a press of ``custom_id`` creates ("UPSCALE", "ZOOM", ...); never raises."""
    return ACTION_OF_KIND.get(parse_custom_id(custom_id)[0], GENERIC_ACTION)


_OUTPAINT_RE = re.compile(r"^MJ::Outpaint::(\d+)::")
# The customId's number is Midjourney's own code, not a ratio: 50 is the "Zoom Out 2x" button and
# 75 the "Zoom Out 1.5x" one (spec §8.2).
_ZOOM_OUT_FACTORS = {"50": "2", "75": "1.5"}


def zoom_out_factor(custom_id: str) -> str | None:
    """"2" for Zoom Out 2x (``MJ::Outpaint::50::…``), "1.5" for 1.5x (``::75::``), else None."""
    match = _OUTPAINT_RE.match(custom_id)
    return _ZOOM_OUT_FACTORS.get(match.group(1)) if match else None


_PAN_RE = re.compile(r"::pan_(left|right|up|down)::")


@dataclass(frozen=True)
class Button:
    custom_id: str
    label: str = ""
    emoji: str = ""
    type: int | None = None
    style: int | None = None

    @property
    def kind(self) -> ButtonKind:
        return parse_custom_id(self.custom_id)[0]

    @property
    def index(self) -> int | None:
        return parse_custom_id(self.custom_id)[1]

    @property
    def pan_direction(self) -> str | None:
        match = _PAN_RE.search(self.custom_id)
        return match.group(1) if match else None

    @classmethod
    def from_json(cls, obj: Any) -> Button | None:
        if not isinstance(obj, dict):
            return None
        custom_id = obj.get("customId")
        if not isinstance(custom_id, str) or not custom_id:
            return None
        return cls(
            custom_id=custom_id,
            label=_text(obj.get("label")),
            emoji=_text(obj.get("emoji")),
            type=_small_int(obj.get("type")),
            style=_small_int(obj.get("style")),
        )

    def to_json(self) -> dict[str, Any]:
        return {"customId": self.custom_id, "emoji": self.emoji, "label": self.label,
                "type": self.type, "style": self.style}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _small_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= 9:
        return int(value)
    return None
