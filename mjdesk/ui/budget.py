"""Estimates beside Submit and the daily budget guard.

The composer shows what a submit (or a matrix run) will cost by the active server's price table;
before sending, ``confirm_within_budget`` compares today's recorded spending plus the estimate with
the daily budget (Settings ▸ General) and asks when it would go over. The question is shown with
``open()`` and awaited (``dialogs/awaitable.py``), never ``exec()``; the library is read in a worker.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from mjdesk.core.costs import Estimate, format_amount, local_day_start, over_budget
from mjdesk.core.text import plural

from .dialogs.awaitable import run_dialog

if TYPE_CHECKING:
    from .services import Services


def estimate_for(services: Services, actions: Sequence[str]) -> Estimate | None:
    """What ``actions`` cost on the active server; None when it has no prices or none apply."""
    profile = services.backend.profile
    if profile is None or not profile.prices or not actions:
        return None
    estimate = profile.prices.estimate(actions)
    return estimate if estimate.per_action else None


def estimate_text(estimate: Estimate | None) -> str:
    """ "≈ 0.36 $" for one job, "9 jobs ≈ 3.24 $" for several; "" when there is nothing to say."""
    if estimate is None:
        return ""
    amount = format_amount(estimate.total, estimate.unit)
    if estimate.jobs == 1:
        text = QCoreApplication.translate("Costs", "≈ {amount}").format(amount=amount)
    else:
        text = QCoreApplication.translate("Costs", "{count} jobs ≈ {amount}").format(count=estimate.jobs, amount=amount)
    if estimate.unpriced:
        text += " " + QCoreApplication.translate("Costs", "(some without a price)")
    return text


def guard_applies(services: Services, estimate: Estimate | None) -> bool:
    """Whether a submit must first be checked against the daily budget (which reads the library)."""
    return services.settings.daily_budget > 0 and estimate is not None and estimate.total > 0


async def confirm_within_budget(services: Services, estimate: Estimate, parent: QWidget) -> bool:
    """True to send: within today's budget, or the user chose "Submit anyway"."""
    library = services.backend.library
    since = local_day_start(time.time())
    spent = await asyncio.to_thread(library.spent, since, estimate.unit)
    excess = over_budget(services.settings.daily_budget, spent, estimate)
    if excess is None:
        return True
    jobs = plural(
        estimate.jobs,
        QCoreApplication.translate("Costs", "this job"),
        QCoreApplication.translate("Costs", "these {count} jobs"),
    )
    text = QCoreApplication.translate(
        "Costs",
        "Today's spending so far is {spent}; {jobs} would add about {estimate}, {after} in all — "
        "over your daily budget of {budget}.",
    ).format(
        spent=format_amount(excess.spent, excess.unit),
        jobs=jobs.format(count=estimate.jobs),
        estimate=format_amount(excess.estimate, excess.unit),
        after=format_amount(excess.after, excess.unit),
        budget=format_amount(excess.budget, excess.unit),
    )
    box = QMessageBox(
        QMessageBox.Icon.Question, QCoreApplication.translate("Costs", "Over the daily budget"), text, parent=parent
    )
    box.setObjectName("budget-guard")
    go = box.addButton(QCoreApplication.translate("Costs", "Submit anyway"), QMessageBox.ButtonRole.AcceptRole)
    stop = box.addButton(QCoreApplication.translate("Costs", "Cancel"), QMessageBox.ButtonRole.RejectRole)
    go.setAccessibleName(QCoreApplication.translate("Costs", "Submit anyway, over the daily budget"))
    stop.setAccessibleName(QCoreApplication.translate("Costs", "Cancel the submit"))
    box.setDefaultButton(stop)
    box.setEscapeButton(stop)
    answer = await run_dialog(box, box.buttonClicked)
    return answer is not None and answer[0] is go
