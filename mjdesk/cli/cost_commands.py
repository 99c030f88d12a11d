"""What jobs cost: the ledger (``costs``) and a server's price table (``prices``)."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
import time
from typing import TYPE_CHECKING, Any

from mjdesk.core.text import printable

from . import output
from .errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, CliError
from .follow import run
from .session import open_library

if TYPE_CHECKING:
    from mjdesk.core.api import ServerProfile
    from mjdesk.core.costs import PriceTable
    from mjdesk.core.library import LedgerRow, Library

    from .session import Session


def _since_ms(word: str | None, now: float) -> int:
    from mjdesk.core.costs import local_day_start

    if not word:
        return 0
    today = local_day_start(now)
    if word == "today":
        return today
    if word.endswith("d"):
        start = dt.date.fromtimestamp(now) - dt.timedelta(days=int(word[:-1]) - 1)
    else:
        start = dt.date.fromisoformat(word)
    return int(dt.datetime.combine(start, dt.time()).timestamp() * 1000)


def costs(args: argparse.Namespace) -> int:
    """The ledger from the library: per day, server or tag, one line per unit."""
    from mjdesk.core.costs import format_amount

    with open_library(args) as library:
        rows = library.ledger(args.by, since_ms=_since_ms(args.since, time.time()))
    if args.json:
        output.json_line({"by": args.by, "since": args.since, "rows": [_row_json(r) for r in rows]})
        return EXIT_OK
    if not rows:
        print("no recorded costs" + (" in that time" if args.since else " yet"), file=sys.stderr)
        return EXIT_OK
    width = max(len(_key(r, args.by)) for r in rows)
    for r in rows:
        refunded = f", {r.refunded} refunded" if r.refunded else ""
        estimate = f"  (estimate {format_amount(r.estimate, r.unit)})" if abs(r.estimate - r.amount) > 1e-9 else ""
        jobs = "1 job" if r.jobs == 1 else f"{r.jobs} jobs"
        key = _key(r, args.by)
        print(printable(f"{key:<{width}}  {format_amount(r.amount, r.unit):>14}  {jobs}{refunded}{estimate}"))
    if args.by != "tag":  # a job with two tags is in two lines: their sum would count it twice
        for unit, total in _totals(rows).items():
            print(printable(f"{'total':<{width}}  {format_amount(total, unit):>14}"))
    return EXIT_OK


def _key(row: LedgerRow, by: str) -> str:
    return row.key if row.key or by != "tag" else "(untagged)"


def _totals(rows: list[LedgerRow]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for r in rows:
        totals[r.unit] = totals.get(r.unit, 0.0) + r.amount
    return totals


def _row_json(row: LedgerRow) -> dict[str, Any]:
    return {
        "key": row.key,
        "unit": row.unit,
        "amount": row.amount,
        "estimate": row.estimate,
        "jobs": row.jobs,
        "refunded": row.refunded,
    }


def _saved(library: Library, name: str) -> tuple[ServerProfile, bool]:
    from mjdesk.core import profiles

    record = library.profile(name)
    if record is None:
        raise CliError(f"prices belong to a saved profile; {name!r} is not one (see: mjdesk-cli profile add)")
    return profiles.from_record(record), record.is_default


def _profile_name(args: argparse.Namespace, library: Library) -> str:
    from .connection import resolve_profile

    return resolve_profile(args, library).name


def _store(library: Library, profile: ServerProfile, table: PriceTable, is_default: bool) -> None:
    from dataclasses import replace

    from mjdesk.core import profiles

    profiles.save(library, replace(profile, prices=table), is_default=is_default)


def _print_table(name: str, table: PriceTable, *, as_json: bool) -> None:
    from mjdesk.core.costs import format_amount

    if as_json:
        output.json_line({"profile": name, **table.to_dict()})
        return
    if not table:
        print(f"no prices for {name!r} (set one: mjdesk-cli prices set IMAGINE 0.1)", file=sys.stderr)
        return
    for action, price in sorted(table.prices.items()):
        print(printable(f"{action:<16} {format_amount(price, table.unit)}"))


def prices(args: argparse.Namespace) -> int:
    if args.prices_command == "fetch":
        return _fetch(args)
    with open_library(args) as library:
        name = _profile_name(args, library)
        profile, is_default = _saved(library, name)
        table = profile.prices
        if args.prices_command == "set":
            try:
                price = None if args.price.lower() in ("none", "-") else float(args.price)
                table = table.with_price(args.action, price)
            except ValueError as exc:
                raise CliError(str(exc), EXIT_USAGE) from None
            if args.unit is not None:
                from mjdesk.core.costs import PriceTable

                table = PriceTable(table.prices, args.unit, table.fetched_at)
            _store(library, profile, table, is_default)
        _print_table(name, table, as_json=args.json)
    return EXIT_OK


def _fetch(args: argparse.Namespace) -> int:
    from mjdesk.core.api import UnsupportedError
    from mjdesk.core.costs import PriceTable, from_new_api

    async def body(session: Session) -> int:
        assert session.profile is not None
        name = session.profile.name
        try:
            server = await session.client.pricing()
        except UnsupportedError:
            raise CliError(
                f"this server ({session.profile.dialect.value}) publishes no prices; set them: mjdesk-cli prices set",
                EXIT_FAILED,
            ) from None
        fetched = from_new_api(server, group=args.group, unit=args.unit or "$", fetched_at=time.time())
        if not fetched:
            raise CliError("the server's price list names no Midjourney prices", EXIT_FAILED)

        def save() -> PriceTable:
            profile, is_default = _saved(session.library, name)
            old = profile.prices
            # Prices typed by hand for actions the server does not price are kept (same unit).
            merged = {**old.prices, **fetched.prices} if old.unit == fetched.unit else fetched.prices
            table = PriceTable(merged, fetched.unit, fetched.fetched_at)
            _store(session.library, profile, table, is_default)
            return table

        table = await asyncio.to_thread(save)
        _print_table(name, table, as_json=args.json)
        if not args.json:
            print(f"{len(fetched.prices)} prices from the server, group {args.group!r}", file=sys.stderr)
        return EXIT_OK

    return run(args, body)
