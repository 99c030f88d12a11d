"""What a server address may look like, and when sending the key to it is unsafe.

One place for the rules, used by the CLI's argument check, the profile itself and the server
dialog: an address with ``user:password@`` would be saved into the profile and sent as Basic
auth to the server (and into logs), so it is refused rather than quietly accepted.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from mjdesk.core.i18n import QT_TRANSLATE_NOOP

NOT_HTTP = QT_TRANSLATE_NOOP("ServerUrl", "Enter the server address, starting with https:// or http://.")
HAS_USERINFO = QT_TRANSLATE_NOOP(
    "ServerUrl",
    "The address contains a user name or key before “@”. Remove it: the API key goes in its own field.",
)
BAD_PORT = QT_TRANSLATE_NOOP("ServerUrl", "The port in the address is not a number from 1 to 65535.")
PLAIN_HTTP = QT_TRANSLATE_NOOP(
    "ServerUrl",
    "This address uses plain http:// to another machine: the API key and your images travel "
    "unencrypted. Use https:// unless the server is on your own network.",
)


class BaseUrlError(ValueError):
    """A server address the app refuses; ``str()`` is the English message (a ServerUrl text)."""


def base_url_problem(text: str) -> str | None:
    """Why ``text`` cannot be a server address (an untranslated "ServerUrl" message), or None."""
    try:
        parts = urlsplit(text.strip())
        port = parts.port  # ValueError for a port that is not a number 0-65535
    except ValueError:
        return BAD_PORT if "[" not in text else NOT_HTTP
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return NOT_HTTP
    if "@" in parts.netloc:
        return HAS_USERINFO
    if port == 0:
        return BAD_PORT
    return None


def without_userinfo(text: str) -> str:
    """``text`` for a message: anything before "@" in the host part (a key, more often than not)
    replaced by ``***``, so refusing such an address does not print the key it holds."""
    text = text.strip()
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "", text
    host_end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    netloc, tail = rest[:host_end], rest[host_end:]
    if "@" in netloc:
        netloc = "***@" + netloc.rsplit("@", 1)[1]
    return f"{scheme}{sep}{netloc}{tail}"


def check_base_url(text: str) -> str:
    """``text`` stripped, or BaseUrlError saying what is wrong with it."""
    problem = base_url_problem(text)
    if problem is not None:
        raise BaseUrlError(problem)
    return text.strip()


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def plain_http_to_remote(text: str) -> bool:
    """True when the key would travel unencrypted to another machine."""
    try:
        parts = urlsplit(text.strip())
    except ValueError:
        return False
    return parts.scheme == "http" and bool(parts.hostname) and not is_loopback(parts.hostname or "")
