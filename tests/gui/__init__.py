"""Tests that need Qt: windows, the tray, the wizard. Every test here is marked ``gui``."""
