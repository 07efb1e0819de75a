"""Small parts every room of the core shares: the clock, the keyring's names, per-user
folders, safe JSON files and calls with a time limit."""
