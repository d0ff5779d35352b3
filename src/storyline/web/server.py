"""The uvicorn HTTP protocol storyline serves with: httptools, plus a deadline for each request's head."""

from __future__ import annotations

import asyncio
from functools import cache
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from storyline.settings import Settings


@cache
def head_seconds() -> float:
    """The request_seconds setting, read once per worker process (serve passes it in the environment)."""
    return Settings.from_env().request_seconds


class DeadlineProtocol(HttpToolsProtocol):
    """Closes a connection whose request line and headers are not complete within request_seconds.

    uvicorn's keep-alive timer runs only between requests and is reset by every byte received, so a
    client that trickles its headers (or connects and sends nothing) would hold the connection forever.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_deadline: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        self._disarm()
        self._head_deadline = self.loop.call_later(head_seconds(), self._head_too_slow)

    def _disarm(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_too_slow(self) -> None:
        self._head_deadline = None
        if not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request on this keep-alive connection gets its own deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)
