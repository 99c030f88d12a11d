"""Frozen entry of `mjdesk-cli`, the second executable in the same bundle."""

import sys

from mjdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
