"""A saved server: where it is, which dialect it speaks, and how to reach it. Never the key."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from ..costs import PriceTable
from .dialects import AuthStyle, Dialect, Endpoint, SpeedMode, SpeedVia, dialect_info

ProxyKind = Literal["none", "system", "http", "socks5"]
RewriteKind = Literal["prefix", "host"]


@dataclass
class ProxySetting:
    kind: ProxyKind = "system"
    url: str = ""

    def __post_init__(self) -> None:
        if self.kind not in ("none", "system", "http", "socks5"):
            raise ValueError(f"unknown proxy kind {self.kind!r}")
        if self.kind in ("http", "socks5") and not self.url:
            raise ValueError(f"a {self.kind} proxy needs a URL")

    def client_options(self) -> dict[str, Any]:
        """httpx client options: this proxy, the system's (environment), or none at all."""
        if self.kind in ("http", "socks5"):
            return {"proxy": self.url, "trust_env": False}
        return {"trust_env": self.kind == "system"}


@dataclass
class UrlRewrite:
    """Rewrites result URLs before download, e.g. to reach a CDN through a mirror.

    ``prefix``: the value is put in front of the URL (``https://mirror/?u=`` + url).
    ``host``: scheme and host are replaced by the value (``https://cdn.example``), only for URLs whose
    host equals ``match`` when one is given.
    """

    kind: RewriteKind
    value: str
    match: str = ""

    def __post_init__(self) -> None:
        if self.kind not in ("prefix", "host"):
            raise ValueError(f"unknown rewrite kind {self.kind!r}")

    def apply(self, url: str) -> str:
        if not url or not self.value:
            return url
        if self.kind == "prefix":
            return self.value + url
        parts = urlsplit(url)
        if not parts.scheme or not parts.netloc:
            return url
        if self.match and parts.hostname != self.match.lower():
            return url
        new = urlsplit(self.value if "://" in self.value else f"{parts.scheme}://{self.value}")
        return urlunsplit((new.scheme, new.netloc, parts.path, parts.query, parts.fragment))


@dataclass
class ServerProfile:
    name: str
    base_url: str
    dialect: Dialect
    auth_style: AuthStyle | None = None
    speed: SpeedMode = SpeedMode.DEFAULT
    speed_via: SpeedVia | None = None
    proxy: ProxySetting = field(default_factory=ProxySetting)
    image_url_rewrite: UrlRewrite | None = None
    query_timeout: float = 30.0
    submit_timeout: float = 120.0
    endpoints_override: frozenset[Endpoint] | None = None
    # trueai: run every job on this account instance (accountFilter.instanceId, spec §10); "" = any.
    instance_id: str = ""
    # Jobs this server may have at once (sending or running); more wait in the user's queue.
    # 0 = no cap of ours (the server's own queue decides).
    max_running: int = 0
    # What the server itself answered when asked (MjClient.probe): True = it has the route, False =
    # it answered "no such path". Overrides the dialect's list for those endpoints.
    probed: dict[Endpoint, bool] = field(default_factory=dict)
    probed_at: float = 0.0  # epoch seconds of that probe; 0 = never
    # What each job costs on this server (core/costs.py); empty = no estimates, nothing recorded.
    prices: PriceTable = field(default_factory=PriceTable)

    def __post_init__(self) -> None:
        self.dialect = Dialect(self.dialect)
        self.speed = SpeedMode(self.speed)
        if self.auth_style is not None:
            self.auth_style = AuthStyle(self.auth_style)
        if self.speed_via is not None:
            self.speed_via = SpeedVia(self.speed_via)

    @property
    def effective_auth_style(self) -> AuthStyle:
        return self.auth_style or dialect_info(self.dialect).default_auth_style

    @property
    def effective_speed_via(self) -> SpeedVia:
        return self.speed_via or dialect_info(self.dialect).default_speed_via

    @property
    def capabilities(self) -> frozenset[Endpoint]:
        if self.endpoints_override is not None:
            return frozenset(self.endpoints_override)
        found = {e for e, ok in self.probed.items() if ok}
        missing = {e for e, ok in self.probed.items() if not ok}
        return frozenset((dialect_info(self.dialect).endpoints | found) - missing)

    @property
    def api_root(self) -> str:
        """The base URL without a trailing slash or ``/mj``: paths are appended as ``/mj/...``."""
        root = self.base_url.strip().rstrip("/")
        while root.endswith("/mj"):
            root = root[: -len("/mj")].rstrip("/")
        return root

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "base_url": self.base_url,
            "dialect": self.dialect.value,
            "auth_style": self.auth_style.value if self.auth_style else None,
            "speed": self.speed.value,
            "speed_via": self.speed_via.value if self.speed_via else None,
            "proxy": {"kind": self.proxy.kind, "url": self.proxy.url},
            "image_url_rewrite": (
                {
                    "kind": self.image_url_rewrite.kind,
                    "value": self.image_url_rewrite.value,
                    "match": self.image_url_rewrite.match,
                }
                if self.image_url_rewrite
                else None
            ),
            "query_timeout": self.query_timeout,
            "submit_timeout": self.submit_timeout,
            "endpoints_override": (
                sorted(e.value for e in self.endpoints_override) if self.endpoints_override is not None else None
            ),
            "instance_id": self.instance_id,
            "max_running": self.max_running,
            "probed": {e.value: ok for e, ok in sorted(self.probed.items())},
            "probed_at": self.probed_at,
            "prices": self.prices.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ServerProfile:
        proxy = data.get("proxy") or {}
        rewrite = data.get("image_url_rewrite")
        override = data.get("endpoints_override")
        return cls(
            name=str(data["name"]),
            base_url=str(data["base_url"]),
            dialect=Dialect(data["dialect"]),
            auth_style=AuthStyle(data["auth_style"]) if data.get("auth_style") else None,
            speed=SpeedMode(data.get("speed") or ""),
            speed_via=SpeedVia(data["speed_via"]) if data.get("speed_via") else None,
            proxy=ProxySetting(kind=proxy.get("kind", "system"), url=proxy.get("url", "")),
            image_url_rewrite=(
                UrlRewrite(kind=rewrite["kind"], value=rewrite["value"], match=rewrite.get("match", ""))
                if rewrite
                else None
            ),
            query_timeout=float(data.get("query_timeout", 30.0)),
            submit_timeout=float(data.get("submit_timeout", 120.0)),
            endpoints_override=frozenset(Endpoint(e) for e in override) if override is not None else None,
            instance_id=str(data.get("instance_id") or ""),
            max_running=_count(data.get("max_running")),
            probed=_probed(data.get("probed")),
            probed_at=float(data.get("probed_at") or 0.0),
            prices=PriceTable.from_dict(data.get("prices")),
        )


def _count(value: Any) -> int:
    """A saved cap: a whole number from 0 up, anything else (a hand-edited file) meaning none."""
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError, OverflowError):
        return 0


def _probed(data: Any) -> dict[Endpoint, bool]:
    """A saved probe, skipping endpoints this version no longer knows."""
    if not isinstance(data, dict):
        return {}
    known = {e.value for e in Endpoint}
    return {Endpoint(k): bool(v) for k, v in data.items() if k in known}
