"""The Vary Region mask painter: a widget-free mask document, its view, and the dialog."""
