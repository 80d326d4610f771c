"""Compose files named by a top-level ``include``: their builds are builds of the project.

compose loads each entry of ``include`` as a project of its own: paths relative to the
including file; relative paths inside resolved from its ``project_directory``, by default
the included file's directory; variables from the including project, then from its
``env_file`` (by default that directory's ``.env``). A file named ``deploy/docs.yaml`` is
no compose file by its name, so its builds were never seen: ``init`` wrote the root's
ignore file for the root's own build only and excluded the docs tree an included service
copies (the build broke)."""

from __future__ import annotations

from pathlib import Path

from test_discover import SKIP, make, rows
from trees import run_in, sent, tree

from ignoregen.build.discover import discover


def test_included_files_are_read_as_compose_loads_them(tmp_path: Path) -> None:
    make(tmp_path, {
        "compose.yaml": (
            "include:\n"
            "  - stack/api.yml\n"
            "  - path: stack/jobs.yml\n    env_file: stack/jobs.env\n"
            "  - path: [stack/cli.yml, stack/cli.local.yml]\n    project_directory: .\n"
            "  - ${MISSING_DIR}/nothing.yml\n"      # no value: not guessed
            "  - path: stack/absent.yml\n"          # a local file that is not here
            "  - oci://registry.example/app:1\n"    # remote
            "services:\n  web:\n    build: web\n"
        ),
        "stack/api.yml": (
            "include:\n  - nested/more.yml\n"
            "services:\n  api:\n    build:\n      context: ../src\n"
            "      dockerfile: api.Dockerfile\n      target: run\n"),
        "stack/nested/more.yml": "services:\n  more:\n    build: ../../src\n",
        "stack/jobs.yml": ("services:\n  jobs:\n    build:\n      context: ${JOBS:-nowhere}\n"
                           "      dockerfile: ${JOBS_FILE}\n"),
        "stack/jobs.env": "JOBS=../nowhere\nJOBS_FILE=jobs.Dockerfile\n",
        ".env": "JOBS=../src\n",
        "stack/cli.yml": "services:\n  cli:\n    build:\n      context: src\n      target: cli\n",
        "stack/cli.local.yml": "services:\n  cli:\n    build:\n      target: local\n",
        "web/Dockerfile": "FROM scratch\n",
        "src/Dockerfile": "FROM scratch AS cli\nFROM cli AS local\n",
        "src/api.Dockerfile": "FROM scratch AS run\n",
        "src/jobs.Dockerfile": "FROM scratch\n",
    })
    found = discover(tmp_path, SKIP, environ={})
    assert rows(tmp_path, found) == [
        ("compose.yaml: services.web", "web", "web/Dockerfile", None),
        ("api.yml: services.api", "src", "src/api.Dockerfile", "run"),
        ("more.yml: services.more", "src", "src/Dockerfile", None),
        ("jobs.yml: services.jobs", "src", "src/jobs.Dockerfile", None),
        ("cli.yml: services.cli", "src", "src/Dockerfile", "cli"),
        ("cli.local.yml: services.cli", "src", "src/Dockerfile", "local"),
    ]
    assert found.problems == []


def test_an_included_file_found_by_its_name_is_read_once(tmp_path: Path) -> None:
    make(tmp_path, {
        "compose.yaml": "include:\n  - api/compose.yaml\n",
        "api/compose.yaml": "services:\n  api:\n    build: .\n",
        "api/Dockerfile": "FROM scratch\n",
    })
    assert rows(tmp_path, discover(tmp_path, SKIP, environ={})) == [
        ("compose.yaml: services.api", "api", "api/Dockerfile", None)]


def test_init_keeps_what_an_included_build_copies(tmp_path: Path) -> None:
    tree(tmp_path, {
        "compose.yaml": "include:\n  - deploy/docs.yaml\nservices:\n  web:\n    build: .\n",
        "deploy/docs.yaml": (
            "services:\n  docs:\n    build:\n      context: ..\n"
            "      dockerfile_inline: |\n        FROM nginx\n"
            "        COPY docs/ /usr/share/nginx/html/\n"),
        "Dockerfile": "FROM alpine\nCOPY web/ /web/\n",
        "web/index.html": "hi\n",
        "docs/guide.md": "# guide\n",
        "README.md": "# app\n",
    })
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert sent(tmp_path, "docs/guide.md")
    assert not sent(tmp_path, "README.md")
