"""The suite's own rules fail a test that breaks them: an unexpected ERROR log, a Python warning,
a Qt warning. Each runs a tiny test file in a child pytest with this repository's configuration."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    """A child test run under this project's pytest configuration and top-level conftest."""
    shutil.copy(ROOT / "pyproject.toml", pytester.path / "pyproject.toml")
    tests = pytester.path / "tests"
    (tests / "support").mkdir(parents=True)
    (tests / "__init__.py").write_text("")
    (tests / "support" / "__init__.py").write_text("")
    shutil.copy(ROOT / "tests" / "support" / "error_logs.py", tests / "support" / "error_logs.py")
    shutil.copy(ROOT / "tests" / "conftest.py", tests / "conftest.py")
    return pytester


def _run(suite: pytest.Pytester, body: str) -> pytest.RunResult:
    (suite.path / "tests" / "test_rule.py").write_text(body)
    return suite.runpytest_subprocess("-p", "no:cacheprovider", "-q", "tests/test_rule.py", timeout=120)


def test_an_unexpected_error_log_fails_the_test(suite: pytest.Pytester) -> None:
    result = _run(
        suite,
        "import logging\n"
        "def test_swallows_a_failure():\n"
        "    logging.getLogger('mjdesk.jobs').error('download failed: %s', 'disk full')\n",
    )
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*unexpected ERROR log records*", "*ERROR mjdesk.jobs: download failed: disk full*"])


def test_a_test_may_declare_the_errors_it_provokes(suite: pytest.Pytester) -> None:
    result = _run(
        suite,
        "import logging, pytest\n"
        "@pytest.mark.allow_error_logs\n"
        "def test_provokes_one():\n"
        "    logging.getLogger('mjdesk.sim').error('handler failed')\n"
        "def test_warnings_are_not_errors():\n"
        "    logging.getLogger('mjdesk').warning('slow server')\n",
    )
    result.assert_outcomes(passed=2)


def test_a_python_warning_fails_the_test(suite: pytest.Pytester) -> None:
    result = _run(
        suite,
        "import warnings\ndef test_warns():\n    warnings.warn('old API', DeprecationWarning, stacklevel=1)\n",
    )
    result.assert_outcomes(failed=1)


def test_a_qt_warning_fails_the_test(suite: pytest.Pytester) -> None:
    result = _run(
        suite,
        "from PySide6.QtCore import qWarning\n"
        "def test_qt_warns(qapp):\n"
        "    qWarning('QPainter::begin: Paint device returned engine == 0')\n",
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*QPainter::begin*"])
