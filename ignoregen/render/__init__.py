"""Renderers: pure functions from results to text, knowing nothing of how results were found."""
