"""What every part of the simulator shares: its configuration, dialect, task store, uploads and
logs, declared once so the endpoint groups (submits, actions, queries, image host) can be separate
modules over the same state."""

from __future__ import annotations

import asyncio
import random
import re
from dataclasses import dataclass
from typing import Any

from .config import Faults, LoggedRequest, SimConfig
from .dialects import Dialect, ViewContext
from .http import Request
from .pricing import DEFAULT_PRICES, quota_of
from .tasks import MaskInfo, SimTask, TaskStore


class SimState:
    config: SimConfig
    dialect: Dialect
    faults: Faults
    requests: list[LoggedRequest]
    masks: list[MaskInfo]
    base_url: str
    image_base_url: str
    _rnd: random.Random
    _store: TaskStore
    _forced: str | None
    _accepted_submits: int
    _used_quota: int  # new-api: charged to the key, refunds not subtracted (as its token counts)
    refunded_quota: int  # new-api: given back to the user for failed tasks

    @property
    def _prices(self) -> dict[str, float]:
        return DEFAULT_PRICES if self.config.model_prices is None else self.config.model_prices

    def _charge(self, task: SimTask | None, action: str) -> None:
        """new-api's charge for an accepted submit of ``action`` (relay-mj.go): its model's price."""
        if not self.dialect.bills_quota:
            return
        quota = quota_of(action, self._prices, self.config.group_ratio)
        self._used_quota += quota
        if task is not None:
            task.quota += quota

    _uploads: dict[str, tuple[bytes, str]]
    _image_cache: dict[str, tuple[bytes, str]]
    _image_jobs: dict[str, asyncio.Task[tuple[bytes, str]]]

    @property
    def tasks(self) -> dict[str, SimTask]:
        return self._store.tasks

    @property
    def _ctx(self) -> ViewContext:
        return ViewContext(self.base_url, self.image_base_url)


@dataclass
class SubmitContext:
    request: Request
    forced: str | None = None
    banned: str | None = None


def described_prompts(text: str) -> list[str]:
    """The four prompts out of a describe result in either layout (keycaps or CRLF)."""
    lines = [line.strip() for line in re.split(r"\r\n|\n", text or "") if line.strip()]
    return [re.sub(r"^[1-4]\ufe0f\u20e3\s*", "", line) for line in lines]


def str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)
