"""The translation fixtures: every test starts and ends in English, whatever ran before."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.core.kit import i18n


@pytest.fixture(autouse=True)
def english_after_each_test() -> Iterator[None]:
    """A test that activates a language (through the root or directly) cannot leak it."""
    i18n.activate(i18n.ENGLISH)
    yield
    i18n.activate(i18n.ENGLISH)
