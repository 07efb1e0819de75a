"""Hygiene Helper: password and device habits made easy for learners and staff."""

__version__ = "0.1.0"
APP_NAME = "Hygiene Helper"
APP_ID = "hygiene-helper"
