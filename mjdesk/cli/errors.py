"""One-line failures with the documented exit codes."""

from __future__ import annotations

import sys

from mjdesk.core.text import printable

EXIT_OK = 0
EXIT_FAILED = 1  # the task failed or the server refused it
EXIT_USAGE = 2  # bad usage or bad input
EXIT_NETWORK = 3
EXIT_AUTH = 4


class CliError(Exception):
    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def fail(message: str, exit_code: int = EXIT_USAGE) -> int:
    # One line, no traceback: scripts grep this and designers read it. Messages quote server text
    # and file names (a name may hold a surrogate-escaped byte): printable() keeps both harmless.
    print(f"mjdesk-cli: {printable(' '.join(message.split()))}", file=sys.stderr)
    return exit_code
