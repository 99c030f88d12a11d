"""The window's preferences: one JSON file in the config folder. No Qt, and never a secret.

Server profiles live in the library and their keys in the OS keychain; this file only holds
preferences, so it can be copied, shared or synced without leaking anything. Keys this version
does not know (written by a newer mjdesk) are kept as they were.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .paths import AppPaths
from .safefiles import write_text_atomic
from .updates import DEFAULT_FEED_URL, feed_url_problem

if TYPE_CHECKING:
    # Imported where used: both packages pull in Pillow or httpx, which the window's start-up
    # (it reads the settings first) must not wait for.
    from .imaging import ImageBudget
    from .jobs import PollPolicy

log = logging.getLogger(__name__)

FILE_NAME = "settings.json"
LANGUAGES = ("", "en", "zh_CN")  # "" follows the system
THEMES = ("system", "light", "dark")
MiB = 1024 * 1024

# A setting whose name looks like this would be a credential: those belong in the keychain.
_SECRET_NAME_RE = re.compile(r"(api[_-]?key|secret|token|password|passwd|credential|auth)", re.IGNORECASE)


class SettingsError(ValueError):
    """A value out of range, or something that looks like a secret."""


@dataclass
class Settings:
    language: str = ""
    theme: str = "system"
    download_folder: str = ""  # "" = the user's Pictures folder
    image_max_side: int = 2048  # px, long side of each image sent
    image_max_mb: float = 4.0  # one encoded image
    request_max_mb: float = 9.0  # all images of one request, as sent (base64)
    poll_interval: float = 2.0  # seconds between status checks while a job runs
    # Personalization profile / moodboard codes the designer named: [{"name": ..., "code": ...}].
    personalize_codes: list[dict[str, str]] = field(default_factory=list)
    check_updates: bool = True  # read the release feed once a day (never in --demo)
    # Ask before a submit whose estimate takes today's recorded spending over this, in the active
    # server's price unit; 0 = no budget.
    daily_budget: float = 0.0
    update_feed: str = DEFAULT_FEED_URL
    extra: dict[str, Any] = field(default_factory=dict)  # unknown keys, kept for newer versions

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        if self.language not in LANGUAGES:
            raise SettingsError(f"unknown language {self.language!r}")
        if self.theme not in THEMES:
            raise SettingsError(f"unknown theme {self.theme!r}")
        if not 256 <= self.image_max_side <= 8192:
            raise SettingsError("the long side must be between 256 and 8192 px")
        if not 0.1 <= self.image_max_mb <= 50 or not 0.1 <= self.request_max_mb <= 200:
            raise SettingsError("image size limits must be between 0.1 and 50 MB (200 MB per request)")
        if self.request_max_mb < self.image_max_mb:
            raise SettingsError("the request limit must be at least the per-image limit")
        if not 0.5 <= self.poll_interval <= 60:
            raise SettingsError("the polling interval must be between 0.5 and 60 seconds")
        if not 0 <= self.daily_budget <= 1e9 or self.daily_budget != self.daily_budget:
            raise SettingsError("the daily budget must be a number from 0 (none) up")
        if problem := feed_url_problem(self.update_feed):
            raise SettingsError(problem)
        if len(self.personalize_codes) > MAX_SAVED_CODES or not all(
            _saved_code_ok(entry) for entry in self.personalize_codes
        ):
            raise SettingsError("saved personalization codes: each needs a short name and a code of letters and digits")
        _reject_secrets(self.extra)

    def image_budget(self) -> ImageBudget:
        from .imaging.model import ImageBudget

        return ImageBudget(
            max_side=self.image_max_side,
            max_bytes=int(self.image_max_mb * MiB),
            request_max_bytes=int(self.request_max_mb * MiB),
        )

    def poll_policy(self) -> PollPolicy:
        from .jobs.policy import PollPolicy

        # Waiting tasks change slowly: check them less often, but never faster than running ones.
        return PollPolicy(running_interval=self.poll_interval, waiting_interval=max(self.poll_interval, 5.0))

    def downloads(self) -> Path:
        if self.download_folder:
            return Path(self.download_folder).expanduser()
        # The Pictures folder even before it exists (an export creates it): files dropped loose
        # into the home folder were hard to find.
        return Path.home() / "Pictures"

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if k != "extra"}
        return {**self.extra, **data}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Settings:
        known = {f.name for f in fields(cls)} - {"extra"}
        defaults = cls()
        values: dict[str, Any] = {}
        for name in known:
            if name in data:
                want = type(getattr(defaults, name))
                try:
                    values[name] = want(data[name])
                except (TypeError, ValueError):
                    log.warning("settings: ignoring %s=%r (not a %s)", name, data[name], want.__name__)
        extra = {k: v for k, v in data.items() if k not in known and not _SECRET_NAME_RE.search(k)}
        try:
            return cls(**values, extra=extra)
        except SettingsError as exc:
            # One bad value (hand-edited file) must not cost the user every other preference.
            log.warning("settings: %s; using defaults for the invalid values", exc)
            settings = cls(extra=extra)
            for name, value in values.items():
                previous = getattr(settings, name)
                setattr(settings, name, value)
                try:
                    settings.validate()
                except SettingsError:
                    setattr(settings, name, previous)
            return settings


MAX_SAVED_CODES = 50
_CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}(?: [A-Za-z0-9_-]{1,64}){0,9}$")


def _saved_code_ok(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("name"), str)
        and 0 < len(entry["name"].strip()) <= 40
        and isinstance(entry.get("code"), str)
        and bool(_CODE_RE.match(entry["code"]))
    )


def _reject_secrets(data: dict[str, Any]) -> None:
    for key in data:
        if _SECRET_NAME_RE.search(str(key)):
            raise SettingsError(f"{key!r} looks like a secret; API keys belong in the system keychain")


def settings_path(paths: AppPaths) -> Path:
    return paths.config / FILE_NAME


def load(paths: AppPaths) -> Settings:
    """The saved settings, or the defaults when there is no file or it cannot be read."""
    path = settings_path(paths)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as exc:
        log.warning("settings: cannot read %s (%s); using the defaults", path, exc)
        return Settings()
    if not isinstance(data, dict):
        log.warning("settings: %s is not a JSON object; using the defaults", path)
        return Settings()
    return Settings.from_json(data)


def save(paths: AppPaths, settings: Settings) -> Path:
    """Write atomically (temp file + rename): a crash leaves the old file or the new one, never half."""
    settings.validate()
    path = settings_path(paths)
    text = json.dumps(settings.to_json(), ensure_ascii=False, indent=2, sort_keys=True)
    write_text_atomic(path, text + "\n")
    return path
