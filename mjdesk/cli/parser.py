"""The argument parser. Handlers are imported lazily so ``--version``/``--help`` stay fast."""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from .errors import EXIT_USAGE

DIALECTS = ("new-api", "midjourney-proxy", "trueai")

# Allowed ranges of the numeric options. Polling faster than INTERVAL's floor hammers a gateway
# for nothing (a NaN or 1e-9 interval once sent 3,455 requests in 5 s); 0.1 s stays allowed for
# a local simulator. Timeouts: a second to a week.
INTERVAL = (0.1, 3600.0)
TIMEOUT = (1.0, 7 * 24 * 3600.0)
LIMIT = (1, 100_000)
PAGE = (1, 100_000)
PAGE_SIZE = (1, 100)
CONCURRENCY = (1, 100)
PORT = (0, 65_535)
SIM_SPEED = (0.1, 3600.0)


class _OneLineParser(argparse.ArgumentParser):
    """argparse prints the whole usage on an error; a script wants one line naming the problem."""

    def error(self, message: str) -> NoReturn:
        from mjdesk.core.text import printable

        # The message quotes what was typed, which may hold control characters or odd bytes.
        print(f"mjdesk-cli: {printable(message)} (see: {self.prog} --help)", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def number(low: float, high: float, unit: str = "") -> Callable[[str], float]:
    """An argparse ``type``: a finite number in [low, high] (NaN and inf compare false to every
    bound, so ``isfinite`` is checked first). The error names the range; argparse adds the option."""
    suffix = f" {unit}" if unit else ""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be a number from {low:g} to {high:g}{suffix}, not {text!r}")
        return value

    return parse


def whole(low: int, high: int) -> Callable[[str], int]:
    """An argparse ``type``: a whole number in [low, high] ("1e20" and "2.5" are refused)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low} to {high}, not {text!r}")
        return value

    return parse


def base_url(text: str) -> str:
    """An argparse ``type`` (also used for MJDESK_BASE_URL): an http(s) URL with a host and
    without ``user:key@`` (which would go out as Basic auth)."""
    from mjdesk.core.api.urls import base_url_problem, without_userinfo

    problem = base_url_problem(text)
    if problem is not None:
        # Never echo "sk-…@": the message lands in terminals and CI logs.
        raise argparse.ArgumentTypeError(f"{without_userinfo(text)!r}: {problem}")
    return text.strip()


def profile_name(text: str) -> str:
    """An argparse ``type``: a profile name a person can type again (not empty, no controls)."""
    from mjdesk.core.text import CONTROL_CHARS

    if not text.strip() or CONTROL_CHARS.search(text) or len(text) > 100:
        raise argparse.ArgumentTypeError(
            f"a profile name must be 1 to 100 characters without control characters, not {text!r}"
        )
    return text.strip()


def folder(text: str) -> str:
    """An argparse ``type``: a folder that exists or can be made, checked before anything is sent
    (a --download pointing at a file used to fail only after the job had run)."""
    path = Path(os.path.expanduser(text))
    for part in (path, *path.parents):
        if part.exists():
            if not part.is_dir():
                raise argparse.ArgumentTypeError(
                    f"{text!r} is not a folder ({part} is a file)" if part != path else f"{text!r} is not a folder"
                )
            break
    return text


def name_template(text: str) -> str:
    """An argparse ``type`` for --name-template: known fields, and a trial name of sane length."""
    from .errors import CliError
    from .export import check_template

    try:
        check_template(text)
        sample = {
            "job": 1,
            "remote": "1700000000000000",
            "action": "imagine",
            "kind": "candidate",
            "index": 1,
            "n": "_1",
            "date": "20260101-000000",
            "prompt": "p" * 40,
        }
        trial = text.format(**sample)
    except CliError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError, MemoryError) as exc:
        raise argparse.ArgumentTypeError(f"bad name template {text!r}: {exc}") from None
    if len(trial) > 200:  # most file systems stop at 255 bytes; the extension and "-2" need room
        raise argparse.ArgumentTypeError(
            f"the name template {text!r} makes names of {len(trial)} characters; at most 200"
        )
    return text


def since_date(text: str) -> str:
    """An argparse ``type`` (``costs --since``): ``YYYY-MM-DD``, ``today`` or ``Nd`` (the last N
    days, today included)."""
    import datetime as dt

    word = text.strip().lower()
    if word == "today" or (word.endswith("d") and word[:-1].isdigit() and 0 < int(word[:-1]) <= 100_000):
        return word
    try:
        dt.date.fromisoformat(word)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a date (YYYY-MM-DD), 'today' or a number of days (7d), not {text!r}"
        ) from None
    return word


def _lazy(name: str) -> Callable[[argparse.Namespace], int]:
    """``"function"`` in commands.py, or ``"module:function"`` in another module of the CLI."""

    def run(args: argparse.Namespace) -> int:
        import importlib

        module, _, func = name.rpartition(":")
        handler: Callable[[argparse.Namespace], int] = getattr(
            importlib.import_module(f"mjdesk.cli.{module or 'commands'}"), func
        )
        return handler(args)

    return run


def _shared_options(suppress: bool) -> _OneLineParser:
    # The same options are accepted before and after the command; after the command their
    # default is SUPPRESS so they do not overwrite what was given before it.
    p = _OneLineParser(add_help=False)
    d: dict[str, Any] = {"default": argparse.SUPPRESS} if suppress else {}
    p.add_argument("--base-url", type=base_url, metavar="URL", help="API base URL (env MJDESK_BASE_URL)", **d)
    p.add_argument("--api-key", metavar="KEY", help="API key (env MJDESK_API_KEY; else the saved key)", **d)
    p.add_argument("--dialect", choices=DIALECTS, help="server dialect (env MJDESK_DIALECT)", **d)
    p.add_argument("--profile", type=profile_name, metavar="NAME", help="a saved server profile", **d)
    p.add_argument("--home", metavar="DIR", help="library folder (env MJDESK_HOME)", **d)
    p.add_argument("--json", action="store_true", help="print the final task or answer as one JSON object", **d)
    return p


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="mjdesk-cli",
        description="Submit and track Midjourney jobs through an mj-proxy gateway.",
        parents=[_shared_options(suppress=False)],
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_OneLineParser)
    shared = _shared_options(suppress=True)

    def command(name: str, help_text: str, handler: str | None = None) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, parents=[shared], description=help_text)
        p.set_defaults(handler=_lazy(handler or name.replace("-", "_")))
        return p

    def waiting(p: argparse.ArgumentParser, download: bool = True) -> None:
        p.add_argument("--wait", action="store_true", help="poll until SUCCESS or FAILURE")
        p.add_argument(
            "--timeout", type=number(*TIMEOUT, "s"), default=900.0, metavar="SECONDS", help="give up waiting"
        )
        p.add_argument("--interval", type=number(*INTERVAL, "s"), default=2.0, metavar="SECONDS", help="poll interval")
        if download:
            p.add_argument("--download", type=folder, metavar="DIR", help="save the result images (grid + quadrants)")

    def dry_run(p: argparse.ArgumentParser) -> None:
        p.add_argument("--dry-run", action="store_true", help="print the request body; send nothing")

    p = command("imagine", "generate four images from a prompt")
    p.add_argument("prompt")
    p.add_argument("--image", action="append", default=[], metavar="PATH_OR_URL", help="reference image")
    p.add_argument("--mode", choices=("fast", "relax", "turbo"))
    p.add_argument("--bot", choices=("mj", "niji"))
    dry_run(p)
    waiting(p)

    p = command("blend", "blend 2-5 images")
    p.add_argument("images", nargs="+", metavar="IMAGE")
    p.add_argument("--dimensions", choices=("portrait", "square", "landscape"), default="square")
    dry_run(p)
    waiting(p)

    p = command("describe", "four prompts describing an image")
    p.add_argument("image", metavar="IMAGE")
    dry_run(p)
    waiting(p, download=False)

    p = command("shorten", "analyse and shorten a prompt")
    p.add_argument("prompt")
    dry_run(p)
    waiting(p, download=False)

    p = command("action", "press a button of a finished task (U1, V3, 'Vary (Region)', ...)")
    p.add_argument("task_id", metavar="TASK_ID")
    p.add_argument("button", metavar="BUTTON", help="a label as the server shows it, or a customId")
    p.add_argument("--prompt", help="prompt for a modal (Remix, Custom Zoom, Vary Region)")
    p.add_argument("--mask", metavar="PNG", help="Vary Region mask: white = repaint, black = keep")
    dry_run(p)
    waiting(p)

    p = command("swap-face", "put the face of SOURCE onto TARGET")
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("target", metavar="TARGET")
    dry_run(p)
    waiting(p)

    p = command("video", "animate a start image (or extend a finished video)")
    p.add_argument("prompt", nargs="?", default="")
    p.add_argument("--image", metavar="IMAGE", help="start frame")
    p.add_argument("--end-image", metavar="IMAGE", help="end frame")
    p.add_argument("--from", dest="from_task", metavar="TASK_ID", help="extend this finished video task")
    p.add_argument("--index", type=whole(1, 4), metavar="N", help="which video of --from to extend (1-4)")
    p.add_argument("--motion", choices=("low", "high"), default="low")
    p.add_argument("--loop", action="store_true", help="end on the start frame")
    p.add_argument("--batch-size", type=int, choices=(1, 2, 4), help="videos to make")
    p.add_argument("--hd", action="store_true", help="720p instead of 480p (the account must allow HD)")
    dry_run(p)
    waiting(p)

    p = command("edit", "repaint part of an image of your own (--mask), or retexture all of it (--retexture)")
    p.add_argument("image", metavar="IMAGE")
    p.add_argument("prompt", help="what the image (or its painted area) should show")
    p.add_argument("--mask", metavar="PNG", help="white = erase and repaint, black = keep (any size: scaled)")
    p.add_argument("--retexture", action="store_true", help="keep the shapes, give them a new surface (trueai)")
    dry_run(p)
    waiting(p)

    p = command("upload", "upload images and print their URLs")
    p.add_argument("images", nargs="+", metavar="IMAGE")
    dry_run(p)

    p = command("fetch", "show tasks as the server knows them")
    p.add_argument("task_ids", nargs="+", metavar="TASK_ID")

    p = command("seed", "the seed of a finished task")
    p.add_argument("task_id", metavar="TASK_ID")

    p = command("cancel", "cancel an unfinished task (trueai, admin key)")
    p.add_argument("task_id", metavar="TASK_ID")

    p = command("test-connection", "check the key and list what the server supports")

    p = command(
        "tasks", "the server's own task history, newest first, a page at a time", handler="server_commands:tasks"
    )
    p.add_argument("--page", type=whole(*PAGE), default=1, metavar="N", help="page number, from 1")
    p.add_argument("--size", type=whole(*PAGE_SIZE), default=20, metavar="K", help="tasks per page")
    p.add_argument("--status", type=str.upper, metavar="S", help="only tasks in this state (SUCCESS, FAILURE, ...)")

    command("queue", "tasks waiting or running on the server", handler="server_commands:queue")

    command("account", "the key's quota as the server reports it", handler="server_commands:account")

    p = command(
        "import",
        "bring the server's task history into the library (once per task), downloading results",
        handler="server_commands:import_history",
    )
    p.add_argument("--pages", type=whole(*PAGE), metavar="N", help="at most N pages (default: all)")
    p.add_argument("--size", type=whole(*PAGE_SIZE), default=50, metavar="K", help="tasks per page asked")
    p.add_argument("--timeout", type=number(*TIMEOUT, "s"), default=600.0, metavar="SECONDS", help="give up waiting")

    p = command("serve-sim", "run the built-in API simulator (dialect: --dialect) until Ctrl+C")
    p.add_argument("--port", type=whole(*PORT), default=0)
    p.add_argument(
        "--speed", type=number(*SIM_SPEED, "s"), default=8.0, metavar="SECONDS", help="lifecycle of one task"
    )
    p.add_argument("--key", dest="sim_key", default="sk-demo", help="the key the simulator accepts")

    p = command("list", "jobs in the library, newest first", handler="library_commands:list_jobs")
    p.add_argument("--status", metavar="S", help="SUCCESS, FAILURE, IN_PROGRESS, ...")
    p.add_argument("--search", metavar="TEXT", help="words in the prompt")
    p.add_argument("--limit", type=whole(*LIMIT), default=50, metavar="N")
    p.add_argument("--min-rating", type=whole(0, 5), metavar="N", help="only jobs with at least N stars")
    p.add_argument(
        "--rejected",
        choices=("show", "hide", "only"),
        default="show",
        help="rejected jobs: listed (default), left out, or alone",
    )

    p = command("rate", "give jobs 1-5 stars (0 clears the rating)", handler="library_commands:rate")
    p.add_argument("jobs", nargs="+", metavar="JOB", help="job numbers from `list`, or task ids")
    p.add_argument("rating", type=whole(0, 5), metavar="N")

    p = command("reject", "mark jobs rejected (culled), or take it back", handler="library_commands:reject")
    p.add_argument("jobs", nargs="+", metavar="JOB", help="job numbers from `list`, or task ids")
    p.add_argument("--undo", action="store_true", help="take the reject back")

    p = command("show", "one job: state, prompt, lineage and files", handler="library_commands:show")
    p.add_argument("job", metavar="JOB", help="a job number from `list`, or a task id")

    p = command(
        "resume", "track every unfinished job until done, downloading results", handler="library_commands:resume"
    )
    p.add_argument("--timeout", type=number(*TIMEOUT, "s"), default=1800.0, metavar="SECONDS", help="give up waiting")
    p.add_argument(
        "--interval", type=number(*INTERVAL, "s"), metavar="SECONDS", help="poll interval (default: the job service's)"
    )

    p = command("export", "copy jobs' images and a JSON sidecar to a folder", handler="library_commands:export")
    p.add_argument("jobs", nargs="+", metavar="JOB")
    p.add_argument("--to", type=folder, required=True, metavar="DIR")
    p.add_argument(
        "--name-template",
        type=name_template,
        metavar="T",
        help="file name fields: {date} {remote} {job} {action} {kind} {index} {n} {prompt}",
    )
    p.add_argument(
        "--plain",
        action="store_true",
        help="copy the files byte for byte as the server sent them, without the prompt and ids inside",
    )

    p = command(
        "inspect",
        "the prompt, parameters, seed, ids and server written inside an image file (mjdesk, Midjourney, others)",
        handler="library_commands:inspect",
    )
    p.add_argument("file", metavar="FILE", help="a PNG, JPEG or WebP file")

    p = command(
        "batch",
        "one imagine per line of FILE ({a, b} choices and --repeat N expand into several); resumable",
        handler="library_commands:batch",
    )
    p.add_argument("file", metavar="FILE")
    dry_run(p)
    p.add_argument("--concurrency", type=whole(*CONCURRENCY), default=3, metavar="N", help="jobs running at once")
    p.add_argument("--bot", choices=("mj", "niji"))
    p.add_argument("--timeout", type=number(*TIMEOUT, "s"), default=3600.0, metavar="SECONDS")
    p.add_argument(
        "--interval", type=number(*INTERVAL, "s"), metavar="SECONDS", help="poll interval (default: the job service's)"
    )
    p.add_argument("--download", type=folder, metavar="DIR", help="copy every result here")

    p = command(
        "profile",
        "saved servers (the key goes to the OS keychain, else a private file)",
        handler="library_commands:profile",
    )
    actions = p.add_subparsers(dest="profile_command", metavar="ACTION", required=True, parser_class=_OneLineParser)
    add = actions.add_parser("add", help="save a server: --base-url URL [--dialect D]", parents=[shared])
    add.add_argument("name", type=profile_name, metavar="NAME")
    add.add_argument("--default", action="store_true", help="use it when no server is given")
    add.add_argument("--key-stdin", action="store_true", help="read the API key from standard input")
    add.add_argument("--instance", metavar="ID", help="trueai: run every job on this account instance")
    actions.add_parser("list", help="saved servers", parents=[shared])
    remove = actions.add_parser("remove", help="forget a server and its key", parents=[shared])
    remove.add_argument("name", metavar="NAME")

    p = command("costs", "what jobs cost, as recorded: per day, server or tag", handler="cost_commands:costs")
    p.add_argument("--since", type=since_date, metavar="DATE", help="YYYY-MM-DD, 'today' or 7d (the last 7 days)")
    p.add_argument("--by", choices=("day", "server", "tag"), default="day", help="one line per day, server or tag")

    p = command(
        "prices", "a server's price per job (what estimates and the ledger use)", handler="cost_commands:prices"
    )
    verbs = p.add_subparsers(dest="prices_command", metavar="ACTION", required=True, parser_class=_OneLineParser)
    verbs.add_parser("show", help="the price table of the server", parents=[shared])
    put = verbs.add_parser("set", help="set ACTION's price (PRICE 'none' removes it)", parents=[shared])
    put.add_argument("action", metavar="ACTION", help="IMAGINE, UPSCALE, VARIATION, ZOOM, VIDEO, ...")
    put.add_argument("price", metavar="PRICE")
    put.add_argument("--unit", metavar="UNIT", help="what prices are in: $, credits, quota, ...")
    get = verbs.add_parser("fetch", help="read the prices the server publishes (new-api)", parents=[shared])
    get.add_argument("--group", default="default", metavar="G", help="the price group of your key (default: default)")
    get.add_argument("--unit", choices=("$", "quota"), help="dollars (default) or new-api's quota units")

    p = command("demo", "start the simulator in-process and run every flow once")
    p.add_argument("--speed", type=number(*SIM_SPEED, "s"), default=1.5, metavar="SECONDS")
    p.add_argument("--download", type=folder, metavar="DIR", help="save the results here")
    return parser
