"""The Qt Widgets user interface: the only Qt code apart from the entry point (mjdesk.app)."""
