"""The desktop application: entry point (``main``), logging, languages, start-up and the demo.

Importing this package stays cheap (no Qt, no asyncio): the start-up benchmark and the frozen
launcher import it before the window exists.
"""

from mjdesk.app.i18n import LANGUAGES, install_translators, qm_path
from mjdesk.app.logs import LOG_BYTES, rotating_logs, setup_logging
from mjdesk.app.main import main, parse_args
from mjdesk.app.startup import EXIT_STARTUP, startup_problem

__all__ = [
    "EXIT_STARTUP",
    "LANGUAGES",
    "LOG_BYTES",
    "install_translators",
    "main",
    "parse_args",
    "qm_path",
    "rotating_logs",
    "setup_logging",
    "startup_problem",
]
