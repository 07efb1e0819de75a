"""Check this computer: the window, the page on what is read, and the tray's monitor."""
