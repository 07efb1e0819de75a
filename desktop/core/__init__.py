"""The Qt-free core: policy, password checks, history, breach lookup, reports, reminders.

Nothing under this package may import PySide6; a test checks that in a fresh interpreter.
"""
