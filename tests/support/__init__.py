"""Helpers shared by tests and benchmarks that need the real app over real HTTP."""
