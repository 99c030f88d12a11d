"""Result texts of /describe and /shorten, in the layouts the servers produce (spec §3.3, §3.4)."""

from __future__ import annotations

import hashlib
import random
import re

KEYCAPS = ("1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣")

_SUBJECTS = (
    "a lighthouse on a rocky coast",
    "a fox sleeping in tall grass",
    "an old tram in a rainy street",
    "a bowl of ripe peaches on a table",
    "a mountain village at dusk",
    "a paper boat on a pond",
    "a girl reading under a lamp",
    "a robot tending a garden",
    "a sailboat in a storm",
)
_STYLES = (
    "in the style of watercolor",
    "oil painting, thick impasto",
    "cinematic lighting, 35mm photo",
    "flat vector illustration",
    "soft pastel palette",
    "ukiyo-e woodblock print",
    "studio ghibli inspired",
    "high contrast black and white",
)
_DETAILS = (
    "muted tones",
    "golden hour",
    "intricate details",
    "volumetric fog",
    "bokeh",
    "warm colors",
    "dramatic shadows",
    "minimalist composition",
)
_PARAMS_RE = re.compile(r"\s--\w+(?:\s+[^-\s][^\s]*)?")


def describe_prompts(image_key: bytes) -> list[str]:
    """Four plausible prompts for an image, stable for the same image bytes."""
    rnd = random.Random(hashlib.sha256(image_key).digest())
    subject = rnd.choice(_SUBJECTS)
    prompts = []
    for _ in range(4):
        style, detail = rnd.choice(_STYLES), rnd.choice(_DETAILS)
        ar = rnd.choice(("1:1", "3:2", "2:3", "4:3"))
        prompts.append(f"{subject}, {style}, {detail} --ar {ar}")
    return prompts


def describe_text_discord(prompts: list[str]) -> str:
    """NZ / PLUS layout: keycap-numbered, separated by blank lines."""
    return "\n\n".join(f"{KEYCAPS[i]} {p}" for i, p in enumerate(prompts))


def describe_text_crlf(prompts: list[str]) -> str:
    """TA layout for non-Discord accounts: the prompts joined with CRLF (TaskInfo.SetDescribeButtions)."""
    return "\r\n".join(prompts)


def shorten_tokens(prompt: str) -> list[str]:
    body = _PARAMS_RE.sub("", prompt)
    words = [w.strip(",.;:!?") for w in body.split()]
    return [w for w in words if len(w) > 3][:8] or [w for w in words if w][:3] or ["image"]


def shortened_prompts(prompt: str) -> list[str]:
    tokens = shorten_tokens(prompt)
    return [", ".join(tokens[: max(1, len(tokens) - k)]) for k in range(5)]


def shorten_text(prompt: str) -> str:
    """PLUS-doc §5 layout: markdown with the important tokens and five shortened prompts."""
    tokens = shorten_tokens(prompt)
    lines = [
        "**Important tokens**",
        ", ".join(f"**{t}**" for t in tokens[:4]) + ", " + ", ".join(tokens[4:]),
        "",
        "**Shortened prompts**",
    ]
    for i, p in enumerate(shortened_prompts(prompt)):
        lines.append(f"{KEYCAPS[i]} {p}")
        lines.append("")
    return "\n".join(lines).strip()
