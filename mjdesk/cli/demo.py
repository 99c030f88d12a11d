"""``mjdesk-cli demo`` (and ``make run`` until the window lands): every flow once, on the simulator.

The simulator runs on its own thread and the flows run through the real CLI commands, so the
demo shows exactly what a user's scripts would do.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import EXIT_OK


def _cli(base: Sequence[str], *argv: str) -> tuple[int, dict[str, Any]]:
    from . import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*base, "--json", *argv])
    if code != EXIT_OK:
        sys.stderr.write(err.getvalue())
    text = out.getvalue().strip()
    return code, (json.loads(text.splitlines()[-1]) if text else {})


def _sample_images(folder: Path) -> tuple[Path, Path]:
    from PIL import Image, ImageDraw

    paths = []
    for i, (bg, fg) in enumerate((((240, 200, 160), (60, 90, 160)), ((30, 40, 60), (240, 180, 40)))):
        img = Image.new("RGB", (640, 640), bg)
        draw = ImageDraw.Draw(img)
        draw.ellipse((160, 120, 480, 520), fill=fg)
        draw.rectangle((260, 250, 380, 300), fill=bg)
        path = folder / f"sample-{i + 1}.png"
        img.save(path)
        paths.append(path)
    return paths[0], paths[1]


def _mask_for(image: Path, folder: Path) -> Path:
    from PIL import Image, ImageDraw

    with Image.open(image) as img:
        w, h = img.size
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).rectangle((w // 4, h // 4, w * 3 // 4, h * 3 // 4), fill=255)
    path = folder / "mask.png"
    mask.save(path)
    return path


def _say(text: str) -> None:
    print(text, flush=True)


def run_demo(*, dialect: str, speed: float, download: str | None) -> int:
    from mjdesk.core.api import Dialect, Endpoint, dialect_info
    from mjdesk.sim import SimConfig
    from mjdesk.sim.thread import running_simulator

    key = "sk-demo"
    with (
        tempfile.TemporaryDirectory(prefix="mjdesk-demo-") as tmp,
        running_simulator(SimConfig(dialect=dialect, api_key=key, speed=speed)) as sim,
    ):
        folder = Path(download) if download else Path(tmp) / "results"
        work = Path(tmp)
        base = ["--base-url", sim.base_url, "--api-key", key, "--dialect", dialect]
        wait = ["--wait", "--interval", "0.3", "--timeout", "60"]
        keep = [*wait, "--download", str(folder)]
        _say(f"simulator ({dialect}) at {sim.base_url}; results go to {folder}")
        first, second = _sample_images(work)

        offered = dialect_info(Dialect(dialect)).endpoints

        def step(title: str, *argv: str, needs: Endpoint | None = None) -> dict[str, Any]:
            if needs is not None and needs not in offered:
                _say(f"  {title:<28} {'-':<10} (a {dialect} server does not offer it)")
                return {}
            code, obj = _cli(base, *argv)
            status = obj.get("status") or ("ok" if code == EXIT_OK else f"exit {code}")
            _say(f"  {title:<28} {status:<10} {obj.get('id', '')}")
            if code != EXIT_OK:
                raise SystemExit(code)
            return obj

        _say("flows:")
        step("test connection", "test-connection")
        grid = step("imagine", "imagine", "a lighthouse at dawn, watercolor --ar 3:2", *keep)
        upscale = step("U1 (upscale)", "action", grid["id"], "U1", *keep)
        upscaled_file = next(p for p in map(Path, upscale.get("savedFiles", [])) if p.exists())
        step(
            "Vary (Region) with a mask",
            "action",
            upscale["id"],
            "Vary (Region)",
            "--mask",
            str(_mask_for(upscaled_file, work)),
            "--prompt",
            "a red lighthouse",
            *keep,
        )
        step(
            "Custom Zoom 1.5x",
            "action",
            upscale["id"],
            "Custom Zoom",
            "--prompt",
            "a lighthouse at dawn --zoom 1.5",
            *keep,
        )
        described = step("describe", "describe", str(first), *wait)
        for line in (described.get("properties") or {}).get("finalPrompt", "").splitlines():
            if line.strip():
                _say(f"      {line.strip()}")
        step("blend", "blend", str(first), str(second), *keep)
        step(
            "shorten", "shorten", "a very very detailed and beautiful painting of a cat", *wait, needs=Endpoint.SHORTEN
        )
        step("swap face", "swap-face", str(first), str(second), *keep, needs=Endpoint.SWAP_FACE)
        step("video", "video", "waves rolling", "--image", str(first), *keep, needs=Endpoint.VIDEO)
        code, answer = _cli(base, "upload", str(first))
        _say(f"  {'upload':<28} {'ok' if code == EXIT_OK else code:<10} {' '.join(answer.get('urls', []))}")
        files = sorted(folder.glob("*")) if folder.exists() else []
        _say(f"done: {len(files)} files downloaded")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run_demo(dialect="new-api", speed=1.5, download=None))
