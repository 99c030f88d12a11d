"""Task buttons and what their customId means (spec §8.1, §8.2)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from mjdesk.core.i18n import QT_TRANSLATE_NOOP
from mjdesk.core.text import clip


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
# Presses the server answers with a question for the user (a modal, code 21): the window sends
# them at once, since the user waits for that question, rather than through the queue.
ASKING_KINDS = frozenset(
    {ButtonKind.VARY_REGION, ButtonKind.CUSTOM_ZOOM, ButtonKind.PIC_READER, ButtonKind.PROMPT_ANALYZER}
)


def asks_the_user(custom_id: str) -> bool:
    """A press of ``custom_id`` opens a modal on the server (Vary Region, Custom Zoom, ...)."""
    return parse_custom_id(custom_id)[0] in ASKING_KINDS


# What a press of an unrecognised (or no-task) button is recorded as: the endpoint's own name.
GENERIC_ACTION = "ACTION"
# Jobs whose prompt is their own (or none), never their parent's: PicReader and PromptAnalyzer
# presses are imagines with the prompt of their modal answer; a describe has none. Every other
# follow-up carries its family's prompt (the job service records it, migration 2 filled old rows).
OWN_PROMPT_ACTIONS = frozenset({"IMAGINE", "DESCRIBE", "SHORTEN"})


def action_of_custom_id(custom_id: str) -> str:
    """The action of the job a press of ``custom_id`` creates ("UPSCALE", "ZOOM", ...); never raises."""
    return ACTION_OF_KIND.get(parse_custom_id(custom_id)[0], GENERIC_ACTION)


_PAN_RE = re.compile(r"::pan_(left|right|up|down)::")

# The app's own English name of each button it knows, marked for translation in context
# "FollowUps" (the window shows QCoreApplication.translate("FollowUps", name)). Servers send
# English labels, empty ones, or an emoji alone; these names never depend on them.
_NAMES: dict[ButtonKind, str] = {
    ButtonKind.REROLL: QT_TRANSLATE_NOOP("FollowUps", "Reroll"),
    ButtonKind.UPSCALE_HD: QT_TRANSLATE_NOOP("FollowUps", "Upscale"),
    ButtonKind.VARY_SUBTLE: QT_TRANSLATE_NOOP("FollowUps", "Vary (Subtle)"),
    ButtonKind.VARY_STRONG: QT_TRANSLATE_NOOP("FollowUps", "Vary (Strong)"),
    ButtonKind.VARY_REGION: QT_TRANSLATE_NOOP("FollowUps", "Vary (Region)"),
    ButtonKind.ZOOM_OUT: QT_TRANSLATE_NOOP("FollowUps", "Zoom Out"),
    ButtonKind.CUSTOM_ZOOM: QT_TRANSLATE_NOOP("FollowUps", "Custom Zoom"),
    ButtonKind.VIDEO: QT_TRANSLATE_NOOP("FollowUps", "Animate"),
    ButtonKind.RETRY: QT_TRANSLATE_NOOP("FollowUps", "Describe again"),
    ButtonKind.BOOKMARK: QT_TRANSLATE_NOOP("FollowUps", "Bookmark"),
}
_UPSCALE_MODES = {
    "subtle": QT_TRANSLATE_NOOP("FollowUps", "Upscale (Subtle)"),
    "creative": QT_TRANSLATE_NOOP("FollowUps", "Upscale (Creative)"),
    "2x": QT_TRANSLATE_NOOP("FollowUps", "Upscale (2x)"),
    "4x": QT_TRANSLATE_NOOP("FollowUps", "Upscale (4x)"),
}
_ZOOMS = {"50": QT_TRANSLATE_NOOP("FollowUps", "Zoom Out 2x"), "75": QT_TRANSLATE_NOOP("FollowUps", "Zoom Out 1.5x")}
_PANS = {
    "left": QT_TRANSLATE_NOOP("FollowUps", "Pan left"),
    "right": QT_TRANSLATE_NOOP("FollowUps", "Pan right"),
    "up": QT_TRANSLATE_NOOP("FollowUps", "Pan up"),
    "down": QT_TRANSLATE_NOOP("FollowUps", "Pan down"),
}
_ANIMATE = {
    "animate_high": QT_TRANSLATE_NOOP("FollowUps", "Animate (High motion)"),
    "animate_low": QT_TRANSLATE_NOOP("FollowUps", "Animate (Low motion)"),
    "animate_high_extend": QT_TRANSLATE_NOOP("FollowUps", "Extend (High motion)"),
    "animate_low_extend": QT_TRANSLATE_NOOP("FollowUps", "Extend (Low motion)"),
}
# Numbered buttons: {n} is the 1-based index. U/V are Midjourney's own short names in every language.
_NUMBERED = {
    ButtonKind.UPSCALE: "U{n}",
    ButtonKind.VARIATION: "V{n}",
    ButtonKind.PIC_READER: QT_TRANSLATE_NOOP("FollowUps", "Imagine {n}"),
    ButtonKind.PROMPT_ANALYZER: QT_TRANSLATE_NOOP("FollowUps", "Prompt {n}"),
}


def button_number(custom_id: str) -> int | None:
    """The number a numbered button shows: U1..U4, V1..V4, Imagine 1..4, Prompt 1..5."""
    kind, index = parse_custom_id(custom_id)
    last = custom_id.rsplit("::", 1)[-1]
    if kind is ButtonKind.PROMPT_ANALYZER and last.isdigit() and 1 <= int(last) <= 9:
        return int(last)  # shorten offers five prompts, beyond the 1..4 of the grid buttons
    return index if kind in _NUMBERED else None


def human_label(custom_id: str) -> str | None:
    """The app's English name for the button with this customId (a ``{n}`` template for numbered
    ones: U{n}, Imagine {n}), or None for a button the app does not know."""
    kind = parse_custom_id(custom_id)[0]
    parts = custom_id.split("::")
    if kind in _NUMBERED and button_number(custom_id) is not None:
        return _NUMBERED[kind]
    if kind is ButtonKind.PIC_READER and parts[-1] == "all":
        return QT_TRANSLATE_NOOP("FollowUps", "Imagine all")
    if kind is ButtonKind.UPSCALE_HD:
        word = parts[2] if len(parts) > 2 else ""
        for mode, name in _UPSCALE_MODES.items():
            if mode in word.split("_")[2:]:  # upsample_v6_2x_subtle -> subtle; upsample_v5_4x -> 4x
                return name
    if kind is ButtonKind.ZOOM_OUT and len(parts) > 2 and parts[2] in _ZOOMS:
        return _ZOOMS[parts[2]]
    if kind is ButtonKind.PAN:
        match = _PAN_RE.search(custom_id)
        return _PANS[match.group(1)] if match else None
    if kind is ButtonKind.VIDEO and len(parts) > 2 and parts[2] in _ANIMATE:
        return _ANIMATE[parts[2]]
    return _NAMES.get(kind)


_HASHLIKE_RE = re.compile(r"^[0-9a-fA-F-]{8,}$|^\d{6,}$")


def press_key(custom_id: str) -> tuple[object, ...]:
    """What a press is, whatever task it was pressed on: its kind, its number and the app's name for
    it (which tells Zoom Out 2x from 1.5x, Pan left from right, Upscale (Subtle) from (Creative)).
    For a button the app does not know, the customId without its task hashes."""
    kind, _index = parse_custom_id(custom_id)
    if kind is ButtonKind.OTHER:
        return (kind, tuple(p for p in custom_id.split("::") if not _HASHLIKE_RE.match(p)))
    return (kind, button_number(custom_id), human_label(custom_id))


def matching_button(buttons: list[dict[str, Any]] | list[Any], custom_id: str) -> Button | None:
    """The button among a task's ``buttons`` (as the library stores them) that does what
    ``custom_id`` did on another task: "press the same thing again" (a chain run again)."""
    wanted = press_key(custom_id)
    for raw in buttons:
        button = Button.from_json(raw)
        if button is not None and press_key(button.custom_id) == wanted:
            return button
    return None


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
    def human_label(self) -> str | None:
        """See :func:`human_label`; ``{n}`` stays for the caller to fill after translating."""
        return human_label(self.custom_id)

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
        return {
            "customId": self.custom_id,
            "emoji": self.emoji,
            "label": self.label,
            "type": self.type,
            "style": self.style,
        }


def plain_label(text: str, limit: int = 40) -> str:
    """A server's button label as plain text: no emoji or other pictographs (they render as empty
    boxes without an emoji font), no control, format or private-use characters, one line, short."""
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp") or ch in "\ufe0e\ufe0f\u20e3":
            kept.append(" " if category in ("Cc", "Zl", "Zp") else "")
        elif not ch.isascii() and category in ("So", "Sk"):
            continue  # emoji, dingbats, arrows, skin-tone modifiers
        else:
            kept.append(ch)
    return clip(" ".join("".join(kept).split()), limit)


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
