"""check --format sarif: each location's ``uri`` is a relative URI reference (RFC 3986, as
SARIF 2.1.0 §3.4.3 asks), so a path with a space, a '%' or a ':' in its first segment
is percent-encoded, and decoding it gives the path back."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

from trees import run_in, tree


def test_sarif_uris_are_percent_encoded_paths(tmp_path: Path) -> None:
    # A service directory named with a space (a "My App" folder on a laptop), and one with
    # a ':' and a '%': unencoded, "web app/.dockerignore" is no URI, "a:b/..." would read
    # as the scheme "a", and "50%25/..." would decode to another path.
    for name in ("web app", "a:b", "50%25"):
        tree(tmp_path / name, {"Dockerfile": "FROM scratch\nCOPY . /app\n",
                               ".dockerignore": "**/.git\nnode_modules\n",
                               "pkg/node_modules/x/index.js": "", "pkg/package.json": "{}"})
    code, out = run_in(tmp_path, "check", "--format", "sarif")
    assert code == 1, out
    uris = {location["physicalLocation"]["artifactLocation"]["uri"]
            for result in json.loads(out)["runs"][0]["results"]
            for location in result["locations"]}
    assert uris == {"web%20app/.dockerignore", "a%3Ab/.dockerignore", "50%2525/.dockerignore"}
    assert all((tmp_path / unquote(uri)).is_file() for uri in uris)
