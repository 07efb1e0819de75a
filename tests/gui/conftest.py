"""Window fixtures, loaded only when the Qt tests are collected."""

from tests.fixtures_ui import check_window_factory  # noqa: F401
