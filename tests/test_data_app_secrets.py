"""The credentials of data apps: Streamlit's secrets file and the Kaggle API token.

A Streamlit app reads its keys from .streamlit/secrets.toml (``st.secrets``), which its docs
tell to keep out of git; the Kaggle client's token is kaggle.json (a user name and a key).
A data app's ``COPY . .`` on a developer's machine put both into the image, and check said
nothing. A committed secrets.toml of placeholders (a template the README explains) is
configuration, not a secret, and the build may read it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from trees import run_in, sent, tree

APP = {
    "Dockerfile": ("FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n"
                   "RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n"
                   "CMD [\"streamlit\", \"run\", \"dashboard.py\"]\n"),
    "requirements.txt": "streamlit\nkaggle\n",
    "dashboard.py": "import streamlit as st\n\nst.write(st.secrets['api_key'][:4])\n",
    ".streamlit/config.toml": "[server]\nheadless = true\n",
}


def test_a_laptop_keys_are_secrets(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    tree(tmp_path, {**APP, ".gitignore": ".streamlit/secrets.toml\nkaggle.json\n",
                    ".streamlit/secrets.toml": 'api_key = "7f3c9a0d5e1b4c2a8f6d0e9b7a5c3d1f"\n',
                    "kaggle.json": '{"username": "ana", "key": "0f1e2d3c4b5a6978a5b4c3d2e1f0"}'})
    code, out = run_in(tmp_path, "check")
    assert code == 1, out
    assert "error IG101 .streamlit/secrets.toml" in out, out
    assert "error IG101 kaggle.json" in out, out
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert not sent(tmp_path, ".streamlit/secrets.toml")
    assert not sent(tmp_path, "kaggle.json")
    assert sent(tmp_path, ".streamlit/config.toml")


def test_committed_placeholders_are_configuration(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    tree(tmp_path, {**APP, ".streamlit/secrets.toml": 'api_key = "your-api-key"\n'})
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True)
    _, out = run_in(tmp_path, "check")
    assert "IG101" not in out, out


def test_no_data_app_guard_lines_in_a_project_of_another_language(tmp_path: Path) -> None:
    # shiori (Go) lists '*.toml' and atsea '*.json' in .gitignore: the guards for the files
    # a developer's machine may hold then included Streamlit's and Kaggle's, which such a
    # project never has.
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    tree(tmp_path, {"Dockerfile": "FROM golang:1.22\nCOPY . /src\nRUN cd /src && go build .\n",
                    "go.mod": "module app\n", "main.go": "package main\n",
                    ".gitignore": "*.toml\n*.json\n"})
    code, out = run_in(tmp_path, "init", "--dry-run")
    assert code == 0, out
    assert "streamlit" not in out
    assert "kaggle" not in out
