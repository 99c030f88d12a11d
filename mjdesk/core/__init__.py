"""Everything the app does, with no Qt import (see ../shared/DESIGN.md)."""
