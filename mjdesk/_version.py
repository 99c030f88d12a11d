# The one place the version is written: pyproject reads it (dynamic version), so the package
# metadata, `--version`, the About dialog and the installers all agree. Kept as a literal
# because importlib.metadata costs ~180 ms of start-up.
__version__ = "0.1.0"
