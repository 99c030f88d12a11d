"""The task's own follow-up buttons, grouped like Midjourney's rows: upscale, vary, zoom, pan, other."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication

from mjdesk.core.api.buttons import Button, ButtonKind, plain_label
from mjdesk.core.text import clip

from ..job_texts import follow_up_name

GROUPS = ("upscale", "vary", "zoom", "pan", "other")
_GROUP_OF = {
    ButtonKind.UPSCALE: "upscale",
    ButtonKind.UPSCALE_HD: "upscale",
    ButtonKind.VARIATION: "vary",
    ButtonKind.VARY_SUBTLE: "vary",
    ButtonKind.VARY_STRONG: "vary",
    ButtonKind.VARY_REGION: "vary",
    ButtonKind.REROLL: "vary",
    ButtonKind.ZOOM_OUT: "zoom",
    ButtonKind.CUSTOM_ZOOM: "zoom",
    ButtonKind.PAN: "pan",
}
# Actions the server can turn into a Remix modal when asked (TrueAI's enableRemix).
REMIXABLE = frozenset(
    {ButtonKind.VARIATION, ButtonKind.VARY_SUBTLE, ButtonKind.VARY_STRONG, ButtonKind.REROLL, ButtonKind.PAN}
)


# A real task has at most ~20 follow-ups; a hostile or broken server may send thousands, and one
# widget each froze the window for seconds. So: this many buttons in the panel, known kinds first,
# the rest behind "More…" (its menu built when first opened, capped too).
MAX_SHOWN = 24
MAX_MENU = 200
# Above this much JSON, sorting the buttons (~4 µs each) goes to a worker thread.
LARGE_BUTTONS_JSON = 20_000


@dataclass
class ButtonPlan:
    """What the panel renders: ``groups`` as buttons, ``more`` in the "More…" menu, and how many
    the server sent beyond both (``left_out``), never rendered at all."""

    groups: list[tuple[str, list[Button]]] = field(default_factory=list)
    more: list[Button] = field(default_factory=list)
    left_out: int = 0
    remixable: bool = False


def group_buttons(raw: list[dict[str, Any]]) -> list[tuple[str, list[Button]]]:
    """Non-empty groups in Midjourney's order, the server's order kept inside each; unknown buttons
    land in "other" so nothing the server offers is hidden. One pass; a customId sent twice counts
    once."""
    grouped: dict[str, list[Button]] = {g: [] for g in GROUPS}
    seen: set[str] = set()
    for obj in raw if isinstance(raw, list) else ():
        button = Button.from_json(obj)
        if button is None or button.custom_id in seen:
            continue
        seen.add(button.custom_id)
        kind = button.kind
        if kind is not ButtonKind.BOOKMARK:
            grouped[_GROUP_OF.get(kind, "other")].append(button)
    return [(g, grouped[g]) for g in GROUPS if grouped[g]]


def plan_buttons(raw: list[dict[str, Any]], shown: int = MAX_SHOWN, menu: int = MAX_MENU) -> ButtonPlan:
    """Group, then cap: the first ``shown`` buttons in group order become buttons, the next
    ``menu`` menu entries; linear in the number of buttons (safe to run in a worker thread)."""
    plan = ButtonPlan()
    room = shown
    for group, buttons in group_buttons(raw):
        if room > 0:
            plan.groups.append((group, buttons[:room]))
            plan.remixable = plan.remixable or any(b.kind in REMIXABLE for b in buttons[:room])
        rest = buttons[room:] if room > 0 else buttons
        room = max(0, room - len(buttons))
        take = max(0, menu - len(plan.more))
        plan.more.extend(rest[:take])
        plan.left_out += max(0, len(rest) - take)
    return plan


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
    if button.human_label is not None:
        return follow_up_name(button.custom_id)
    label = plain_label(button.label)
    if label:
        return label
    parts = [p for p in button.custom_id.split("::")[1:] if p and not p.isdigit() and p not in ("JOB", "Job", "SOLO")]
    word = clip(parts[0], 24) if parts else "?"
    return QCoreApplication.translate("FollowUps", "Action {name}").format(name=word)
