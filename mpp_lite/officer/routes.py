"""Officer routes."""
