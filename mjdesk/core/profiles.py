"""Saved server profiles: the library row (never a key) <-> the client's ``ServerProfile``.

The window's settings and ``mjdesk-cli --profile`` both go through here, and so does the lookup
of the key, which lives in the OS keychain under the profile's name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .api import ServerProfile
from .library import ProfileRecord

if TYPE_CHECKING:
    from .library import Library

_ROW_FIELDS = ("name", "base_url", "dialect")


def to_record(profile: ServerProfile, *, is_default: bool = False) -> ProfileRecord:
    data = profile.to_dict()
    settings = {k: v for k, v in data.items() if k not in _ROW_FIELDS}
    return ProfileRecord(
        name=profile.name,
        base_url=profile.base_url,
        dialect=profile.dialect.value,
        settings=settings,
        is_default=is_default,
    )


def from_record(record: ProfileRecord) -> ServerProfile:
    return ServerProfile.from_dict(
        {**record.settings, "name": record.name, "base_url": record.base_url, "dialect": record.dialect}
    )


def load(library: Library, name: str | None = None) -> ServerProfile | None:
    """The named profile, or the default one when no name is given; None when there is none."""
    record = library.profile(name) if name else library.default_profile()
    return from_record(record) if record is not None else None


def save(library: Library, profile: ServerProfile, *, is_default: bool = False) -> ServerProfile:
    return from_record(library.save_profile(to_record(profile, is_default=is_default)))
