"""Everything the app does, with no Qt import (docs/ARCHITECTURE.md)."""
