"""What a job costs: a server's price table, estimates before a submit, new-api's price names.

A price table belongs to a server profile (``ServerProfile.prices``). It prices each job by the
library's action name (IMAGINE, UPSCALE, ZOOM...), in one unit the user chooses ("$", "credits",
"quota"...). new-api bills each Midjourney request as a "model" (``mj_imagine``, ``mj_upscale``,
``swap_face``...; ``service/midjourney.go`` ``CoverActionToModelName``: ``"mj_" + lower(action)``)
at a fixed price in US dollars, times the user's group ratio; it counts in quota units,
500,000 to the dollar by default (``common.QuotaPerUnit``). ``from_new_api`` turns its public
``GET /api/pricing`` answer into a table.

No Qt, no I/O: the client fetches, the job recorder (``jobs/costs.py``) records, the library sums.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .text import clip

# new-api's default: quota units per US dollar (common/constants.go QuotaPerUnit = 500 * 1000.0).
QUOTA_PER_DOLLAR = 500_000.0
DEFAULT_UNIT = "$"
MAX_UNIT = 16
MAX_PRICES = 64
MAX_PRICE = 1e9

# The pseudo-action of a modal answer: new-api bills Vary (Region) and Custom Zoom twice, the press
# (mj_inpaint / mj_custom_zoom, free by default) and the answer (mj_modal, relay-mj.go).
MODAL = "MODAL"
_TWO_STEP = frozenset({"INPAINT", "CUSTOM_ZOOM"})

# The actions a price table offers, in the order a person looks for them (the library's names:
# jobs/payloads.py action_of, api/buttons.py ACTION_OF_KIND).
ACTIONS: tuple[str, ...] = (
    "IMAGINE",
    "UPSCALE",
    "UPSCALE_HD",
    "VARIATION",
    "LOW_VARIATION",
    "HIGH_VARIATION",
    "REROLL",
    "ZOOM",
    "CUSTOM_ZOOM",
    "PAN",
    "INPAINT",
    MODAL,
    "BLEND",
    "DESCRIBE",
    "SHORTEN",
    "SWAP_FACE",
    "VIDEO",
    "EDITS",
    "RETEXTURE",
    "UPLOAD",
)

# Our action -> new-api's billing model. new-api derives the action from the request (constant/
# midjourney.go); an HD upscale press ("upsample_v6_2x_subtle") parses as UPSCALE, so it is billed
# as mj_upscale. Retexture has no model (new-api does not relay it).
NEW_API_MODELS: dict[str, str] = {
    "IMAGINE": "mj_imagine",
    "UPSCALE": "mj_upscale",
    "UPSCALE_HD": "mj_upscale",
    "VARIATION": "mj_variation",
    "LOW_VARIATION": "mj_low_variation",
    "HIGH_VARIATION": "mj_high_variation",
    "REROLL": "mj_reroll",
    "ZOOM": "mj_zoom",
    "CUSTOM_ZOOM": "mj_custom_zoom",
    "PAN": "mj_pan",
    "INPAINT": "mj_inpaint",
    MODAL: "mj_modal",
    "BLEND": "mj_blend",
    "DESCRIBE": "mj_describe",
    "SHORTEN": "mj_shorten",
    "SWAP_FACE": "swap_face",
    "VIDEO": "mj_video",
    "EDITS": "mj_edits",
    "UPLOAD": "mj_upload",
}

_ACTION_RE = re.compile(r"^[A-Z][A-Z0-9_]{0,31}$")


def valid_price(value: Any) -> float | None:
    """``value`` as a price, or None when it is none (not a number, negative, NaN, absurd)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    price = float(value)
    if not math.isfinite(price) or price < 0 or price > MAX_PRICE:
        return None
    return price


def clean_unit(value: Any) -> str:
    """A unit label to show: trimmed, one line, short; the default for anything else."""
    if not isinstance(value, str):
        return DEFAULT_UNIT
    unit = " ".join(value.split())
    return clip(unit, MAX_UNIT) if unit else DEFAULT_UNIT


@dataclass(frozen=True)
class Estimate:
    """What a set of jobs will cost by a price table."""

    total: float
    unit: str
    jobs: int
    per_action: dict[str, tuple[int, float]]  # action -> (jobs, their cost)
    unpriced: tuple[str, ...]  # actions the table has no price for (not in the total)

    @property
    def priced_jobs(self) -> int:
        return sum(n for n, _ in self.per_action.values())

    @property
    def complete(self) -> bool:
        return not self.unpriced


@dataclass
class PriceTable:
    """A server's prices per job action, in ``unit``. Empty: nothing is estimated or recorded."""

    prices: dict[str, float] = field(default_factory=dict)
    unit: str = DEFAULT_UNIT
    fetched_at: float = 0.0  # epoch seconds of the last fetch from the server; 0 = typed by hand

    def __post_init__(self) -> None:
        self.unit = clean_unit(self.unit)
        self.prices = _clean_prices(self.prices)

    def __bool__(self) -> bool:
        return bool(self.prices)

    def price(self, action: str) -> float | None:
        """What one job of ``action`` costs, or None when the table does not say. Vary (Region)
        and Custom Zoom include the modal answer's price where the table has one."""
        base = self.prices.get(action)
        if base is None:
            return None
        if action in _TWO_STEP:
            base += self.prices.get(MODAL, 0.0)
        return base

    def estimate(self, actions: Iterable[str]) -> Estimate:
        counts: dict[str, int] = {}
        for action in actions:
            counts[action] = counts.get(action, 0) + 1
        per_action: dict[str, tuple[int, float]] = {}
        unpriced: list[str] = []
        for action, n in counts.items():
            price = self.price(action)
            if price is None:
                unpriced.append(action)
            else:
                per_action[action] = (n, n * price)
        total = math.fsum(cost for _, cost in per_action.values())
        return Estimate(
            total=total, unit=self.unit, jobs=sum(counts.values()), per_action=per_action, unpriced=tuple(unpriced)
        )

    def with_price(self, action: str, price: float | None) -> PriceTable:
        """A copy with ``action`` priced at ``price`` (None removes it); ValueError for a bad one."""
        action = action.strip().upper()
        if not _ACTION_RE.match(action):
            raise ValueError(f"{action!r} is not an action name (IMAGINE, UPSCALE, ...)")
        prices = dict(self.prices)
        if price is None:
            prices.pop(action, None)
        else:
            checked = valid_price(price)
            if checked is None:
                raise ValueError(f"{price!r} is not a price (a number from 0 up)")
            prices[action] = checked
        return PriceTable(prices, self.unit, self.fetched_at)

    def to_dict(self) -> dict[str, Any]:
        return {"prices": dict(sorted(self.prices.items())), "unit": self.unit, "fetched_at": self.fetched_at}

    @classmethod
    def from_dict(cls, data: Any) -> PriceTable:
        """A saved table; anything malformed (a hand-edited file, an older or newer mjdesk) is
        left out rather than refused."""
        if not isinstance(data, Mapping):
            return cls()
        fetched = valid_price(data.get("fetched_at")) or 0.0
        prices = data.get("prices")
        return cls(dict(prices) if isinstance(prices, Mapping) else {}, clean_unit(data.get("unit")), fetched)


def _clean_prices(prices: Mapping[Any, Any]) -> dict[str, float]:
    clean: dict[str, float] = {}
    for name, value in prices.items():
        if len(clean) >= MAX_PRICES:
            break
        if not isinstance(name, str) or not _ACTION_RE.match(name):
            continue
        price = valid_price(value)
        if price is not None:
            clean[name] = price
    return clean


@dataclass(frozen=True)
class ServerPrices:
    """What new-api's ``GET /api/pricing`` says: fixed prices per model in US dollars
    (``quota_type`` 1) and the ratio of each group the caller may use."""

    model_prices: dict[str, float]
    group_ratios: dict[str, float]

    def group_ratio(self, group: str = "default") -> float:
        """The ratio of ``group``; 1 when the server names none (the key's group is not known to
        a token holder: new-api's pricing route knows only logged-in users)."""
        return self.group_ratios.get(group, 1.0)


def from_new_api(
    server: ServerPrices, *, group: str = "default", unit: str = DEFAULT_UNIT, fetched_at: float = 0.0
) -> PriceTable:
    """A price table from new-api's prices: each action at its model's price times the group's
    ratio, in dollars (``unit`` "$") or in new-api's quota units (``unit`` "quota")."""
    ratio = server.group_ratio(group)
    scale = QUOTA_PER_DOLLAR if unit == "quota" else 1.0
    prices = {}
    for action, model in NEW_API_MODELS.items():
        price = server.model_prices.get(model)
        if price is not None:
            prices[action] = round(price * ratio * scale, 6)
    return PriceTable(prices, unit, fetched_at)


def quota_in(unit: str, quota: float) -> float | None:
    """new-api quota units in ``unit`` ("$" or "quota"); None for any other unit."""
    if unit == "quota":
        return float(quota)
    if unit == "$":
        return quota / QUOTA_PER_DOLLAR
    return None


def format_amount(amount: float, unit: str) -> str:
    """``0.36 $``, ``12 credits``, ``50,000 quota``: at most two decimals, none when whole."""
    if abs(amount - round(amount)) < 1e-9:
        text = f"{round(amount):,}"
    elif abs(amount) >= 0.01:
        text = f"{amount:,.2f}"
    else:
        text = f"{amount:.4f}".rstrip("0")
    return f"{text} {unit}"


def local_day_start(epoch_s: float) -> int:
    """Epoch milliseconds of the local midnight that begins the day of ``epoch_s``."""
    import datetime as dt

    day = dt.datetime.fromtimestamp(epoch_s).date()
    return int(dt.datetime.combine(day, dt.time()).timestamp() * 1000)


@dataclass(frozen=True)
class BudgetExcess:
    """A submit that would take today's spending over the daily budget."""

    budget: float
    spent: float  # today so far, as recorded
    estimate: float  # what the submit would add
    unit: str

    @property
    def after(self) -> float:
        return self.spent + self.estimate


def over_budget(budget: float, spent: float, estimate: Estimate) -> BudgetExcess | None:
    """The excess when ``estimate`` on top of ``spent`` goes over ``budget`` (0 = no budget)."""
    if budget <= 0 or estimate.total <= 0 or spent + estimate.total <= budget * (1 + 1e-9):
        return None
    return BudgetExcess(budget=budget, spent=spent, estimate=estimate.total, unit=estimate.unit)
