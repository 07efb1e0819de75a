"""Fixtures for breach lookups: a range service on 127.0.0.1 and a closed port."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.range_server import RangeServer


@pytest.fixture
def range_server() -> Iterator[RangeServer]:
    """A running range service on 127.0.0.1; add breached passwords with add_password."""
    with RangeServer() as server:
        yield server


@pytest.fixture
def refused_range_url() -> str:
    """A base URL on 127.0.0.1 where nothing listens, so connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/range/"


class FakeClock:
    """A monotonic clock that moves only when the test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def breach_clock() -> FakeClock:
    return FakeClock()
