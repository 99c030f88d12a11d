"""Which server to talk to and with which key: flags, then environment, then the saved profile."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import EXIT_AUTH, EXIT_USAGE, CliError

if TYPE_CHECKING:
    from mjdesk.core.api import ServerProfile


@dataclass
class Connection:
    profile: ServerProfile
    api_key: str


def _opt(args: argparse.Namespace, name: str, env: str) -> str | None:
    value = getattr(args, name, None)
    return value if value else os.environ.get(env) or None


def resolve(args: argparse.Namespace) -> Connection:
    from mjdesk.core.api import Dialect, ServerProfile

    base_url = _opt(args, "base_url", "MJDESK_BASE_URL")
    dialect = _opt(args, "dialect", "MJDESK_DIALECT")
    key = _opt(args, "api_key", "MJDESK_API_KEY")
    name = getattr(args, "profile", None)
    if not base_url:
        raise CliError("no server given: use --base-url URL (or MJDESK_BASE_URL)", EXIT_USAGE)
    try:
        chosen = Dialect(dialect or "new-api")
    except ValueError:
        raise CliError(f"unknown dialect {dialect!r}: use new-api, midjourney-proxy or trueai") from None
    profile = ServerProfile(name=name or "command line", base_url=base_url, dialect=chosen)
    if not key:
        key = _key_from_keychain(profile.name)
    if not key:
        raise CliError("no API key: use --api-key KEY or MJDESK_API_KEY", EXIT_AUTH)
    return Connection(profile=profile, api_key=key)


def _key_from_keychain(profile_name: str) -> str | None:
    from mjdesk.core.secrets import SecretStoreError, get_api_key

    try:
        return get_api_key(profile_name)
    except SecretStoreError:
        return None
