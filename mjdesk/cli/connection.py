"""Which server to talk to and with which key.

Server: ``--profile NAME`` (saved in the library), else ``--base-url``/``MJDESK_BASE_URL`` (saved as
a profile named after its host, so ``resume`` and the window know it), else the default profile.
Key: ``--api-key``/``MJDESK_API_KEY``, else the profile's saved key (the OS keychain, or the private
key file where no keychain works; see ``mjdesk.core.secrets``).
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .errors import EXIT_AUTH, EXIT_USAGE, CliError

if TYPE_CHECKING:
    from mjdesk.core.api import Dialect, ServerProfile
    from mjdesk.core.library import Library


@dataclass
class Connection:
    profile: ServerProfile
    api_key: str


def option(args: argparse.Namespace, name: str, env: str) -> str | None:
    value = getattr(args, name, None)
    return value if value else os.environ.get(env) or None


def _dialect(value: str) -> Dialect:
    from mjdesk.core.api import Dialect

    try:
        return Dialect(value)
    except ValueError:
        raise CliError(f"unknown dialect {value!r}: use new-api, midjourney-proxy or trueai") from None


def resolve_profile(args: argparse.Namespace, library: Library) -> ServerProfile:
    from dataclasses import replace

    from mjdesk.core import profiles
    from mjdesk.core.api import ServerProfile

    base_url = option(args, "base_url", "MJDESK_BASE_URL")
    if base_url and not getattr(args, "base_url", None):
        base_url = _env_url(base_url)  # --base-url was checked by the parser; the variable was not
    dialect = option(args, "dialect", "MJDESK_DIALECT")
    name = getattr(args, "profile", None)
    if name:
        saved = profiles.load(library, name)
        if saved is None:
            known = ", ".join(p.name for p in library.profiles()) or "none saved yet"
            raise CliError(f"no profile named {name!r} (profiles: {known})", EXIT_USAGE)
        # Flags override a saved profile for this run only.
        if base_url:
            saved = replace(saved, base_url=base_url)
        return replace(saved, dialect=_dialect(dialect)) if dialect else saved
    if base_url:
        host = urlsplit(base_url).netloc or base_url
        existing = profiles.load(library, host)
        profile = ServerProfile(name=host, base_url=base_url, dialect=_dialect(dialect or "new-api"))
        if existing is not None:
            profile = replace(existing, base_url=profile.base_url, dialect=profile.dialect)
        if existing != profile:
            profiles.save(library, profile, is_default=library.default_profile() is None)
        return profile
    default = profiles.load(library)
    if default is None:
        raise CliError("no server given: use --base-url URL (or MJDESK_BASE_URL) or --profile NAME")
    return replace(default, dialect=_dialect(dialect)) if dialect else default


def _env_url(value: str) -> str:
    from .parser import base_url

    try:
        return base_url(value)
    except argparse.ArgumentTypeError as exc:
        raise CliError(f"MJDESK_BASE_URL: {exc}", EXIT_USAGE) from None


def resolve_key(args: argparse.Namespace, profile_name: str) -> str:
    key = option(args, "api_key", "MJDESK_API_KEY") or key_from_keychain(profile_name, config_folder(args))
    if not key:
        raise CliError(
            f"no API key for {profile_name!r}: use --api-key KEY, MJDESK_API_KEY, "
            f"or save it with: mjdesk-cli profile add {profile_name} --key-stdin",
            EXIT_AUTH,
        )
    return key


def config_folder(args: argparse.Namespace) -> Path:
    """Where this run's key file lives (``--home`` or ``MJDESK_HOME``), beside the settings."""
    from mjdesk.core.paths import app_paths

    return app_paths(getattr(args, "home", None)).config


def key_from_keychain(profile_name: str, folder: Path | None = None) -> str | None:
    """The saved key: the system keychain's, else the key file's (where no keychain works)."""
    from mjdesk.core.secrets import SecretStoreError, get_api_key

    try:
        return get_api_key(profile_name, folder)
    except SecretStoreError:
        return None
