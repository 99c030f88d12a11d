"""The one retry rule: exponential backoff with jitter. The HTTP client's retries (full jitter),
the trackers' polling, downloads and deferred submits all wait with it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """``base * factor**n`` capped at ``cap``; the jitter only ever shortens a delay (by up to
    ``jitter`` of it), so a caller can rely on ``(1 - jitter) * nominal`` as a lower bound while
    clients that failed together still spread out. ``jitter=1`` is "full jitter" (any delay up
    to the nominal one), for retries of one request where no lower bound matters."""

    base: float
    cap: float
    factor: float = 2.0
    jitter: float = 0.2
    attempts: int = 0
    _random: random.Random = field(default_factory=random.Random, repr=False)

    def next_delay(self) -> float:
        nominal = min(self.cap, self.base * self.factor**self.attempts)
        self.attempts += 1
        return nominal * (1.0 - self.jitter * self._random.random())

    def reset(self) -> None:
        self.attempts = 0

    @property
    def failing(self) -> bool:
        return self.attempts > 0
