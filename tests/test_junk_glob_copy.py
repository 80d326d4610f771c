"""A COPY whose glob reaches into a directory that a junk category excludes (editor
settings, version control, caches: excluded even inside what a Dockerfile copies by name)
names that directory as a literal COPY does. BentoML's dev container is built from the
repository's root ('"context": ".."' in .devcontainer/devcontainer.json) and its Dockerfile
runs 'COPY .devcontainer/library-scripts/*.sh /tmp/library-scripts/': init excluded
'.devcontainer' (base.editor) with no exception, the glob matched nothing, and the build
failed ("no source files were specified"); check, run after init, said so (IG201)."""

from __future__ import annotations

from pathlib import Path

from test_check_needed import commit, make
from trees import run_in, sent

DEVCONTAINER = (
    '{\n  "name": "app",\n  "dockerFile": "Dockerfile",\n  "context": ".."\n}\n'
)


def test_a_dev_container_s_glob_copy_keeps_its_scripts(tmp_path: Path) -> None:
    make(tmp_path, {
        ".devcontainer/devcontainer.json": DEVCONTAINER,
        ".devcontainer/Dockerfile": (
            "FROM python:3-bullseye\n"
            "COPY .devcontainer/library-scripts/*.sh /tmp/library-scripts/\n"
            "RUN bash /tmp/library-scripts/common-debian.sh\n"
        ),
        ".devcontainer/library-scripts/common-debian.sh": "echo common\n",
        ".devcontainer/library-scripts/README.md": "scripts\n",
        "src/app.py": "print(1)\n",
    })
    commit(tmp_path)
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert sent(tmp_path, ".devcontainer/library-scripts/common-debian.sh")
    assert not sent(tmp_path, ".devcontainer/library-scripts/README.md")
    assert not sent(tmp_path, ".devcontainer/devcontainer.json")
    code, output = run_in(tmp_path, "check")
    assert "IG201" not in output, output


def test_a_glob_below_editor_settings_is_kept(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": "FROM python:3\nCOPY .vscode/tasks/*.sh /tmp/\nCOPY *.py /app/\n",
        ".vscode/tasks/setup.sh": "echo setup\n",
        ".vscode/settings.json": "{}\n",
        "app.py": "print(1)\n",
    })
    commit(tmp_path)
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert sent(tmp_path, ".vscode/tasks/setup.sh")
    assert not sent(tmp_path, ".vscode/settings.json")
