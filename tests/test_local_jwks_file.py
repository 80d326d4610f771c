"""A JSON Web Key Set generated on a developer's machine is a secret.

polarsource/polar's dev/setup-environment writes server/.jwks.json (an RSA key set with its
private members), which the server signs tokens with (POLAR_JWKS, default ./.jwks.json);
the root .gitignore lists it. server/.dockerignore meant to exclude it but spells it
'.jkws.json', and the production stage runs ``ADD . /app/server/``: the key went into the
image, and check said nothing of it."""

from __future__ import annotations

import json
from pathlib import Path

from test_check_needed import commit, make
from trees import run_in, sent

DOCKERFILE = (
    "FROM python:3.12-slim\nWORKDIR /app/server\nCOPY pyproject.toml .\n"
    "RUN pip install .\nADD . /app/server/\nCMD [\"uvicorn\", \"polar.app:app\"]\n"
)
KEY_SET = json.dumps({"keys": [{
    "kty": "RSA", "kid": "polar_dev", "use": "sig", "e": "AQAB",
    "n": "sXchWJ1b3Wd0mGq" * 20, "d": "Qb1ZpHv7LwXbN2k" * 20, "p": "zV4q" * 30,
    "q": "Rk8m" * 30,
}]})


def _server(root: Path) -> None:
    make(root, {
        ".gitignore": ".jwks.json\n",
        "server/Dockerfile": DOCKERFILE,
        "server/.dockerignore": ".venv/\n.env*\n.jkws.json\n",
        "server/pyproject.toml": "[project]\nname = \"polar\"\nversion = \"0\"\n",
        "server/polar/app.py": "app = None\n",
    })
    commit(root)


def test_check_reports_the_key_set_on_a_laptop(tmp_path: Path) -> None:
    _server(tmp_path)
    make(tmp_path, {"server/.jwks.json": KEY_SET})
    _, out = run_in(tmp_path, "check")
    assert "error IG101 server/.jwks.json: a secret file is sent" in out, out


def test_init_excludes_it(tmp_path: Path) -> None:
    _server(tmp_path)
    make(tmp_path, {"server/.jwks.json": KEY_SET})
    code, _ = run_in(tmp_path, "init")
    assert code == 0
    assert not sent(tmp_path / "server", ".jwks.json")
