"""The three server dialects and what each one offers (spec §1, §2, §4, §10, §14)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Dialect(StrEnum):
    NEW_API = "new-api"
    MIDJOURNEY_PROXY = "midjourney-proxy"
    TRUEAI = "trueai"


class AuthStyle(StrEnum):
    BEARER = "bearer"  # Authorization: Bearer <key>
    RAW = "raw"  # Authorization: <key>
    MJ_API_SECRET = "mj-api-secret"  # mj-api-secret: <key>


class SpeedMode(StrEnum):
    DEFAULT = ""
    FAST = "fast"
    RELAX = "relax"
    TURBO = "turbo"


class SpeedVia(StrEnum):
    PATH_PREFIX = "path-prefix"  # /mj-fast/mj/...
    ACCOUNT_FILTER = "account-filter"  # accountFilter: {modes: ["FAST"]}
    PROMPT_FLAG = "prompt-flag"  # " --fast" appended to the prompt
    # "mode": "RELAX" in the body (the new-api aggregators' documented field, seed 003), and the
    # prompt flag too: a gateway that drops unknown body fields still passes the flag on.
    BODY_MODE = "body-mode"


class Endpoint(StrEnum):
    IMAGINE = "imagine"
    BLEND = "blend"
    DESCRIBE = "describe"
    SHORTEN = "shorten"
    ACTION = "action"
    MODAL = "modal"
    CHANGE = "change"
    SIMPLE_CHANGE = "simple-change"
    SWAP_FACE = "swap-face"
    VIDEO = "video"
    EDITS = "edits"
    RETEXTURE = "retexture"
    UPLOAD = "upload"
    FETCH = "fetch"
    LIST_BY_CONDITION = "list-by-condition"
    IMAGE_SEED = "image-seed"
    LIST = "list"
    QUEUE = "queue"
    CANCEL = "cancel"
    QUERY = "query"  # the paged task history
    ACCOUNT = "account"  # the key's quota (outside /mj: ROOT_PATHS)
    PRICING = "pricing"  # the gateway's price per model (outside /mj: ROOT_PATHS)


# Paths below the /mj root; "{id}" is replaced by the (URL-quoted) task id.
ENDPOINT_PATHS: dict[Endpoint, tuple[str, str]] = {
    Endpoint.IMAGINE: ("POST", "/submit/imagine"),
    Endpoint.BLEND: ("POST", "/submit/blend"),
    Endpoint.DESCRIBE: ("POST", "/submit/describe"),
    Endpoint.SHORTEN: ("POST", "/submit/shorten"),
    Endpoint.ACTION: ("POST", "/submit/action"),
    Endpoint.MODAL: ("POST", "/submit/modal"),
    Endpoint.CHANGE: ("POST", "/submit/change"),
    Endpoint.SIMPLE_CHANGE: ("POST", "/submit/simple-change"),
    Endpoint.SWAP_FACE: ("POST", "/insight-face/swap"),
    Endpoint.VIDEO: ("POST", "/submit/video"),
    Endpoint.EDITS: ("POST", "/submit/edits"),
    Endpoint.RETEXTURE: ("POST", "/submit/retexture"),
    Endpoint.UPLOAD: ("POST", "/submit/upload-discord-images"),
    Endpoint.FETCH: ("GET", "/task/{id}/fetch"),
    Endpoint.LIST_BY_CONDITION: ("POST", "/task/list-by-condition"),
    Endpoint.IMAGE_SEED: ("GET", "/task/{id}/image-seed"),
    Endpoint.LIST: ("GET", "/task/list"),
    Endpoint.QUEUE: ("GET", "/task/queue"),
    Endpoint.CANCEL: ("POST", "/task/{id}/cancel"),
    # midjourney-proxy (plus) pages its task history; the aggregators document it as "分页查询任务".
    Endpoint.QUERY: ("POST", "/task/query"),
    # new-api's own route for the key in use: granted, used and remaining quota (not below /mj).
    Endpoint.ACCOUNT: ("GET", "/api/usage/token"),
    # new-api's public price list (controller/pricing.go; no key needed, none refused).
    Endpoint.PRICING: ("GET", "/api/pricing"),
}
# Paths of ENDPOINT_PATHS that hang off the server's root rather than /mj.
ROOT_PATHS = frozenset({Endpoint.ACCOUNT, Endpoint.PRICING})

SUBMIT_ENDPOINTS = frozenset(
    {
        Endpoint.IMAGINE,
        Endpoint.BLEND,
        Endpoint.DESCRIBE,
        Endpoint.SHORTEN,
        Endpoint.ACTION,
        Endpoint.MODAL,
        Endpoint.CHANGE,
        Endpoint.SIMPLE_CHANGE,
        Endpoint.SWAP_FACE,
        Endpoint.VIDEO,
        Endpoint.EDITS,
        Endpoint.RETEXTURE,
        Endpoint.UPLOAD,
    }
)

# What MjClient.probe asks a server about, in a fixed order (task-id routes are left to the
# dialect: probing them would need a real task).
PROBED_ENDPOINTS = (
    *sorted(SUBMIT_ENDPOINTS),
    Endpoint.LIST,
    Endpoint.QUEUE,
    Endpoint.QUERY,
    Endpoint.ACCOUNT,
    Endpoint.PRICING,
)


class UnknownTaskAnswer(StrEnum):
    """How a server says "I do not know this task id" on fetch (spec §3.12)."""

    EMPTY_200 = "empty-200"
    NO_CONTENT_204 = "no-content-204"
    TASK_NO_FOUND_400 = "task-no-found-400"


@dataclass(frozen=True)
class DialectInfo:
    dialect: Dialect
    default_auth_style: AuthStyle
    default_speed_via: SpeedVia
    endpoints: frozenset[Endpoint]
    unknown_task: UnknownTaskAnswer
    queue_full_code: int | None  # None: relays whatever its upstream answers
    banned_words_fail_at_submit: bool
    modal_mostly_rewritten: bool  # code 21 turned into 1 except for Vary Region / Custom Zoom
    # What the request bodies and parsers need to know (spec §3, §14); a fourth dialect sets each.
    bot_type_field: bool  # the body's botType picks Midjourney / Niji (else the --niji prompt flag)
    accepts_image_links: bool  # image URLs where others want base64 (imagine, swap face)
    describes_links: bool  # /describe takes {"link": url}
    describe_language: bool  # /describe takes a result language
    reroll_needs_index: bool  # a REROLL through /submit/change must still carry index 1-4 (§3.5)
    list_by_ids_fallback: bool  # older versions answer list-by-condition 404: ask list-by-ids (§3.12)
    progress_100_is_final: bool  # an unchanged status with progress 100 % means done (§6)
    # An action's body can ask for the Remix modal (enableRemix, §3.6); elsewhere a remix modal
    # only follows the Discord account's own setting, or (new-api) is reported as success (§4, §8.3).
    remix_on_request: bool
    # Bodies take accountFilter (instanceId, modes...): trueai; new-api deletes it by default (§10).
    account_filter: bool = False
    # The gateway gives back what a task that ends in FAILURE was charged (new-api, §11.6): the job
    # then cost nothing. Elsewhere a failed job keeps its price.
    refunds_failed_tasks: bool = False


_COMMON = frozenset(
    {
        Endpoint.IMAGINE,
        Endpoint.BLEND,
        Endpoint.DESCRIBE,
        Endpoint.SHORTEN,
        Endpoint.ACTION,
        Endpoint.MODAL,
        Endpoint.SWAP_FACE,
        Endpoint.UPLOAD,
        Endpoint.FETCH,
        Endpoint.LIST_BY_CONDITION,
        Endpoint.IMAGE_SEED,
    }
)

_INFO: dict[Dialect, DialectInfo] = {
    Dialect.NEW_API: DialectInfo(
        dialect=Dialect.NEW_API,
        default_auth_style=AuthStyle.BEARER,
        # new-api strips both the mode prefix and accountFilter before forwarding (§10); its
        # aggregators document a body "mode" (seed 003).
        default_speed_via=SpeedVia.BODY_MODE,
        # simple-change is routed but mis-billed (§11.4), so it is not offered.
        endpoints=_COMMON | {Endpoint.CHANGE, Endpoint.VIDEO, Endpoint.EDITS, Endpoint.ACCOUNT, Endpoint.PRICING},
        unknown_task=UnknownTaskAnswer.TASK_NO_FOUND_400,
        queue_full_code=None,
        banned_words_fail_at_submit=True,
        modal_mostly_rewritten=True,
        bot_type_field=False,
        accepts_image_links=False,
        describes_links=True,
        describe_language=True,
        reroll_needs_index=True,
        list_by_ids_fallback=False,
        progress_100_is_final=True,
        remix_on_request=False,
        refunds_failed_tasks=True,
    ),
    Dialect.MIDJOURNEY_PROXY: DialectInfo(
        dialect=Dialect.MIDJOURNEY_PROXY,
        default_auth_style=AuthStyle.MJ_API_SECRET,
        default_speed_via=SpeedVia.PROMPT_FLAG,
        # The "plus" API; a plain open-source server lacks action/modal/shorten/seed, which a
        # profile can express through endpoints_override.
        endpoints=_COMMON | {Endpoint.CHANGE, Endpoint.SIMPLE_CHANGE, Endpoint.LIST, Endpoint.QUEUE, Endpoint.QUERY},
        unknown_task=UnknownTaskAnswer.EMPTY_200,
        queue_full_code=23,
        banned_words_fail_at_submit=True,
        modal_mostly_rewritten=False,
        bot_type_field=False,
        accepts_image_links=False,
        describes_links=False,
        describe_language=False,
        reroll_needs_index=False,
        list_by_ids_fallback=False,
        progress_100_is_final=False,
        remix_on_request=False,
    ),
    Dialect.TRUEAI: DialectInfo(
        dialect=Dialect.TRUEAI,
        default_auth_style=AuthStyle.RAW,
        default_speed_via=SpeedVia.PATH_PREFIX,
        # change/simple-change were removed in v10.
        endpoints=_COMMON | {Endpoint.VIDEO, Endpoint.EDITS, Endpoint.RETEXTURE, Endpoint.LIST, Endpoint.CANCEL},
        unknown_task=UnknownTaskAnswer.NO_CONTENT_204,
        queue_full_code=9,
        banned_words_fail_at_submit=False,
        modal_mostly_rewritten=False,
        bot_type_field=True,
        accepts_image_links=True,
        describes_links=True,
        describe_language=True,
        reroll_needs_index=False,
        list_by_ids_fallback=True,
        progress_100_is_final=False,
        remix_on_request=True,
        account_filter=True,
    ),
}


def dialect_info(dialect: Dialect | str) -> DialectInfo:
    return _INFO[Dialect(dialect)]
