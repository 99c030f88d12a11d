"""Error texts blame the server only for what a server said."""

from __future__ import annotations

import pytest

from mjdesk.core.api import Dialect, ImagineRequest, MjClient, NetworkError, ServerProfile
from mjdesk.ui.texts import error_text


async def test_a_failure_to_reach_anyone_is_not_quoted_as_the_servers_words(qapp) -> None:
    profile = ServerProfile(name="x", base_url="http://127.0.0.1:1", dialect=Dialect.NEW_API)
    async with MjClient(profile, "sk-x") as client:
        client.retry_attempts = 1
        with pytest.raises(NetworkError) as caught:
            await client.submit(ImagineRequest(prompt="a cat"))
    text = error_text(caught.value)
    assert "The server said" not in text
    assert "Details:" in text
