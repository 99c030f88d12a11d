"""A Midjourney prompt as text + parameters, edited in place, with the cross-field rules checked.

The prompt text is the single source of truth: parsing never rebuilds it, and every edit replaces
only the span of the one parameter it touches, so the user's spacing, order, spelling (``--s`` vs
``--stylize``) and unknown parameters survive any number of round trips through the builder.

Messages are English, marked ``QT_TRANSLATE_NOOP("Prompt", ...)``; the window translates
``PromptIssue.template`` and formats it with ``PromptIssue.args``.

Ranges follow Midjourney's parameter documentation (V6/V7, and V8 / 8.1 / 8.2's additions). Where
the documentation is vague or changed between versions the rule is a warning, not an error, and
the comment says so: a designer must never be blocked from sending a prompt Midjourney itself
would accept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from mjdesk.core.i18n import QT_TRANSLATE_NOOP

# A parameter starts at a whitespace boundary with "--" or an em dash: macOS turns a typed "--" into
# "—" by default, and Midjourney accepts it, so refusing it would only confuse Mac users.
_PARAM_RE = re.compile(r"(?:(?<=\s)|^)(?:--|—)([A-Za-z][A-Za-z0-9_-]*)")
_URL_RE = re.compile(r"^https?://\S+$", re.IGNORECASE)
_INT_RE = re.compile(r"^[+-]?\d+$")
_NUM_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")

ALIASES: dict[str, str] = {
    "aspect": "ar",
    "version": "v",
    "s": "stylize",
    "c": "chaos",
    "w": "weird",
    "q": "quality",
    "r": "repeat",
    "p": "personalize",
    "sameseed": "seed",
}

# Parameters that never take a value.
FLAGS = frozenset({"tile", "raw", "fast", "relax", "turbo", "draft", "stealth", "public", "hd", "loop"})
# Parameters whose value may be left out ("--niji" = the current Niji model, "--p" = default profile).
OPTIONAL_VALUE = frozenset({"niji", "personalize", "video"})
# Known parameters this module does not check beyond value/no-value; they are not "unknown".
PASSTHROUGH = frozenset(
    {
        "style",
        "personalize",
        "profile",
        "draft",
        "video",
        "bs",
        "motion",
        "end",
        "stealth",
        "public",
        "hd",
        "loop",
    }
)
VALIDATED = frozenset(
    {
        "ar",
        "v",
        "niji",
        "stylize",
        "chaos",
        "weird",
        "quality",
        "seed",
        "no",
        "tile",
        "raw",
        "sref",
        "sw",
        "sv",
        "cref",
        "cw",
        "oref",
        "ow",
        "iw",
        "zoom",
        "fast",
        "relax",
        "turbo",
        "stop",
        "repeat",
        "exp",
    }
)
KNOWN = VALIDATED | PASSTHROUGH
SPEEDS = ("fast", "relax", "turbo")

# Versions Midjourney has offered with --v; niji versions with --niji. A number outside these is a
# warning (a new model may have shipped since this list was written), not an error.
KNOWN_VERSIONS = frozenset(
    {"1", "2", "3", "4", "5", "5.0", "5.1", "5.2", "6", "6.0", "6.1", "7", "8", "8.0", "8.1", "8.2"}
)
KNOWN_NIJI = frozenset({"4", "5", "6", "7"})
# The model Midjourney uses when the prompt names none. It is the account's setting in reality, so
# rules that depend on it are warnings only.
DEFAULT_VERSION = 7.0

# name -> (low, high, integer only)
_RANGES: dict[str, tuple[float, float, bool]] = {
    "stylize": (0, 1000, True),
    "chaos": (0, 100, True),
    "weird": (0, 3000, True),
    "seed": (0, 4294967295, True),
    "sw": (0, 1000, True),
    "cw": (0, 100, True),
    "ow": (1, 1000, True),  # docs: 1-1000, default 100
    "iw": (0, 3, False),  # V6/V7 range; V5 capped at 2 (checked below)
    "zoom": (1, 2, False),  # custom zoom only
    "stop": (10, 100, True),
    "repeat": (1, 40, True),  # the upper bound depends on the plan (unsure: 40 is the Pro/Mega cap)
    "sv": (1, 6, True),  # sref model versions 1-6 (unsure: the list grows with new models)
    "exp": (0, 100, True),  # experimental aesthetics, V7 and V8 (stackable with --stylize)
}
QUALITY_VALUES = (0.25, 0.5, 1.0, 2.0, 4.0)


class Severity(StrEnum):
    ERROR = "error"  # Midjourney would refuse or misread the prompt: submit is blocked
    WARNING = "warning"  # probably not what the user meant, but sent if they insist


@dataclass(frozen=True)
class Param:
    """One ``--name value`` in the text, with the spans an edit replaces."""

    name: str  # canonical, lower case ("stylize" for "--s")
    written: str  # the name as written ("s")
    value: str  # stripped; "" when there is none
    start: int  # of the "--"
    name_end: int
    end: int  # end of the value (or of the name when there is no value), trailing space excluded

    @property
    def flag(self) -> str:
        return f"--{self.written}"


@dataclass(frozen=True)
class ParsedPrompt:
    text: str
    body: str  # everything before the first parameter, stripped (image URLs included)
    image_urls: tuple[str, ...]  # image prompts: the URLs the body starts with
    params: tuple[Param, ...]

    def get(self, name: str) -> Param | None:
        name = canonical(name)
        return next((p for p in self.params if p.name == name), None)

    def value(self, name: str) -> str | None:
        p = self.get(name)
        return p.value if p is not None else None

    def has(self, name: str) -> bool:
        return self.get(name) is not None

    @property
    def description(self) -> str:
        """The body without its leading image URLs."""
        words = self.body.split()
        return " ".join(words[len(self.image_urls) :])

    @property
    def raw(self) -> bool:
        style = self.value("style")
        return self.has("raw") or (style is not None and "raw" in style.lower().split())

    @property
    def speed(self) -> str | None:
        return next((p.name for p in self.params if p.name in SPEEDS), None)

    @property
    def model(self) -> tuple[str, str] | None:
        """("v", "6.1") or ("niji", "6") / ("niji", "") — the first one written, else None."""
        p = next((p for p in self.params if p.name in ("v", "niji")), None)
        return (p.name, p.value) if p is not None else None

    def references(self, name: str) -> list[str]:
        """The values of a reference parameter (sref/cref/oref), each without its ``::weight``."""
        value = self.value(name)
        return [v.split("::", 1)[0] for v in value.split()] if value else []


@dataclass(frozen=True)
class PromptIssue:
    severity: Severity
    param: str | None  # canonical name of the parameter the issue is about, None for the text
    template: str  # English, marked for translation in context "Prompt"
    args: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.template.format(**self.args)


def canonical(name: str) -> str:
    name = name.lower()
    return ALIASES.get(name, name)


def parse(text: str) -> ParsedPrompt:
    matches = list(_PARAM_RE.finditer(text))
    params: list[Param] = []
    for i, m in enumerate(matches):
        stop = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        raw_value = text[m.end() : stop]
        value = raw_value.strip()
        end = m.end() + len(raw_value.rstrip()) if value else m.end()
        params.append(Param(canonical(m.group(1)), m.group(1), value, m.start(), m.end(), end))
    body = text[: matches[0].start()] if matches else text
    urls: list[str] = []
    for word in body.split():
        if not _URL_RE.match(word):
            break
        urls.append(word)
    return ParsedPrompt(text, body.strip(), tuple(urls), tuple(params))


# -- editing ------------------------------------------------------------------------------------


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _remove(text: str, p: Param) -> str:
    # Take the whitespace before the parameter with it, so "a --tile --ar 1:1" loses " --tile".
    start = p.start
    while start > 0 and text[start - 1].isspace():
        start -= 1
    if start == 0:
        # Nothing before it: drop the whitespace after instead so the text does not start with a gap.
        end = p.end
        while end < len(text) and text[end].isspace():
            end += 1
        return text[end:]
    return text[:start] + text[p.end :]


def _append(text: str, piece: str) -> str:
    stripped = text.rstrip()
    return f"{stripped} {piece}" if stripped else piece


def remove_param(text: str, name: str) -> str:
    """Every occurrence of ``name`` (and its aliases) removed."""
    name = canonical(name)
    while (p := parse(text).get(name)) is not None:
        text = _remove(text, p)
    return text


def set_param(text: str, name: str, value: str | None) -> str:
    """``--name value`` set: the first occurrence's value replaced (keeping how its name is written),
    or the parameter appended. ``None`` removes it. Flags: use ``set_flag``."""
    name = canonical(name)
    if value is None:
        return remove_param(text, name)
    value = " ".join(value.split())
    p = parse(text).get(name)
    if p is None:
        return _append(text, f"--{name} {value}".rstrip())
    if p.value == value:
        return text
    return _replace(text, p.name_end, p.end, f" {value}" if value else "")


def set_flag(text: str, name: str, on: bool) -> str:
    name = canonical(name)
    if not on:
        return remove_param(text, name)
    return text if parse(text).has(name) else _append(text, f"--{name}")


def set_raw(text: str, on: bool) -> str:
    """Raw style on/off; understands both ``--raw`` and ``--style raw``, writes ``--style raw``
    (it works from V5.1 on, while the ``--raw`` shorthand is newer)."""
    parsed = parse(text)
    if on:
        return text if parsed.raw else _append(text, "--style raw")
    text = remove_param(text, "raw")
    style = parse(text).get("style")
    if style is not None:
        rest = [w for w in style.value.split() if w.lower() != "raw"]
        text = remove_param(text, "style") if not rest else set_param(text, "style", " ".join(rest))
    return text


def set_speed(text: str, speed: str | None) -> str:
    for s in SPEEDS:
        if s != speed:
            text = remove_param(text, s)
    return set_flag(text, speed, True) if speed else text


def set_model(text: str, family: str | None, version: str = "") -> str:
    """Choose the model: ``("v", "7")``, ``("niji", "6")``, or ``None`` for the account's default."""
    if family is None:
        return remove_param(remove_param(text, "v"), "niji")
    other = "niji" if family == "v" else "v"
    text = remove_param(text, other)
    if family == "niji" and not version:
        p = parse(text).get("niji")
        if p is None:
            return _append(text, "--niji")
        return _replace(text, p.name_end, p.end, "")
    return set_param(text, family, version)


def set_body(text: str, body: str) -> str:
    """The description replaced, the parameters kept."""
    parsed = parse(text)
    if not parsed.params:
        return body
    first = parsed.params[0].start
    return f"{body.strip()} {text[first:]}" if body.strip() else text[first:]


# A link word in a prompt's description: a bare URL, or Discord's "<https://…>" form that servers
# echo in finalPrompt for image prompts.
_LINK_WORD_RE = re.compile(r"^(?:<\S+>|https?://\S+)$", re.IGNORECASE)


def strip_links(text: str) -> str:
    """The prompt without the links in its description: the image URLs a server puts in front of an
    image prompt (bare or in ``<…>``). Parameters stay as written, URL values (``--sref``) included."""
    parsed = parse(text)
    words = parsed.body.split()
    kept = [w for w in words if not _LINK_WORD_RE.match(w)]
    if len(kept) == len(words):
        return text.strip()
    return set_body(text, " ".join(kept)).strip()


def carry_params(text: str, original: str) -> str:
    """``text`` with the parameters of ``original`` it lacks appended, as they were written there.

    Shorten's suggestions are bare descriptions: using one must not lose the ``--ar 3:2 --s 250`` of
    the prompt that was shortened. A parameter ``text`` already has (under any alias) wins."""
    have = {p.name for p in parse(text).params}
    for p in parse(original).params:
        if p.name not in have:
            text = _append(text, original[p.start : p.end])
    return text


# -- validation ---------------------------------------------------------------------------------


def _num(value: str) -> float | None:
    return float(value) if _NUM_RE.match(value) else None


def _version_number(parsed: ParsedPrompt) -> float | None:
    """The --v number written, else None (also for niji)."""
    v = parsed.value("v")
    return _num(v) if v else None


def validate(text: str | ParsedPrompt, *, reference_images: int = 0) -> list[PromptIssue]:
    """Problems in a prompt, errors first. ``reference_images``: images sent beside the prompt
    (``base64Array``), which count as image prompts for ``--iw``."""
    parsed = parse(text) if isinstance(text, str) else text
    issues: list[PromptIssue] = []

    def err(param: str | None, template: str, **args: Any) -> None:
        issues.append(PromptIssue(Severity.ERROR, param, template, args))

    def warn(param: str | None, template: str, **args: Any) -> None:
        issues.append(PromptIssue(Severity.WARNING, param, template, args))

    if not parsed.text.strip():
        err(None, QT_TRANSLATE_NOOP("Prompt", "Describe what you want to see."))
        return issues
    if not parsed.description and not parsed.image_urls and not reference_images:
        err(None, QT_TRANSLATE_NOOP("Prompt", "Write a description before the parameters."))

    seen: set[str] = set()
    for p in parsed.params:
        if p.name in seen:
            err(p.name, QT_TRANSLATE_NOOP("Prompt", "{flag} appears more than once; keep one."), flag=f"--{p.name}")
            continue
        seen.add(p.name)
        if p.name not in KNOWN:
            warn(
                p.name,
                QT_TRANSLATE_NOOP("Prompt", "{flag} is not a parameter this app knows; it is sent as written."),
                flag=p.flag,
            )
            continue
        if p.name in FLAGS:
            if p.value:
                err(
                    p.name,
                    QT_TRANSLATE_NOOP(
                        "Prompt", "{flag} takes no value; move “{value}” into the description or remove it."
                    ),
                    flag=p.flag,
                    value=p.value,
                )
            continue
        if not p.value and p.name not in OPTIONAL_VALUE:
            err(p.name, QT_TRANSLATE_NOOP("Prompt", "{flag} needs a value."), flag=p.flag)
            continue
        _check_value(p, err, warn)

    _check_cross(parsed, reference_images, err, warn)
    issues.sort(key=lambda i: i.severity is not Severity.ERROR)
    return issues


def _check_value(p: Param, err: Any, warn: Any) -> None:
    v = p.value
    if p.name in _RANGES:
        low, high, integer = _RANGES[p.name]
        n = _num(v)
        if n is None or (integer and not _INT_RE.match(v)) or not low <= n <= high:
            template = (
                QT_TRANSLATE_NOOP("Prompt", "{flag} must be a whole number from {low} to {high}, not “{value}”.")
                if integer
                else QT_TRANSLATE_NOOP("Prompt", "{flag} must be a number from {low} to {high}, not “{value}”.")
            )
            err(p.name, template, flag=p.flag, low=_fmt(low), high=_fmt(high), value=v)
    elif p.name == "ar":
        w, sep, h = v.partition(":")
        if not sep or not (w.isdigit() and h.isdigit()) or int(w) == 0 or int(h) == 0:
            err(
                p.name,
                QT_TRANSLATE_NOOP("Prompt", "{flag} must be width:height in whole numbers, like 16:9, not “{value}”."),
                flag=p.flag,
                value=v,
            )
    elif p.name == "quality":
        n = _num(v)
        if n is None or n not in QUALITY_VALUES:
            err(
                p.name,
                QT_TRANSLATE_NOOP("Prompt", "{flag} must be one of .25, .5, 1, 2 or 4, not “{value}”."),
                flag=p.flag,
                value=v,
            )
    elif p.name == "v":
        if _num(v) is None:
            err(
                p.name,
                QT_TRANSLATE_NOOP("Prompt", "{flag} must be a model version such as 7 or 6.1, not “{value}”."),
                flag=p.flag,
                value=v,
            )
        elif v not in KNOWN_VERSIONS:
            warn(
                p.name,
                QT_TRANSLATE_NOOP("Prompt", "Version {value} is not one this app knows; check the number."),
                value=v,
            )
    elif p.name == "niji":
        if v and v not in KNOWN_NIJI:
            warn(
                p.name,
                QT_TRANSLATE_NOOP("Prompt", "Niji version {value} is not one this app knows; check the number."),
                value=v,
            )
    elif p.name in ("sref", "cref", "oref"):
        _check_refs(p, err)


def _check_refs(p: Param, err: Any) -> None:
    values = p.value.split()
    if p.name == "oref" and len(values) > 1:
        err(p.name, QT_TRANSLATE_NOOP("Prompt", "--oref takes a single image link."))
        return
    for item in values:
        ref, _, weight = item.partition("::")
        if weight and _num(weight) is None:
            err(p.name, QT_TRANSLATE_NOOP("Prompt", "The weight after “::” in “{value}” must be a number."), value=item)
        elif p.name == "sref":
            if not (_URL_RE.match(ref) or ref.isdigit() or ref.lower() == "random"):
                err(
                    p.name,
                    QT_TRANSLATE_NOOP(
                        "Prompt", "--sref takes image links, style codes (numbers) or “random”, not “{value}”."
                    ),
                    value=ref,
                )
        elif not _URL_RE.match(ref):
            err(
                p.name,
                QT_TRANSLATE_NOOP("Prompt", "{flag} takes image links (http or https), not “{value}”."),
                flag=p.flag,
                value=ref,
            )


def _check_cross(parsed: ParsedPrompt, reference_images: int, err: Any, warn: Any) -> None:
    has = parsed.has
    for weight, ref in (("sw", "sref"), ("cw", "cref"), ("ow", "oref")):
        if has(weight) and not has(ref):
            err(
                weight,
                QT_TRANSLATE_NOOP("Prompt", "{weight} only works together with {ref}."),
                weight=f"--{weight}",
                ref=f"--{ref}",
            )
    if has("iw") and not parsed.image_urls and not reference_images:
        err("iw", QT_TRANSLATE_NOOP("Prompt", "--iw only works with image prompts: add a reference image."))
    if has("v") and has("niji"):
        err("niji", QT_TRANSLATE_NOOP("Prompt", "Use either --v or --niji, not both."))
    speeds = [p.name for p in parsed.params if p.name in SPEEDS]
    if len(set(speeds)) > 1:
        err(speeds[1], QT_TRANSLATE_NOOP("Prompt", "Choose one speed: --fast, --relax or --turbo."))

    version = _version_number(parsed)
    niji = parsed.value("niji") if has("niji") else None
    # Omni reference came with V7 (V8 keeps it); Niji 7 had no --oref at launch (unsure whether it gained one).
    if has("oref"):
        if niji is not None:
            err("oref", QT_TRANSLATE_NOOP("Prompt", "--oref works with V7 and V8, not with Niji."))
        elif version is not None and version < 7:
            err(
                "oref",
                QT_TRANSLATE_NOOP("Prompt", "--oref needs V7 or later; this prompt uses V{version}."),
                version=parsed.value("v"),
            )
    if has("cref"):
        # Character reference is a V6/Niji 6 feature; V7 replaced it with --oref. Niji 7 refusing it
        # too is our reading of its release notes (unsure), hence only a warning there.
        if version is not None and version >= 7:
            err("cref", QT_TRANSLATE_NOOP("Prompt", "--cref does not work with V7; use --oref instead."))
        elif niji == "7":
            warn("cref", QT_TRANSLATE_NOOP("Prompt", "--cref may not work with Niji 7; Niji 6 supports it."))
        elif version is None and niji is None:
            warn(
                "cref",
                QT_TRANSLATE_NOOP(
                    "Prompt", "--cref needs V6 or Niji 6; the default model (V7) ignores it. Choose a version."
                ),
            )
    quality = _num(parsed.value("quality") or "") if has("quality") else None
    if quality == 4.0 and version is not None and version < 7:
        err("quality", QT_TRANSLATE_NOOP("Prompt", "--q 4 needs V7."))
    if quality is not None and quality < 1 and (version is None or version >= 7) and niji is None:
        # V7 and later take 1, 2 or 4; lower values belong to older models (a warning: unsure
        # whether newer models round them up or refuse them).
        warn("quality", QT_TRANSLATE_NOOP("Prompt", "V7 and later take --q 1, 2 or 4; .25 and .5 are older."))
    for name, flag in (("exp", "--exp"), ("draft", "--draft")):
        if has(name) and version is not None and version < 7:
            err(
                name,
                QT_TRANSLATE_NOOP("Prompt", "{flag} needs V7 or later; this prompt uses V{version}."),
                flag=flag,
                version=parsed.value("v"),
            )
        elif has(name) and niji is not None:
            warn(name, QT_TRANSLATE_NOOP("Prompt", "{flag} is made for V7 and V8; Niji may ignore it."), flag=flag)
    if has("hd"):
        # HD rendering came with V8 (standard or hd quality, at a higher cost).
        if (version is not None and version < 8) or niji is not None:
            err("hd", QT_TRANSLATE_NOOP("Prompt", "--hd needs V8 or later: choose V8, 8.1 or 8.2 as the model."))
        elif version is None:
            warn("hd", QT_TRANSLATE_NOOP("Prompt", "--hd needs V8; the account's default model may be older."))
    if version is not None and version >= 8:
        for name in ("tile", "weird", "sv"):
            if has(name):
                # V8's parameter list leaves these out (unsure whether it refuses or ignores them).
                warn(name, QT_TRANSLATE_NOOP("Prompt", "V8 does not list --{name}; it may be ignored."), name=name)
    if has("iw") and version is not None and version < 6 and (_num(parsed.value("iw") or "") or 0) > 2:
        err("iw", QT_TRANSLATE_NOOP("Prompt", "Before V6, --iw goes from 0 to 2."))
    if has("zoom"):
        warn("zoom", QT_TRANSLATE_NOOP("Prompt", "--zoom only works in a Custom Zoom, not in a new imagine."))


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


def has_errors(issues: list[PromptIssue]) -> bool:
    return any(i.severity is Severity.ERROR for i in issues)
