"""Frozen entry of the desktop app; PyInstaller needs a script, the package has `mjdesk.app:main`."""

import sys

from mjdesk.app import main

if __name__ == "__main__":
    sys.exit(main())
