"""The small HTTP/1.1 server under the simulator, spoken to over raw sockets."""

from __future__ import annotations

import asyncio

from .helpers import StartSim


async def _exchange(port: int, raw: bytes) -> tuple[asyncio.StreamReader, asyncio.StreamWriter, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(raw)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    return reader, writer, head


async def _read_body(reader: asyncio.StreamReader, head: bytes) -> bytes:
    length = next(
        int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
    )
    return await reader.readexactly(length)


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


async def test_keep_alive_then_connection_close(start_sim: StartSim) -> None:
    sim, _ = await start_sim("midjourney-proxy", api_key="")
    request = b"GET /mj/task/list HTTP/1.1\r\nHost: x\r\n\r\n"
    reader, writer, head = await _exchange(_port(sim.base_url), request)
    assert head.startswith(b"HTTP/1.1 200") and b"Connection: keep-alive" in head
    assert await _read_body(reader, head) == b"[]"
    writer.write(b"GET /mj/task/list HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    head = await reader.readuntil(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200") and b"Connection: close" in head
    await _read_body(reader, head)
    assert await reader.read() == b""  # the server closed its side
    writer.close()


async def test_http_1_0_closes_after_the_answer(start_sim: StartSim) -> None:
    sim, _ = await start_sim("midjourney-proxy", api_key="")
    reader, writer, head = await _exchange(_port(sim.base_url), b"GET /mj/task/list HTTP/1.0\r\n\r\n")
    assert b"Connection: close" in head
    await _read_body(reader, head)
    assert await reader.read() == b""
    writer.close()


async def test_oversized_body_is_413_and_logged(start_sim: StartSim) -> None:
    sim, client = await start_sim("trueai", max_body_bytes=1000)
    r = await client.post("/mj/submit/imagine", json={"prompt": "x" * 2000})
    assert r.status_code == 413
    assert sim.requests[-1].status == 413 and not sim.tasks
    assert (await client.post("/mj/submit/imagine", json={"prompt": "small"})).json()["code"] == 1


async def test_chunked_body(start_sim: StartSim) -> None:
    sim, _ = await start_sim("midjourney-proxy", api_key="")
    body = b'{"prompt": "chunked cat"}'
    raw = (
        b"POST /mj/submit/imagine HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Type: application/json\r\n\r\n"
        + f"{len(body[:10]):x}\r\n".encode()
        + body[:10]
        + b"\r\n"
        + f"{len(body[10:]):x}\r\n".encode()
        + body[10:]
        + b"\r\n0\r\n\r\n"
    )
    reader, writer, head = await _exchange(_port(sim.base_url), raw)
    assert head.startswith(b"HTTP/1.1 200") and b'"code":1' in await _read_body(reader, head)
    assert [t.prompt for t in sim.tasks.values()] == ["chunked cat"]
    writer.close()


async def test_malformed_request_line_is_400(start_sim: StartSim) -> None:
    sim, _ = await start_sim("midjourney-proxy")
    _reader, writer, head = await _exchange(_port(sim.base_url), b"NONSENSE\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400")
    writer.close()


async def test_stop_closes_idle_keep_alive_connections(start_sim: StartSim) -> None:
    sim, _ = await start_sim("midjourney-proxy", api_key="")
    reader, writer, head = await _exchange(_port(sim.base_url), b"GET /mj/task/list HTTP/1.1\r\nHost: x\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200") and b"Connection: keep-alive" in head
    await _read_body(reader, head)
    await asyncio.wait_for(sim.stop(), 3)
    assert await asyncio.wait_for(reader.read(), 3) == b""
    writer.close()


async def test_oversized_headers_are_431(start_sim: StartSim) -> None:
    sim, _ = await start_sim("midjourney-proxy", api_key="")
    raw = b"GET /mj/task/list HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n"
    _reader, writer, head = await _exchange(_port(sim.base_url), raw)
    assert head.startswith(b"HTTP/1.1 431")
    writer.close()


async def test_an_oversized_chunked_body_is_413_without_reading_it_all(start_sim: StartSim) -> None:
    sim, _ = await start_sim("trueai", max_body_bytes=1000)
    chunk = b"x" * 800
    raw = (
        b"POST /mj/submit/imagine HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        + b"Authorization: sk-test\r\n\r\n"
        + (f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n") * 2
    )
    _reader, writer, head = await _exchange(_port(sim.base_url), raw)
    assert head.startswith(b"HTTP/1.1 413") and b"Connection: close" in head
    assert sim.requests[-1].status == 413 and not sim.tasks
    writer.close()


async def test_a_request_cut_off_in_its_body_is_dropped_quietly(start_sim: StartSim) -> None:
    sim, _ = await start_sim("midjourney-proxy", api_key="")
    reader, writer = await asyncio.open_connection("127.0.0.1", _port(sim.base_url))
    writer.write(b'POST /mj/submit/imagine HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"prompt"')
    await writer.drain()
    writer.write_eof()
    assert await asyncio.wait_for(reader.read(), 3) == b""  # no answer, no task, no error log
    assert not sim.tasks
    writer.close()
