"""The task's own follow-up buttons, grouped like Midjourney's rows: upscale, vary, zoom, pan, other."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from mjdesk.core.api.buttons import Button, ButtonKind

GROUPS = ("upscale", "vary", "zoom", "pan", "other")
_GROUP_OF = {
    ButtonKind.UPSCALE: "upscale", ButtonKind.UPSCALE_HD: "upscale",
    ButtonKind.VARIATION: "vary", ButtonKind.VARY_SUBTLE: "vary", ButtonKind.VARY_STRONG: "vary",
    ButtonKind.VARY_REGION: "vary", ButtonKind.REROLL: "vary",
    ButtonKind.ZOOM_OUT: "zoom", ButtonKind.CUSTOM_ZOOM: "zoom",
    ButtonKind.PAN: "pan",
}
# Actions the server can turn into a Remix modal when asked (TrueAI's enableRemix).
REMIXABLE = frozenset({ButtonKind.VARIATION, ButtonKind.VARY_SUBTLE, ButtonKind.VARY_STRONG,
                       ButtonKind.REROLL, ButtonKind.PAN})


def group_buttons(raw: list[dict[str, Any]]) -> list[tuple[str, list[Button]]]:
    """Non-empty groups in Midjourney's order, the server's order kept inside each; unknown buttons
    land in "other" so nothing the server offers is hidden."""
    grouped: dict[str, list[Button]] = {g: [] for g in GROUPS}
    for obj in raw:
        button = Button.from_json(obj)
        if button is not None and button.kind is not ButtonKind.BOOKMARK:
            grouped[_GROUP_OF.get(button.kind, "other")].append(button)
    return [(g, grouped[g]) for g in GROUPS if grouped[g]]


def group_title(group: str) -> str:
    tr = QCoreApplication.translate
    return {
        "upscale": tr("FollowUps", "Upscale"),
        "vary": tr("FollowUps", "Vary"),
        "zoom": tr("FollowUps", "Zoom"),
        "pan": tr("FollowUps", "Pan"),
        "other": tr("FollowUps", "More"),
    }[group]


def button_text(button: Button) -> str:
    """The server's emoji and label; a name by kind where the label is empty (🔄, the pan arrows),
    so a button never depends on an emoji font. Discord emoji names (``upscale_1``) are dropped."""
    emoji = "" if button.emoji.replace("_", "").isascii() else button.emoji
    tr = QCoreApplication.translate
    names = {
        ButtonKind.REROLL: tr("FollowUps", "Reroll"),
        ButtonKind.VARY_REGION: tr("FollowUps", "Vary (Region)"),
        ButtonKind.CUSTOM_ZOOM: tr("FollowUps", "Custom Zoom"),
        ButtonKind.PIC_READER: tr("FollowUps", "Imagine {n}").format(n=button.index or ""),
    }
    pans = {"left": tr("FollowUps", "Pan left"), "right": tr("FollowUps", "Pan right"),
            "up": tr("FollowUps", "Pan up"), "down": tr("FollowUps", "Pan down")}
    label = button.label or (pans.get(button.pan_direction or "") if button.kind is ButtonKind.PAN else None) \
        or names.get(button.kind) or button.custom_id.split("::")[-1]
    return f"{emoji} {label}" if emoji else label
