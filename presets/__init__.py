"""Built-in presets: TOML data only, installed as the package ``ignoregen.presets``.

``ignoregen.presets`` (the module ``ignoregen/presets.py`` is the loader; this
directory is shipped under the same dotted name by the ``package-dir`` mapping in
pyproject.toml) holds one ``<name>.toml`` per preset. The schema is described in
the loader's docstring.
"""
