"""What new-api charges (spec §11): a fixed price in US dollars per billing model, times the
user's group ratio, in quota units (500,000 to the dollar), taken when a submit is accepted and
given back to the user when the task fails (controller/midjourney.go). The token's own used quota
is not given back: /api/usage/token keeps counting a refunded task."""

from __future__ import annotations

from typing import Any

from .http import Response

QUOTA_PER_DOLLAR = 500_000

# new-api's defaultModelPrice for Midjourney (setting/ratio_setting/model-ratio.go, newer versions
# with mj_video and mj_edits).
DEFAULT_PRICES: dict[str, float] = {
    "mj_imagine": 0.1,
    "mj_variation": 0.1,
    "mj_reroll": 0.1,
    "mj_blend": 0.1,
    "mj_modal": 0.1,
    "mj_zoom": 0.1,
    "mj_shorten": 0.1,
    "mj_high_variation": 0.1,
    "mj_low_variation": 0.1,
    "mj_pan": 0.1,
    "mj_inpaint": 0,
    "mj_custom_zoom": 0,
    "mj_describe": 0.05,
    "mj_upscale": 0.05,
    "swap_face": 0.05,
    "mj_upload": 0.05,
    "mj_video": 0.8,
    "mj_edits": 0.1,
}
# relay-mj.go: a model without a configured price costs $0.1.
FALLBACK_PRICE = 0.1


def model_of(action: str) -> str:
    """new-api's CoverActionToModelName: "mj_" + the lowercased action, swap_face its exception."""
    return "swap_face" if action == "SWAP_FACE" else "mj_" + action.lower()


def quota_of(action: str, prices: dict[str, float], group_ratio: float) -> int:
    price = prices.get(model_of(action), FALLBACK_PRICE)
    return int(price * group_ratio * QUOTA_PER_DOLLAR)


def pricing_answer(prices: dict[str, float], group_ratio: float) -> Response:
    """GET /api/pricing as model/pricing.go builds it: one entry per model with a fixed price
    (quota_type 1), a token-priced one for contrast, the groups the caller may use."""
    data: list[dict[str, Any]] = [
        {
            "model_name": name,
            "quota_type": 1,
            "model_ratio": 0,
            "model_price": price,
            "owner_by": "",
            "completion_ratio": 0,
            "enable_groups": ["default"],
        }
        for name, price in prices.items()
    ]
    data.append(
        {
            "model_name": "gpt-4o-mini",
            "quota_type": 0,
            "model_ratio": 0.075,
            "model_price": 0,
            "owner_by": "",
            "completion_ratio": 4,
            "enable_groups": ["default"],
        }
    )
    return Response.json(
        {
            "success": True,
            "data": data,
            "group_ratio": {"default": group_ratio},
            "usable_group": {"default": "默认分组"},
        }
    )
