"""Provenance written into PNG, JPEG and WebP files and read back: by us, by Pillow, by an XML parser."""

from __future__ import annotations

import io
import struct
import time
import zlib
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, PngImagePlugin

from mjdesk.core.provenance import Provenance, ProvenanceError, copy_with_provenance, embed, read, read_file
from mjdesk.core.provenance import png as png_mod
from mjdesk.core.provenance.model import parameters_of

PROMPT = "a lighthouse in a storm, oil on canvas --ar 16:9 --v 7 --stylize 250"
PROV = Provenance(
    prompt=PROMPT,
    final_prompt="a lighthouse in a storm, oil on canvas --ar 16:9 --v 7 --stylize 250 --relax",
    parameters=parameters_of(PROMPT),
    seed="3512",
    job_id=7,
    task_id="1735000000000001",
    parent_job_id=5,
    parent_task_id="1735000000000000",
    action="UPSCALE",
    button="MJ::JOB::upsample::2::9c1",
    image="upscale",
    server="Studio gateway",
    dialect="new-api",
    created="2026-01-02T10:00:00+00:00",
    finished="2026-01-02T10:01:00+00:00",
    software="mjdesk 0.1.0",
)
NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "mjdesk": "urn:mjdesk:provenance:1.0/",
}


def picture(fmt: str, mode: str = "RGB", size: tuple[int, int] = (96, 64), **options: object) -> bytes:
    image = Image.new(mode, size)
    image.putdata(
        [(x * 7 % 256, y * 11 % 256, (x * y) % 256, 200)[: len(mode)] for y in range(size[1]) for x in range(size[0])]
    )
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def pixels(data: bytes) -> tuple[str, tuple[int, int], bytes]:
    with Image.open(io.BytesIO(data)) as im:
        return im.mode, im.size, im.tobytes()


def xmp_root(packet: bytes | str) -> ET.Element:
    return ET.fromstring(packet if isinstance(packet, bytes) else packet.encode("utf-8"))


def check_xmp(packet: bytes | str) -> None:
    """What exiftool and Bridge read: a well-formed x:xmpmeta with dc:description and our namespace."""
    root = xmp_root(packet)
    assert root.tag == "{adobe:ns:meta/}xmpmeta"
    desc = root.find("rdf:RDF/rdf:Description", NS)
    assert desc is not None
    assert desc.find("dc:description/rdf:Alt/rdf:li", NS).text == PROMPT
    assert desc.find("xmp:CreatorTool", NS).text == "mjdesk 0.1.0"
    assert desc.find("xmp:CreateDate", NS).text == "2026-01-02T10:00:00+00:00"
    assert desc.find("mjdesk:Seed", NS).text == "3512"
    assert desc.find("mjdesk:Task", NS).text == "1735000000000001"
    assert desc.find("mjdesk:ParentTask", NS).text == "1735000000000000"
    assert desc.find("mjdesk:Server", NS).text == "Studio gateway"
    names = [li.find("mjdesk:Name", NS).text for li in desc.findall("mjdesk:Parameters/rdf:Seq/rdf:li", NS)]
    assert names == ["ar", "v", "stylize"]


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "P"])
def test_png_carries_it_in_text_chunks_and_xmp_with_the_pixels_untouched(mode: str) -> None:
    src = picture("PNG", "RGB") if mode != "RGBA" else picture("PNG", "RGBA")
    if mode == "P":
        src_im = Image.open(io.BytesIO(src)).convert("P")
        buf = io.BytesIO()
        src_im.save(buf, "PNG")
        src = buf.getvalue()
    out = embed(src, PROV)
    assert pixels(out) == pixels(src)
    with Image.open(io.BytesIO(out)) as im:
        # Before the image data: Pillow's info has them without decoding a pixel.
        assert im.info["Description"] == PROMPT
        text = im.text
    assert text["parameters"].startswith(PROMPT + "\n")
    assert "Seed: 3512" in text["parameters"] and "Task: 1735000000000001" in text["parameters"]
    assert "Server: Studio gateway" in text["parameters"]
    assert text["Software"] == "mjdesk 0.1.0"
    check_xmp(text["XML:com.adobe.xmp"])
    assert read(out) == PROV


def test_png_chunks_have_valid_crcs_and_are_not_duplicated_when_written_twice() -> None:
    once = embed(picture("PNG"), PROV)
    twice = embed(once, Provenance(prompt="another prompt", software="mjdesk 0.1.0"))
    pos, keywords = 8, []
    while pos < len(twice):
        length, kind = struct.unpack(">I", twice[pos : pos + 4])[0], twice[pos + 4 : pos + 8]
        body = twice[pos + 8 : pos + 8 + length]
        assert struct.unpack(">I", twice[pos + 8 + length : pos + 12 + length])[0] == zlib.crc32(kind + body)
        if kind == b"iTXt":
            keywords.append(body.split(b"\0")[0].decode())
        pos += 12 + length
    assert sorted(keywords) == sorted(set(keywords))
    assert read(twice).prompt == "another prompt"


def test_jpeg_carries_xmp_and_exif_without_recompression() -> None:
    src = picture("JPEG", quality=85)
    out = embed(src, PROV)
    # The entropy-coded data is the same bytes: only segments were added.
    assert out.endswith(src[src.index(b"\xff\xda") :])
    assert pixels(out) == pixels(src)
    with Image.open(io.BytesIO(out)) as im:
        check_xmp(im.info["xmp"])
        exif = im.getexif()
    assert exif[0x010E] == PROMPT
    comment = exif.get_ifd(0x8769)[0x9286]
    assert comment.startswith(b"UNICODE\0") and "Seed: 3512" in comment[8:].decode("utf-16-be")
    assert read(out) == PROV


def test_jpeg_keeps_its_own_exif_and_replaces_an_older_xmp() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated: the orientation must survive
    src = picture("JPEG", exif=exif, xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>")
    out = embed(src, PROV)
    with Image.open(io.BytesIO(out)) as im:
        assert im.getexif()[0x0112] == 6
        check_xmp(im.info["xmp"])
    assert out.count(b"http://ns.adobe.com/xap/1.0/\0") == 1
    assert pixels(out) == pixels(src)


def test_a_long_chinese_prompt_still_fits_one_jpeg_segment() -> None:
    long = Provenance(prompt="灯塔在暴风雨中，油画，" * 2000 + " --ar 2:3", software="mjdesk 0.1.0")
    out = embed(picture("JPEG"), long)
    with Image.open(io.BytesIO(out)) as im:
        xmp_root(im.info["xmp"])  # well-formed although cut
    assert read(out).prompt.startswith("灯塔在暴风雨中")


@pytest.mark.parametrize(
    ("options", "mode"),
    [
        ({"quality": 80}, "RGB"),
        ({"lossless": True}, "RGBA"),
        ({"quality": 80, "exif": b"Exif\0\0MM\0*\0\0\0\x08\0\0"}, "RGBA"),
    ],
    ids=["lossy-simple", "lossless-alpha", "extended"],
)
def test_webp_gets_an_xmp_chunk(options: dict[str, object], mode: str) -> None:
    src = picture("WEBP", mode, **options)
    out = embed(src, PROV)
    assert pixels(out) == pixels(src)
    with Image.open(io.BytesIO(out)) as im:
        check_xmp(im.info["xmp"])
    assert read(out) == PROV


def test_midjourney_download_gives_its_prompt_job_id_and_author() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_itxt("Description", "a red fox in snow --ar 3:2 --v 6.1 Job ID: 0c3f9a4e-1b2c-4d5e-8f90-123456789abc")
    info.add_text("Author", "designer_42")
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG", pnginfo=info)
    found = read(buf.getvalue())
    assert found is not None
    assert found.prompt == "a red fox in snow --ar 3:2 --v 6.1"
    assert found.task_id == "0c3f9a4e-1b2c-4d5e-8f90-123456789abc"
    assert found.author == "designer_42" and found.source == "midjourney"
    assert ("ar", "3:2") in found.parameters


def test_stable_diffusion_parameters_give_the_prompt_and_seed() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text(
        "parameters",
        "masterpiece, a castle on a hill\nwith fog\nNegative prompt: blurry, lowres\n"
        'Steps: 30, Sampler: DPM++ 2M, CFG scale: 7, Seed: 1234567, Size: 512x768, Model: "sd, xl"',
    )
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG", pnginfo=info)
    found = read(buf.getvalue())
    assert found is not None and found.source == "a1111"
    assert found.prompt == "masterpiece, a castle on a hill\nwith fog"
    assert found.seed == "1234567"


def test_a_prompt_whose_last_line_has_a_colon_is_not_taken_for_parameters() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("parameters", "a poster\ntitle: THE END")
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG", pnginfo=info)
    assert read(buf.getvalue()).prompt == "a poster\ntitle: THE END"


def test_jpeg_with_stable_diffusion_user_comment() -> None:
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9286] = b"UNICODE\0" + "a foggy harbour\nSteps: 20, Seed: 99".encode("utf-16-be")
    found = read(picture("JPEG", exif=exif))
    assert found is not None and found.prompt == "a foggy harbour" and found.seed == "99"


def test_files_without_provenance_say_none() -> None:
    assert read(picture("PNG")) is None
    assert read(picture("JPEG")) is None
    assert read(picture("WEBP")) is None
    assert read(picture("GIF")) is None
    assert read(b"") is None


def test_formats_that_cannot_carry_it_are_copied_as_they_are(tmp_path) -> None:
    gif = tmp_path / "a.gif"
    gif.write_bytes(picture("GIF"))
    assert copy_with_provenance(gif, tmp_path / "out.gif", PROV) is False
    assert (tmp_path / "out.gif").read_bytes() == gif.read_bytes()
    with pytest.raises(ProvenanceError):
        embed(gif.read_bytes(), PROV)
    src = tmp_path / "a.png"
    src.write_bytes(picture("PNG"))
    assert copy_with_provenance(src, tmp_path / "out.png", PROV) is True
    assert read_file(tmp_path / "out.png") == PROV


@pytest.mark.parametrize("cut", [20, 40, -20])
def test_a_truncated_png_is_refused_when_embedding(cut: int) -> None:
    data = picture("PNG")
    with pytest.raises(ProvenanceError):
        embed(data[:cut], PROV)


# -- hostile files ----------------------------------------------------------------------------------


def _png_with(*chunks: bytes) -> bytes:
    good = picture("PNG", size=(4, 4))
    iend = good.rindex(b"IEND") - 4
    return good[:iend] + b"".join(chunks) + good[iend:]


def test_a_huge_text_chunk_is_skipped_not_loaded() -> None:
    huge = png_mod.chunk(b"tEXt", b"Description\0" + b"x" * (3 << 20))
    small = png_mod.itxt("parameters", "a small prompt\nSeed: 1, Steps: 2")
    started = time.perf_counter()
    found = read(_png_with(huge, small))
    assert found is not None and found.prompt == "a small prompt"
    assert time.perf_counter() - started < 2


def test_a_declared_length_beyond_the_file_ends_the_reading() -> None:
    bogus = struct.pack(">I", 0x7FFFFFF0) + b"iTXt" + b"Description\0\0\0\0\0abc"
    good = picture("PNG", size=(4, 4))
    assert read(good[:33] + bogus) is None


def test_a_compression_bomb_is_refused() -> None:
    bomb = zlib.compress(b"a" * (64 << 20), 9)  # 64 MB of text in ~64 KB
    chunk = png_mod.chunk(b"zTXt", b"Description\0\0" + bomb)
    started = time.perf_counter()
    assert read(_png_with(chunk)) is None
    assert time.perf_counter() - started < 2


def test_a_broken_xmp_packet_does_not_hide_the_description() -> None:
    broken = png_mod.itxt("XML:com.adobe.xmp", "<x:xmpmeta><rdf:RDF><unclosed>")
    desc = png_mod.itxt("Description", "a quiet lake")
    assert read(_png_with(broken, desc)).prompt == "a quiet lake"
    assert read(_png_with(broken)) is None


@pytest.mark.parametrize(
    "packet",
    [
        # billion laughs
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;'
        '&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>&lol3;</dc:description>'
        "</rdf:Description></rdf:RDF></x:xmpmeta>",
        # external entity (XXE)
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>&xxe;</dc:description>'
        "</rdf:Description></rdf:RDF></x:xmpmeta>",
        # an entity that was never declared
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>&undeclared;'
        "</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>",
    ],
    ids=["billion-laughs", "xxe", "undeclared-entity"],
)
def test_xmp_with_entities_is_refused(packet: str) -> None:
    png_file = _png_with(png_mod.itxt("XML:com.adobe.xmp", packet))
    jpeg_file = picture("JPEG", xmp=packet.encode())
    for data in (png_file, jpeg_file):
        started = time.perf_counter()
        assert read(data) is None
        assert time.perf_counter() - started < 1


def test_a_deeply_nested_xmp_is_handled() -> None:
    deep = '<x:xmpmeta xmlns:x="adobe:ns:meta/">' + "<a>" * 50_000 + "</a>" * 50_000 + "</x:xmpmeta>"
    assert read(_png_with(png_mod.itxt("XML:com.adobe.xmp", deep))) is None


def test_control_characters_from_a_file_do_not_reach_the_prompt() -> None:
    desc = png_mod.itxt("Description", "a cat\x1b[31m in red\x07")
    assert read(_png_with(desc)).prompt == "a cat[31m in red"


# -- properties --------------------------------------------------------------------------------------

HEADS = [picture("PNG", size=(4, 4)), picture("JPEG", size=(8, 8)), picture("WEBP", size=(8, 8))]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([0, 1, 2]), st.binary(max_size=400), st.integers(min_value=0, max_value=600))
def test_reading_any_mangled_file_never_raises(which: int, noise: bytes, at: int) -> None:
    base = embed(HEADS[which], PROV)
    at = min(at, len(base))
    mangled = base[:at] + noise + base[at + len(noise) :]
    result = read(mangled)
    assert result is None or isinstance(result, Provenance)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_reading_random_bytes_after_a_signature_never_raises(noise: bytes) -> None:
    for head in (b"\x89PNG\r\n\x1a\n", b"\xff\xd8", b"RIFF\0\0\0\0WEBP"):
        result = read(head + noise)
        assert result is None or isinstance(result, Provenance)


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=300), st.text(max_size=40))
def test_any_prompt_and_server_name_survive_a_round_trip(prompt: str, server: str) -> None:
    from mjdesk.core.provenance.model import clean

    p = Provenance(prompt=prompt, server=server or None, software="mjdesk 0.1.0")
    for data in HEADS:
        found = read(embed(data, p))
        if not clean(prompt).strip():
            continue
        assert found is not None
        assert found.prompt == clean(prompt)
        assert found.server == (clean(server) if clean(server).strip() else None)
