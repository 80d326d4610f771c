"""A committed env file whose credential-named value is a placeholder written in camel case.

teableio/teable commits plugins/.env with PLUGIN_CHART_SECRET=defaultSecretKey, the default
that plugins/src/app/api/plugin/getToken/route.ts falls back to; its Next.js build reads the
file, so init keeps it. check called it a secret that is sent (IG101, with no safe fix),
because the value was read as one word, 'defaultsecretkey'. Split at its case changes it
holds the placeholder word 'secret', as 'default_secret_key' already did. A random token
in mixed case is still a credential."""

from __future__ import annotations

from pathlib import Path

from test_check_needed import COPY_ALL, commit, make, subjects

TEABLE_PLUGINS_ENV = (
    "PORT=3002\nPLUGIN_CHART_SECRET=defaultSecretKey\n"
    "PLUGIN_TEABLE_BACKEND_BASE_URL=http://127.0.0.1:3000/api\n"
)


def test_committed_camel_case_placeholder_is_not_a_secret(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": COPY_ALL, ".dockerignore": "**/.git\n", "main.py": "",
                    "plugins/.env": TEABLE_PLUGINS_ENV})
    commit(tmp_path)
    assert subjects(tmp_path, "IG101") == []


def test_committed_mixed_case_token_is_still_a_secret(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": COPY_ALL, ".dockerignore": "**/.git\n", "main.py": "",
                    "plugins/.env": "PORT=3002\nPLUGIN_CHART_SECRET=qHv7LwXbN2kRtZ9mPd\n"})
    commit(tmp_path)
    assert subjects(tmp_path, "IG101") == ["plugins/.env"]
