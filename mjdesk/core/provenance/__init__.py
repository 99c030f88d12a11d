"""Provenance inside image files: prompt, parameters, seed, job and parent ids, server and dates.

Library files stay byte-identical to what the server sent (they are content-addressed); every copy
that leaves the library (gallery export, Save as, drag-out, ``mjdesk-cli export``) gets the job's
provenance written into it — PNG iTXt chunks and XMP, JPEG XMP and Exif, WebP XMP — without
re-encoding a pixel. :func:`read` understands those, Midjourney's own downloads and the
``parameters`` text of Stable Diffusion web UIs. No Pillow and no Qt: the CLI reads files fast.
"""

from __future__ import annotations

from .errors import ProvenanceError
from .files import copy_with_provenance, embed, read, read_file
from .jobs import for_image, from_job, of_job
from .model import Provenance, parameters_text

__all__ = [
    "Provenance",
    "ProvenanceError",
    "copy_with_provenance",
    "embed",
    "for_image",
    "from_job",
    "of_job",
    "parameters_text",
    "read",
    "read_file",
]
