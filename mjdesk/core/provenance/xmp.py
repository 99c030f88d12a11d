"""The XMP packet: written for exiftool, Bridge, Lightroom and Eagle; read strictly.

Reading refuses any document type declaration before the parser sees it: XMP never has one, and
that is where entity bombs and external entities (XXE) live. What is left is parsed by expat with
no DTD, so an undefined entity is a parse error, not a fetch.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from .model import Provenance, clean, parameters_of, split_midjourney_description

MAX_XMP_BYTES = 1 << 20

NS_X = "adobe:ns:meta/"
NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_XMP = "http://ns.adobe.com/xap/1.0/"
NS_EXIF = "http://ns.adobe.com/exif/1.0/"
NS_IPTC_EXT = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
NS_MJDESK = "urn:mjdesk:provenance:1.0/"
# IPTC's term for "made by a generative model": what Midjourney, Adobe and Google write too.
AI_SOURCE_TYPE = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"

# Provenance field → its mjdesk: property, for the simple (text) fields.
_SIMPLE = (
    ("prompt", "Prompt"),
    ("final_prompt", "FinalPrompt"),
    ("seed", "Seed"),
    ("job_id", "Job"),
    ("task_id", "Task"),
    ("parent_job_id", "ParentJob"),
    ("parent_task_id", "ParentTask"),
    ("action", "Action"),
    ("button", "Button"),
    ("image", "Image"),
    ("server", "Server"),
    ("dialect", "Dialect"),
    ("created", "Created"),
    ("finished", "Finished"),
    ("software", "Software"),
)
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _text(value: object, limit: int) -> str:
    # A raw CR would come back as LF (XML normalises line ends); quotes for attribute use.
    return escape(clean(str(value), limit), {"\r": "&#13;", '"': "&quot;"})


def build(p: Provenance, *, text_limit: int = 20_000) -> bytes:
    """An XMP packet (UTF-8) for ``p``; ``text_limit`` bounds each text (a JPEG segment holds 64 KB)."""
    props: list[str] = []
    if p.prompt:
        props.append(
            "<dc:description><rdf:Alt>"
            f'<rdf:li xml:lang="x-default">{_text(p.prompt, text_limit)}</rdf:li>'
            "</rdf:Alt></dc:description>"
        )
    if p.software:
        props.append(f"<xmp:CreatorTool>{_text(p.software, 200)}</xmp:CreatorTool>")
    if p.created:
        props.append(f"<xmp:CreateDate>{_text(p.created, 100)}</xmp:CreateDate>")
    props.append(f"<Iptc4xmpExt:DigitalSourceType>{AI_SOURCE_TYPE}</Iptc4xmpExt:DigitalSourceType>")
    for name, prop in _SIMPLE:
        value = getattr(p, name)
        if value is None or value == "":
            continue
        props.append(f"<mjdesk:{prop}>{_text(value, text_limit)}</mjdesk:{prop}>")
    if p.parameters:
        items = "".join(
            '<rdf:li rdf:parseType="Resource">'
            f"<mjdesk:Name>{_text(n, 100)}</mjdesk:Name><mjdesk:Value>{_text(v, 2000)}</mjdesk:Value>"
            "</rdf:li>"
            for n, v in p.parameters
        )
        props.append(f"<mjdesk:Parameters><rdf:Seq>{items}</rdf:Seq></mjdesk:Parameters>")
    body = "\n   ".join(props)
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        f'<x:xmpmeta xmlns:x="{NS_X}" x:xmptk="{_text(p.software or "mjdesk", 200)}">\n'
        f' <rdf:RDF xmlns:rdf="{NS_RDF}">\n'
        '  <rdf:Description rdf:about=""\n'
        f'    xmlns:dc="{NS_DC}"\n'
        f'    xmlns:xmp="{NS_XMP}"\n'
        f'    xmlns:Iptc4xmpExt="{NS_IPTC_EXT}"\n'
        f'    xmlns:mjdesk="{NS_MJDESK}">\n'
        f"   {body}\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")


def parse(data: bytes) -> Provenance | None:
    """What an XMP packet says about how the image was made; None when it says nothing of use or is
    refused (too large, a DTD, not well-formed)."""
    element = _parse_xml(data)
    if element is None:
        return None
    values: dict[str, str] = {}
    description = ""
    creator = ""
    created = ""
    parameters: list[tuple[str, str]] = []
    for desc in element.iter(f"{{{NS_RDF}}}Description"):
        for key, value in desc.attrib.items():  # simple properties may be written as attributes
            if key.startswith(f"{{{NS_MJDESK}}}"):
                values[key[len(NS_MJDESK) + 2 :]] = value
            elif key == f"{{{NS_XMP}}}CreatorTool":
                creator = value
            elif key == f"{{{NS_XMP}}}CreateDate":
                created = value
        for child in desc:
            tag = child.tag
            if tag == f"{{{NS_DC}}}description":
                description = description or _alt_text(child)
            elif tag == f"{{{NS_EXIF}}}UserComment" and not description:
                description = _alt_text(child)
            elif tag == f"{{{NS_XMP}}}CreatorTool":
                creator = child.text or ""
            elif tag == f"{{{NS_XMP}}}CreateDate":
                created = child.text or ""
            elif tag == f"{{{NS_MJDESK}}}Parameters":
                parameters = _parameters(child)
            elif isinstance(tag, str) and tag.startswith(f"{{{NS_MJDESK}}}"):
                values[tag[len(NS_MJDESK) + 2 :]] = child.text or ""
    fields: dict[str, Any] = {}
    for name, prop in _SIMPLE:
        raw = values.get(prop)
        if raw is None or not raw.strip():
            continue
        if name in ("job_id", "parent_job_id"):
            fields[name] = int(raw) if raw.strip().isdigit() and len(raw.strip()) < 18 else None
        else:
            fields[name] = clean(raw, 1000 if name not in ("prompt", "final_prompt") else 20_000) or None
    task_from_description = None
    if description and "prompt" not in fields:
        description, task_from_description = split_midjourney_description(clean(description))
        fields["prompt"] = description
    if task_from_description and "task_id" not in fields:
        fields["task_id"] = task_from_description
    if "software" not in fields and creator:
        fields["software"] = clean(creator, 200)
    if "created" not in fields and created:
        fields["created"] = clean(created, 100)
    if not fields.get("prompt") and not fields.get("task_id") and not fields.get("job_id"):
        return None
    prompt = fields.pop("prompt", "") or ""
    mine = bool(values) or str(fields.get("software") or "").startswith("mjdesk")
    source = "mjdesk" if mine else "midjourney" if task_from_description else "xmp"
    return Provenance(prompt=prompt, parameters=tuple(parameters) or parameters_of(prompt), source=source, **fields)


def _parse_xml(data: bytes) -> ET.Element | None:
    if len(data) > MAX_XMP_BYTES or _DOCTYPE.search(data):
        return None
    data = data.rstrip(b"\x00 \r\n\t")
    try:
        parser = ET.XMLParser()
        parser.feed(data)
        return parser.close()
    except (ET.ParseError, ValueError, RecursionError):
        return None


def _alt_text(element: ET.Element) -> str:
    """The x-default (else the first) text of an rdf:Alt, or the element's own text."""
    items = list(element.iter(f"{{{NS_RDF}}}li"))
    if not items:
        return element.text or ""
    for item in items:
        if item.get("{http://www.w3.org/XML/1998/namespace}lang") == "x-default":
            return item.text or ""
    return items[0].text or ""


def _parameters(element: ET.Element) -> list[tuple[str, str]]:
    out = []
    for item in element.iter(f"{{{NS_RDF}}}li"):
        name = item.find(f"{{{NS_MJDESK}}}Name")
        value = item.find(f"{{{NS_MJDESK}}}Value")
        if name is not None and name.text:
            out.append((clean(name.text, 100), clean(value.text if value is not None else "", 2000)))
        if len(out) >= 200:
            break
    return out
