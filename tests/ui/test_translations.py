"""resources/mjdesk_zh_CN.ts covers every marked string in the package, each finished and non-empty.

Strings are found by an AST scan of mjdesk/ (self.tr, QCoreApplication.translate and
QT_TRANSLATE_NOOP calls with literal text), so a string added anywhere without a translation fails
here, not in front of a Chinese-speaking user.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "resources"))
from translations import marked_strings, translations  # noqa: E402  (resources/translations.py)

_PLACEHOLDER_RE = re.compile(r"\{(\w*)[^}]*\}")


def test_every_marked_string_has_a_finished_translation() -> None:
    table = translations()
    strings = marked_strings()
    assert len(strings) > 250  # the scan itself works
    missing = sorted(s for s in strings if s not in table)
    assert missing == [], "python resources/translations.py missing, translate, then add"
    unfinished = sorted(k for k, (text, kind) in table.items() if k in strings and (not text.strip() or kind))
    assert unfinished == []


def test_translations_keep_placeholders() -> None:
    for (context, source), (text, _) in translations().items():
        assert sorted(_PLACEHOLDER_RE.findall(source)) == sorted(_PLACEHOLDER_RE.findall(text)), (
            context,
            source,
        )


async def test_counts_read_naturally(make_window, library) -> None:
    """"1 job", never "1 jobs" or "1 job(s)" (issue 11)."""
    from mjdesk.core.text import plural

    from .conftest import fake_profile, until

    assert plural(1, "{count} job", "{count} jobs").format(count=1) == "1 job"
    assert plural(0, "{count} job", "{count} jobs").format(count=0) == "0 jobs"
    library.add_job(profile="t", action="IMAGINE", prompt="a fox")
    window = make_window(fake_profile())
    await until(lambda: window.gallery.count_label.text() == "1 job", what="the count of one job")
    window.gallery.model.job_changed(library.add_job(profile="t", action="IMAGINE", prompt="a hare"))
    await until(lambda: window.gallery.count_label.text() == "2 jobs", what="the count of two jobs")


def test_no_numbered_string_guesses_its_plural() -> None:
    """"(s)" reads as a placeholder to a designer: pick the form with mjdesk.core.text.plural."""
    guessed = sorted(s for s in marked_strings() if "(s)" in s[1])
    assert guessed == []
