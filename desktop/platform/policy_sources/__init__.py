"""policy_sources."""
