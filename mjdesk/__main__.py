"""``python -m mjdesk``: the desktop app (``mjdesk-cli`` is the command-line tool)."""

import sys

from mjdesk.app import main

sys.exit(main())
