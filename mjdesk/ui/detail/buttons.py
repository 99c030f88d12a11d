"""The task's own follow-up buttons, grouped like Midjourney's rows: upscale, vary, zoom, pan, other."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from mjdesk.core.api.buttons import Button, ButtonKind, button_number, plain_label
from mjdesk.core.text import clip

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
    """The app's own name for a known button, in the user's language (never the server's English
    label or emoji: those stay untranslated or render as empty boxes); an unknown button keeps the
    server's label, cleaned of emoji and control characters, or a name from its customId."""
    tr = QCoreApplication.translate
    name = button.human_label
    if name is not None:
        return tr("FollowUps", name).format(n=button_number(button.custom_id) or "")
    label = plain_label(button.label)
    if label:
        return label
    parts = [p for p in button.custom_id.split("::")[1:] if p and not p.isdigit() and p not in ("JOB", "Job", "SOLO")]
    word = clip(parts[0], 24) if parts else "?"
    return QCoreApplication.translate("FollowUps", "Action {name}").format(name=word)
