"""The lineage tree: a job's whole family drawn and walkable, a step restored into the composer,
a chain run again (``window.LineageWindow``)."""
