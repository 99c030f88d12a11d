"""API keys live in the OS keychain (keyring), one entry per server profile — never in a file.

``keyring`` is imported lazily: it probes backends at import, which the CLI's fast paths
(``--version``, ``--help``) must not pay for.
"""

from __future__ import annotations

from .i18n import QT_TRANSLATE_NOOP

SERVICE = "mjdesk"


class SecretStoreError(RuntimeError):
    """The keychain could not be read or written (locked, absent, or refused)."""


def _keyring():
    import keyring

    return keyring


def get_api_key(profile: str) -> str | None:
    try:
        return _keyring().get_password(SERVICE, profile) or None
    except Exception as exc:  # every backend raises its own types
        raise SecretStoreError(
            QT_TRANSLATE_NOOP("SecretStore", "The system keychain could not be read.")
        ) from _without_args(exc)


def set_api_key(profile: str, key: str) -> None:
    try:
        _keyring().set_password(SERVICE, profile, key)
    except Exception as exc:
        raise SecretStoreError(
            QT_TRANSLATE_NOOP("SecretStore", "The system keychain refused to store the key.")
        ) from _without_args(exc)


def delete_api_key(profile: str) -> None:
    kr = _keyring()
    try:
        kr.delete_password(SERVICE, profile)
    except kr.errors.PasswordDeleteError:
        pass  # nothing stored: already in the desired state
    except Exception as exc:
        raise SecretStoreError(
            QT_TRANSLATE_NOOP("SecretStore", "The system keychain refused to delete the key.")
        ) from _without_args(exc)


def keychain_backend_name() -> str:
    """A human name of the active backend, so settings can warn about an insecure or null one."""
    backend = _keyring().get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _without_args(exc: BaseException) -> BaseException:
    # A backend's message may echo what it was given; keep only the type so no key can leak
    # into a log or a traceback through the exception chain.
    return RuntimeError(f"{type(exc).__module__}.{type(exc).__name__} (details withheld)")
