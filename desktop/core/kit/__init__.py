"""Small parts every room of the core shares: the clock, the keyring's names, per-user
folders, safe JSON files, calls with a time limit, and the vocabulary two rooms speak
(rule ids, the checks' ports, the text the rules judge, when a notice must wait).

The kit is the bottom layer of the core: it imports no other room."""
