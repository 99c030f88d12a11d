"""A test fails when something logs an ERROR it did not expect (as in qutebrowser's suite).

An ERROR record means a failure the user would see or a bug the code caught and swallowed (a
handler that crashed, a task that died): a passing test must not hide one. A test that provokes
errors on purpose says so with ``@pytest.mark.allow_error_logs``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

MARKER = "allow_error_logs"


class ErrorRecords(logging.Handler):
    """Collects ERROR and CRITICAL records from every logger that propagates to the root."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def describe(self) -> str:
        lines = []
        for record in self.records:
            line = f"  {record.levelname} {record.name}: {record.getMessage()}"
            if record.exc_info and record.exc_info[1] is not None:
                line += f" ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"
            lines.append(line)
        return "\n".join(lines)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}: the test provokes ERROR log records on purpose")


@pytest.fixture(autouse=True)
def fail_on_error_logs(request: pytest.FixtureRequest) -> Iterator[ErrorRecords]:
    collector = ErrorRecords()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield collector
    finally:
        root.removeHandler(collector)
    if collector.records and request.node.get_closest_marker(MARKER) is None:
        pytest.fail(
            f"unexpected ERROR log records (mark the test @pytest.mark.{MARKER} if they are meant):\n"
            + collector.describe(),
            pytrace=False,
        )
