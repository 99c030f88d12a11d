"""What a simulator is told to be (``SimConfig``), the faults it injects (``Faults``) and what it
records of every request (``LoggedRequest``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class SimConfig:
    dialect: str = "new-api"  # "new-api" | "midjourney-proxy" | "trueai"
    api_key: str = "sk-test"  # "" disables auth
    speed: float = 0.3  # seconds for a whole task lifecycle; 0 = done by the next poll
    host: str = "127.0.0.1"
    port: int = 0
    image_port: int = 0
    concurrency: int = 3
    queue_size: int = 10
    banned_words: tuple[str, ...] = ("forbiddenword",)
    quota: int | None = None  # accepted submits before quota errors; None = unlimited
    max_body_bytes: int = 10 * 1024 * 1024
    admin: bool = True  # trueai: may cancel
    fail_rate: float = 0.0
    # new-api: US dollars per call of each billing model (GET /api/pricing, what a submit charges);
    # None = new-api's defaults (sim/pricing.py). group_ratio multiplies them, as new-api's does.
    model_prices: dict[str, float] | None = None
    group_ratio: float = 1.0


@dataclass
class Faults:
    error_rate: float = 0.0  # → 500/502/503 in the dialect's error shape
    html_error_rate: float = 0.0  # → 502 with an nginx HTML page
    drop_rate: float = 0.0  # close the connection before processing
    drop_after_processing_rate: float = 0.0  # process (e.g. create the task), then close silently
    latency: float = 0.0  # seconds added before answering
    # Path prefix -> seconds added AFTER processing: the answer describes the state when it was
    # computed and lands late (a slow gateway or network), so it can overtake newer requests.
    slow_answers: dict[str, float] = field(default_factory=dict)
    seed: int | None = None  # for the fault dice; changing it re-seeds
    include_image_host: bool = False  # faults hit only the API unless this is set


@dataclass
class LoggedRequest:
    server: str  # "api" | "image"
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    json: Any
    time: float
    dropped: bool = False
    status: int | None = None  # the status answered; None when dropped
