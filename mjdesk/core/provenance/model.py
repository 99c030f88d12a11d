"""What an image file says about how it was made, and the human-readable text forms of it.

:class:`Provenance` is what mjdesk writes into every file that leaves the library and what it reads
back from any file (its own, Midjourney's downloads, Stable Diffusion web UIs' ``parameters``).
Never the API key or a server's address: a file travels, and only the profile's *name* goes with it.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from typing import Any

# Read from files made elsewhere: a prompt longer than this is no prompt a composer should take.
MAX_PROMPT_CHARS = 20_000
# XML 1.0 and a terminal both refuse C0 controls (and a few others); tabs and line breaks stay.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
# "…prompt --v 6.1 Job ID: 1b2c3d4e-…": how Midjourney's own downloads end their Description.
_MJ_JOB_ID = re.compile(r"\s*Job ID:\s*([0-9a-fA-F-]{8,64})\s*$")

# Labels of the key/value line of the ``parameters`` text, in the order they are written.
_LABELS: tuple[tuple[str, str], ...] = (
    ("seed", "Seed"),
    ("job_id", "Job"),
    ("task_id", "Task"),
    ("parent_job_id", "Parent job"),
    ("parent_task_id", "Parent task"),
    ("action", "Action"),
    ("button", "Button"),
    ("image", "Image"),
    ("server", "Server"),
    ("dialect", "Dialect"),
    ("created", "Created"),
    ("finished", "Finished"),
    ("software", "Software"),
)
_FIELD_OF_LABEL = {label.lower(): name for name, label in _LABELS}
# Keys Stable Diffusion web UIs always write on that line.
_WEBUI_KEYS = frozenset({"steps", "sampler", "cfg scale", "size", "model", "model hash", "schedule type"})
# One "Key: value" of an A1111-style parameters line; a value with a comma is JSON-quoted.
_PAIR = re.compile(r'\s*([A-Za-z][\w \-/]*):\s*("(?:\\.|[^\\"])*"|[^,]*)(?:,|$)')


@dataclass(frozen=True)
class Provenance:
    prompt: str = ""  # as the designer wrote it, parameters included
    final_prompt: str | None = None  # what the server ran (a translation, its own parameters)
    parameters: tuple[tuple[str, str], ...] = ()  # (canonical name, value) as core.prompt parses them
    seed: str | None = None
    job_id: int | None = None  # the library's job number
    task_id: str | None = None  # the server's task id (Midjourney's job id for its own downloads)
    parent_job_id: int | None = None
    parent_task_id: str | None = None
    action: str | None = None  # IMAGINE, UPSCALE, VARIATION, ...
    button: str | None = None  # the customId pressed on the parent
    image: str | None = None  # which file of the job: "grid", "candidate 2", "upscale"
    server: str | None = None  # the profile's name, never its address or key
    dialect: str | None = None
    created: str | None = None  # ISO 8601
    finished: str | None = None
    software: str | None = None  # "mjdesk 0.1.0", or the tool that wrote a file read back
    author: str | None = None  # Midjourney's downloads name their account
    source: str = "mjdesk"  # where this was read from: mjdesk, midjourney, a1111, xmp, exif, png

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["parameters"] = [{"name": n, "value": v} for n, v in self.parameters]
        return out

    @property
    def has_prompt(self) -> bool:
        return bool(self.prompt.strip())

    def same_origin(self, other: Provenance) -> bool:
        """True when ``other`` says the same about the image (the prompt and the ids); the dates and
        the software that wrote it do not count."""
        keys = ("prompt", "seed", "job_id", "task_id", "parent_task_id", "server")
        return all(_norm(getattr(self, k)) == _norm(getattr(other, k)) for k in keys if getattr(other, k))


def _norm(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def clean(text: str | None, limit: int = MAX_PROMPT_CHARS) -> str:
    """Text from a file (or the library) made safe to write as XML and show: no control characters,
    bounded length."""
    if not text:
        return ""
    return _CONTROLS.sub("", text)[:limit]


def iso_time(epoch_ms: int | None) -> str | None:
    if epoch_ms is None:
        return None
    try:
        return datetime.fromtimestamp(epoch_ms / 1000, tz=UTC).astimezone().isoformat(timespec="seconds")
    except (OverflowError, OSError, ValueError):
        return None


def parameters_of(prompt: str) -> tuple[tuple[str, str], ...]:
    from mjdesk.core.prompt import parse

    return tuple((p.name, p.value) for p in parse(prompt).params)


# -- the "parameters" text (Stable Diffusion web UIs' format, which Eagle and others show) --------------


def parameters_text(p: Provenance) -> str:
    """The prompt, then one line of ``Key: value`` pairs; values with a comma, colon or quote are
    JSON-quoted, as those tools write them."""
    pairs = []
    for name, label in _LABELS:
        value = getattr(p, name)
        if value is None or value == "":
            continue
        text = " ".join(str(value).split())
        if any(c in text for c in ',:"'):
            text = json.dumps(text, ensure_ascii=False)
        pairs.append(f"{label}: {text}")
    prompt = clean(p.prompt)
    return f"{prompt}\n{', '.join(pairs)}" if pairs else prompt


def parse_parameters_text(text: str) -> Provenance | None:
    """A ``parameters`` text (ours or a Stable Diffusion web UI's): the prompt, and what the last line's
    known keys say. ``Negative prompt:`` and the web UIs' own keys (Steps, Sampler, …) are skipped."""
    text = clean(text, 4 * MAX_PROMPT_CHARS).strip()
    if not text:
        return None
    lines = text.split("\n")
    values: dict[str, str] = {}
    if len(lines) > 1:
        found = _pairs(lines[-1])
        # "a cat: fluffy" alone is a line of the prompt, not parameters: a known key must be there.
        if found and any(k.lower() in _FIELD_OF_LABEL or k.lower() in _WEBUI_KEYS for k in found):
            values = found
            lines = lines[:-1]
    prompt_lines: list[str] = []
    for line in lines:
        if line.startswith("Negative prompt:"):
            break
        prompt_lines.append(line)
    prompt = clean("\n".join(prompt_lines).strip())
    known: dict[str, Any] = {}
    for key, value in values.items():
        name = _FIELD_OF_LABEL.get(key.lower())
        if name is None:
            continue
        if name in ("job_id", "parent_job_id"):
            known[name] = int(value) if value.isdigit() and len(value) < 18 else None
        else:
            known[name] = clean(value, 1000) or None
    if not prompt and not known:
        return None
    mine = str(known.get("software") or "").startswith("mjdesk")
    return Provenance(prompt=prompt, parameters=parameters_of(prompt), source="mjdesk" if mine else "a1111", **known)


def _pairs(line: str) -> dict[str, str]:
    """The ``Key: value`` pairs of a parameters line; empty unless the whole line is made of them."""
    out: dict[str, str] = {}
    pos = 0
    while pos < len(line):
        m = _PAIR.match(line, pos)
        if m is None or m.end() == pos:
            return {}
        value = m.group(2).strip()
        if value.startswith('"'):
            try:
                value = str(json.loads(value))
            except ValueError:
                value = value.strip('"')
        out[m.group(1).strip()] = value
        pos = m.end()
    return out


def split_midjourney_description(text: str) -> tuple[str, str | None]:
    """Midjourney's Description text → (prompt, its job id)."""
    m = _MJ_JOB_ID.search(text)
    if m is None:
        return text.strip(), None
    return text[: m.start()].strip(), m.group(1)


def merged(base: Provenance, more: Provenance) -> Provenance:
    """``base`` with the fields it lacks taken from ``more``."""
    changes = {}
    for f in fields(Provenance):
        if f.name == "source":
            continue
        mine, theirs = getattr(base, f.name), getattr(more, f.name)
        if (mine is None or mine == "" or mine == ()) and theirs not in (None, "", ()):
            changes[f.name] = theirs
    return Provenance(**(asdict(base) | changes)) if changes else base
