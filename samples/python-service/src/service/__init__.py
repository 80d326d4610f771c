"""A tiny sample service."""
