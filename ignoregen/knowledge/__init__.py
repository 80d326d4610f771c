"""Language and platform knowledge: presets and configuration read from TOML, and the
classification of a context's paths into their categories."""
