"""A glob need keeps only what a build reads: remark42's ``ADD backend`` then ``go test
./...`` needs ``backend/**/*_test.go``, not the ``e2e/`` suite its own ``.dockerignore``
leaves out (init must not warn that the user's ``/e2e/`` breaks the build)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from test_findings import FAKE_KEY
from test_init_user_rules import init
from trees import tree

from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher

GO_TEST = (
    "FROM golang:1.23\nADD backend /build/backend\nWORKDIR /build/backend\n"
    "RUN cd app && go test ./...\nRUN go build -o /srv/app ./app\n"
)


def test_glob_need_outside_what_is_copied_is_not_protected(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": GO_TEST,
        ".dockerignore": "/.git/\n/e2e/\n",
        "backend/go.mod": "module example.com/b\n\ngo 1.23\n",
        "backend/app/main.go": "package main\n\nfunc main() {}\n",
        "backend/app/main_test.go": "package main\n",
        "e2e/go.mod": "module example.com/e2e\n\ngo 1.23\n",
        "e2e/flow_test.go": "package e2e\n",
    })
    result = init(tmp_path)
    assert result.exit_code == 0, result.output
    assert "e2e/flow_test.go" not in result.output, result.output


def test_glob_need_inside_what_is_copied_is_still_protected(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": GO_TEST,
        ".dockerignore": "/.git/\n**/*_test.go\n",
        "backend/go.mod": "module example.com/b\n\ngo 1.23\n",
        "backend/app/main.go": "package main\n\nfunc main() {}\n",
        "backend/app/main_test.go": "package main\n",
    })
    result = init(tmp_path)
    assert "excludes backend/app/main_test.go, which the build needs" in result.output


def test_committed_test_key_in_needed_testdata_is_kept(tmp_path: Path) -> None:
    # remark42: server_test.go reads testdata/key.pem; '**/*.pem' would fail 'go test'.
    tree(tmp_path, {
        "Dockerfile": GO_TEST,
        "backend/go.mod": "module example.com/b\n\ngo 1.23\n",
        "backend/app/main.go": "package main\n\nfunc main() {}\n",
        "backend/app/main_test.go": "package main\n",
        "backend/app/cmd/testdata/key.pem": FAKE_KEY,
        "backend/app/cmd/testdata/cert.pem": "-----BEGIN CERTIFICATE-----\nMIIB\n"
                                             "-----END CERTIFICATE-----\n",
    })
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = init(tmp_path)
    assert result.exit_code == 0, result.output
    rules = parse_bytes((tmp_path / ".dockerignore").read_bytes(), ".dockerignore")
    matcher = Matcher(rules)
    assert not matcher.decide("backend/app/cmd/testdata/key.pem").excluded
    # a developer's own key elsewhere still goes
    tree(tmp_path, {"deploy/server.key": FAKE_KEY, ".gitignore": "*.key\n"})
    init(tmp_path)
    rules = parse_bytes((tmp_path / ".dockerignore").read_bytes(), ".dockerignore")
    assert Matcher(rules).decide("deploy/server.key").excluded


def test_django_test_runner_keeps_app_tests_not_the_venvs(tmp_path: Path) -> None:
    # bakerydemo: CI runs 'docker compose run app python manage.py test'; the suite lives
    # in bakerydemo/base/tests/, and the host's .venv is not the project's.
    tree(tmp_path, {
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /code\nCOPY requirements.txt .\n"
                      "RUN pip install -r requirements.txt\nADD . /code/\n",
        "requirements.txt": "django\n",
        "compose.yaml": "services:\n  app:\n    build: .\n",
        ".github/workflows/docker.yml": (
            "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/checkout@v4\n      - run: docker compose build\n"
            "      - run: docker compose run app python manage.py test\n"),
        "manage.py": "import django\n",
        "site/base/__init__.py": "", "site/base/models.py": "",
        "site/base/tests/__init__.py": "", "site/base/tests/test_home.py": "",
        "site/blog/tests.py": "",
        ".gitignore": ".venv\n",
        ".venv/lib/python3.12/site-packages/pkg/tests/test_x.py": "",
    })
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = init(tmp_path)
    assert result.exit_code == 0, result.output
    matcher = Matcher(parse_bytes((tmp_path / ".dockerignore").read_bytes(), ".dockerignore"))
    for needed in ("site/base/tests/test_home.py", "site/blog/tests.py"):
        assert not matcher.decide(needed).excluded, needed
    assert matcher.decide(".venv/lib/python3.12/site-packages/pkg/tests/test_x.py").excluded
