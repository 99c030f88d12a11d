"""What a modal step's prompt starts with (Vary Region, Custom Zoom, Remix), for the window's dialogs
and ``mjdesk-cli action`` alike: the parent's prompt with its parameters, on every dialect."""

from __future__ import annotations

from mjdesk.core.library import JobRecord
from mjdesk.core.prompt import parse, strip_links


def server_prefill(child: JobRecord) -> str:
    """The prompt the server offers in its modal answer (``properties.finalPrompt``), maybe empty."""
    properties = (child.submit_answer or {}).get("properties") or {}
    text = properties.get("finalPrompt") if isinstance(properties, dict) else None
    return text if isinstance(text, str) else ""


def modal_prefill(child: JobRecord, parent_job: JobRecord | None) -> str:
    """What a modal's prompt box starts with, parameters included, on every dialect: the server's
    offer without the image links it put in front, else the prompt the job has by lineage (Vary
    Region's offer is empty on most servers). An offer that is only links and parameters (a blend's)
    is kept whole: without its links it would name no image at all."""
    offered = server_prefill(child).strip()
    cleaned = strip_links(offered)
    if parse(cleaned).body:
        return cleaned
    if child.prompt:
        return child.prompt
    if parent_job is not None and parse(strip_links(parent_job.prompt)).body:
        return strip_links(parent_job.prompt)  # a job recorded before follow-ups had lineage prompts
    return offered
