"""Clients of the APIs we depend on, each with its own resilience policy."""
