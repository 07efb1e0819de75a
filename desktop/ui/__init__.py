"""Everything with Qt in it: windows, the tray, the wizard and their glue."""
