"""The job detail panel: the image, zoomable; candidates; facts; lineage; follow-up actions."""
