"""Result buttons with Midjourney's customId patterns, and the parser for pressed customIds (spec §8)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

PAN_EMOJI = {"left": "⬅️", "right": "➡️", "up": "⬆️", "down": "⬇️"}


def button(custom_id: str, label: str = "", emoji: str = "", style: int = 2) -> dict[str, Any]:
    # type 2 = Discord button component; style 2 = grey (spec §8.1).
    return {"customId": custom_id, "emoji": emoji, "label": label, "type": 2, "style": style}


def grid_buttons(h: str) -> list[dict[str, Any]]:
    """U1–U4, 🔄, V1–V4 — the row under every 2×2 grid."""
    buttons = [button(f"MJ::JOB::upsample::{i}::{h}", f"U{i}") for i in range(1, 5)]
    buttons.append(button(f"MJ::JOB::reroll::0::{h}::SOLO", "", "🔄"))
    buttons += [button(f"MJ::JOB::variation::{i}::{h}", f"V{i}") for i in range(1, 5)]
    return buttons


def upscale_buttons(h: str, *, hd: bool = False) -> list[dict[str, Any]]:
    """The v6 rows under an upscaled image; an HD upscale has no further upscale buttons."""
    buttons = []
    if not hd:
        buttons += [
            button(f"MJ::JOB::upsample_v6_2x_subtle::1::{h}::SOLO", "Upscale (Subtle)", "upscale_1"),
            button(f"MJ::JOB::upsample_v6_2x_creative::1::{h}::SOLO", "Upscale (Creative)", "upscale_1"),
        ]
    buttons += [
        button(f"MJ::JOB::low_variation::1::{h}::SOLO", "Vary (Subtle)", "🪄"),
        button(f"MJ::JOB::high_variation::1::{h}::SOLO", "Vary (Strong)", "🪄"),
        button(f"MJ::Inpaint::1::{h}::SOLO", "Vary (Region)", "🖌️"),
        button(f"MJ::Outpaint::50::1::{h}::SOLO", "Zoom Out 2x", "🔍"),
        button(f"MJ::Outpaint::75::1::{h}::SOLO", "Zoom Out 1.5x", "🔍"),
        button(f"MJ::CustomZoom::{h}", "Custom Zoom", "🔍"),
    ]
    buttons += [button(f"MJ::JOB::pan_{d}::1::{h}::SOLO", "", e) for d, e in PAN_EMOJI.items()]
    buttons.append(button(f"MJ::BOOKMARK::{h}", "", "❤️"))
    return buttons


def describe_buttons() -> list[dict[str, Any]]:
    buttons = [button(f"MJ::Job::PicReader::{i}", str(i)) for i in range(1, 5)]
    buttons.append(button("MJ::Picread::Retry", "", "🔄"))
    buttons.append(button("MJ::Job::PicReader::all", "Imagine all", "🎉"))
    return buttons


def shorten_buttons(h: str) -> list[dict[str, Any]]:
    buttons = [button(f"MJ::Job::PromptAnalyzer::{h}::SOLO::{i}", str(i)) for i in range(1, 6)]
    buttons.append(button(f"MJ::PromptAnalyzerExtended::{h}", "Show Details", "🔍"))
    return buttons


@dataclass(frozen=True)
class Pressed:
    """What a customId asks for, independent of any server's action vocabulary."""

    kind: str  # upsample variation reroll upscale_hd vary_subtle vary_strong inpaint zoom custom_zoom
    #            pan pic_reader pic_reader_all picread_retry prompt_analyzer bookmark
    index: int = 0
    zoom: float = 0.0
    direction: str = ""


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^MJ::JOB::upsample::([1-4])::[\w-]+$"), "upsample"),
    (re.compile(r"^MJ::JOB::variation::([1-4])::[\w-]+$"), "variation"),
    (re.compile(r"^MJ::JOB::reroll::0::[\w-]+::SOLO$"), "reroll"),
    (re.compile(r"^MJ::JOB::upsample_v\w+?_(?:2x|4x)\w*::1::[\w-]+::SOLO$"), "upscale_hd"),
    (re.compile(r"^MJ::JOB::low_variation::1::[\w-]+::SOLO$"), "vary_subtle"),
    (re.compile(r"^MJ::JOB::high_variation::1::[\w-]+::SOLO$"), "vary_strong"),
    (re.compile(r"^MJ::Inpaint::1::[\w-]+::SOLO$"), "inpaint"),
    (re.compile(r"^MJ::Outpaint::(50|75)::1::[\w-]+::SOLO$"), "zoom"),
    (re.compile(r"^MJ::CustomZoom::(?:1::)?[\w-]+$"), "custom_zoom"),
    (re.compile(r"^MJ::JOB::pan_(left|right|up|down)::1::[\w-]+::SOLO$"), "pan"),
    (re.compile(r"^MJ::Job::PicReader::([1-4])$"), "pic_reader"),
    (re.compile(r"^MJ::Job::PicReader::all$"), "pic_reader_all"),
    (re.compile(r"^MJ::Picread::Retry$"), "picread_retry"),
    (re.compile(r"^MJ::Job::PromptAnalyzer::[\w-]+::SOLO::([1-5])$"), "prompt_analyzer"),
    (re.compile(r"^MJ::BOOKMARK::[\w-]+$"), "bookmark"),
]


def parse_custom_id(custom_id: str) -> Pressed | None:
    for pattern, kind in _PATTERNS:
        match = pattern.match(custom_id or "")
        if not match:
            continue
        arg = match.group(1) if match.groups() else ""
        if kind == "zoom":
            return Pressed(kind, zoom=2.0 if arg == "50" else 1.5)
        if kind == "pan":
            return Pressed(kind, direction=arg)
        return Pressed(kind, index=int(arg) if arg.isdigit() else 0)
    return None


def na_action(custom_id: str) -> str | None:
    """new-api's own derivation of the action from a customId (spec §8.2, CoverPlusActionToNormalAction).

    Split on ``::``; segment 2 (1-based) ``JOB`` means segment 3 is the action word. None = NA
    refuses it as ``unknown_action:<customId>``.
    """
    parts = (custom_id or "").split("::")
    if len(parts) < 3:
        return None
    word = parts[2] if parts[1] == "JOB" else parts[1]
    if word.startswith("upsample"):
        return "UPSCALE"
    if word == "variation":
        return "VARIATION"
    if word in ("low_variation", "high_variation"):
        return word.upper()
    if "pan" in word:
        return "PAN"
    if "reroll" in word:
        return "REROLL"
    return {"Outpaint": "ZOOM", "CustomZoom": "CUSTOM_ZOOM", "Inpaint": "INPAINT"}.get(word)
