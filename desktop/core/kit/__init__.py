"""Small parts every room of the core shares: the clock and the keyring's names."""
