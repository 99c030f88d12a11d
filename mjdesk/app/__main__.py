"""``python -m mjdesk.app``: the desktop app, as the ``mjdesk`` script starts it."""

import sys

from mjdesk.app.main import main

sys.exit(main())
