"""The commands as typed functions returning results; the CLI only parses and renders."""
