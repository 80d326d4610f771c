"""What a development-environment manager leaves inside a project on one machine: direnv's
``.direnv`` (``layout python`` puts a whole virtualenv there), devbox's ``.devbox`` (its Nix
profile, and the data directory of a database its plugin runs), devenv's ``.devenv``, pixi's
``.pixi/envs``, and mise's ``mise.local.toml`` (local settings, tokens in ``[env]``). No
preset knew them: on a laptop ``init`` left them in and ``COPY . .`` put them in the image,
and ``check`` said nothing. The manifests beside them (devbox.json, mise.toml, pixi.toml,
``.pixi/config.toml``) are the project's and stay."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree

LAPTOP = {
    "pyproject.toml": '[project]\nname = "svc"\nversion = "1.0"\n',
    "svc/__init__.py": "",
    "devbox.json": '{"packages": ["python@3.12", "postgresql@16"]}\n',
    "devbox.lock": "{}\n",
    "devbox.d/postgresql/postgresql.conf": "port = 5433\n",
    "mise.toml": '[tools]\npython = "3.12"\n',
    "pixi.toml": '[workspace]\nname = "svc"\n',
    ".pixi/config.toml": 'default-channels = ["conda-forge"]\n',
    ".gitignore": ".direnv/\n.devbox/\n.devenv/\n.pixi/envs/\nmise.local.toml\n",
    # what the tools made on the developer's machine
    ".direnv/python-3.12/bin/python": "binary\n",
    ".direnv/python-3.12/lib/python3.12/site-packages/six.py": "# installed\n",
    ".devbox/virtenv/postgresql/data/PG_VERSION": "16\n",
    ".devbox/nix/profile/default/manifest.json": "{}\n",
    ".devenv/state/postgres/PG_VERSION": "16\n",
    ".pixi/envs/default/bin/python": "binary\n",
    "mise.local.toml": '[env]\nAPI_TOKEN = "local-only"\n',
    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install .\n",
}

MADE = [
    ".direnv/python-3.12/lib/python3.12/site-packages/six.py",
    ".devbox/virtenv/postgresql/data/PG_VERSION",
    ".devenv/state/postgres/PG_VERSION",
    ".pixi/envs/default/bin/python",
    "mise.local.toml",
]


def test_init_leaves_the_environments_out(tmp_path: Path) -> None:
    tree(tmp_path, LAPTOP)
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    for path in MADE:
        assert not sent(tmp_path, path), path
    for path in ("devbox.json", "devbox.lock", "devbox.d/postgresql/postgresql.conf",
                 "mise.toml", "pixi.toml", ".pixi/config.toml", "svc/__init__.py"):
        assert sent(tmp_path, path), path


def test_check_reports_an_environment_the_ignore_file_sends(tmp_path: Path) -> None:
    tree(tmp_path, {**LAPTOP, ".dockerignore": "**/.git\n**/.devenv\n**/.pixi\n"})
    code, output = run_in(tmp_path, "check")
    assert code == 1, output
    findings = [line for line in output.splitlines() if "IG104" in line]
    assert any(".direnv" in line for line in findings), output
    assert any(".devbox" in line for line in findings), output
    assert not any(".devenv" in line or ".pixi" in line for line in findings), output


def test_a_committed_mise_local_file_is_not_claimed(tmp_path: Path) -> None:
    # Not listed by .gitignore: the project means it to be read (a shared default).
    tree(tmp_path, {**LAPTOP, ".gitignore": ".direnv/\n"})
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert sent(tmp_path, "mise.local.toml")
    assert not sent(tmp_path, ".direnv/python-3.12/bin/python")
