"""The findings behind ``ignoregen check``, each with a stable ID."""
