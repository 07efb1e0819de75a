"""Small shared helpers for the core: per-user folders and safe JSON files."""
