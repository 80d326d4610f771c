"""IG104 guessed build output beside a marker that is a part of a Python package.

localstack/localstack's root .gitignore lists ``.eggs/``; check said
``localstack-core/localstack/logging/.eggs`` would be sent on a developer's machine,
because ``localstack/logging/setup.py`` looks like a setuptools script. It is a module of
the package (the directory holds ``__init__.py``): nothing writes ``.eggs`` there.
dgtlmoon/changedetection.io's root .gitignore lists ``dist/`` (Python packaging); check
said ``changedetectionio/static/styles/dist`` would be sent, because the package's
stylesheets hold a package.json, whose only script compiles the SCSS in place. (The same
for paperless-ngx's ``src/paperless_mail/templates``, a tailwind package.json.) A marker at
or below a package of the project's code, under the gitignore line's own directory, is no
project whose build writes there; a Node project beside the package still gets its guess.
"""

from __future__ import annotations

from pathlib import Path

from test_init_exception_scope import _repository
from trees import run_in

LOCALSTACK = {
    ".gitignore": ".eggs/\n.venv\n",
    ".dockerignore": "**/.git\n.venv\n",
    "pyproject.toml": '[project]\nname = "ls"\nversion = "1"\n',
    "Dockerfile": "FROM python:3.12\nWORKDIR /opt/code\nADD pyproject.toml ./\n"
                  "ADD core/ ./core/\nRUN pip install -e .\n",
    "core/pkg/__init__.py": "\n",
    "core/pkg/logging/__init__.py": "\n",
    "core/pkg/logging/setup.py": "def setup_logging():\n    pass\n",
}

STYLES = {
    ".gitignore": "dist/\n.env\n",
    ".dockerignore": "**/.git\n.env\n",
    "requirements.txt": "flask\n",
    "Dockerfile": "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\n"
                  "RUN pip install -r requirements.txt\nCOPY app app\n",
    "app/__init__.py": "\n",
    "app/static/styles/package.json":
        '{"scripts": {"build": "sass scss:. --no-source-map"},'
        ' "dependencies": {"sass": "^1.77.8"}}\n',
    "app/static/styles/scss/main.scss": "body { color: red; }\n",
}


def test_no_eggs_beside_a_module_named_setup(tmp_path: Path) -> None:
    _repository(tmp_path, LOCALSTACK)
    _, out = run_in(tmp_path, "check")
    assert "core/pkg/logging/.eggs" not in out, out


def test_no_dist_beside_a_package_json_inside_a_python_package(tmp_path: Path) -> None:
    _repository(tmp_path, STYLES)
    _, out = run_in(tmp_path, "check")
    assert "app/static/styles/dist" not in out, out


def test_a_node_project_beside_the_package_keeps_its_guess(tmp_path: Path) -> None:
    _repository(tmp_path, {
        **STYLES,
        "Dockerfile": STYLES["Dockerfile"] + "COPY web web\n",
        "web/package.json": '{"scripts": {"build": "vite build"}}\n',
        "web/src/main.js": "\n",
    })
    _, out = run_in(tmp_path, "check")
    assert "web/dist" in out, out
    assert "app/static/styles/dist" not in out, out


def test_the_package_s_own_gitignore_is_still_believed(tmp_path: Path) -> None:
    _repository(tmp_path, {**STYLES, "app/static/styles/.gitignore": "dist\n"})
    _, out = run_in(tmp_path, "check")
    assert "app/static/styles/dist" in out, out
