"""``COPY ../. ./`` in a Dockerfile one directory below the context (dawarich's
docker/Dockerfile, built by CI with context ``.`` and ``file: ./docker/Dockerfile``).
BuildKit joins a COPY source to the context's root, where ``..`` stays at the root: the
whole context is copied, as with ``COPY . .``. check called it an error ('the context holds
nothing there') and treated the COPY as reading nothing, so the laptop's master.key and
.env that the image ships went unreported, and init planned as if nothing were copied."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, tree

from ignoregen.build.dockerfile import Source

WORKFLOW = (
    "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
    "      - uses: docker/build-push-action@v5\n        with:\n          context: .\n"
    "          file: ./docker/Dockerfile\n"
)
FILES = {
    "docker/Dockerfile": "FROM ruby:3.4\nWORKDIR /app\nCOPY ../Gemfile ../Gemfile.lock ./\n"
                         "RUN bundle install\nCOPY ../. ./\n"
                         "RUN SECRET_KEY_BASE_DUMMY=1 bundle exec rake assets:precompile\n",
    ".github/workflows/build.yml": WORKFLOW,
    ".dockerignore": "/log\n/tmp\n",
    ".gitignore": "/config/master.key\n.env\n",
    "Gemfile": "source 'https://rubygems.org'\ngem 'rails'\n",
    "Gemfile.lock": "GEM\n",
    "config/application.rb": "module App; end\n",
    "config/master.key": "3f1e5c0a9b8d7e6f5a4b3c2d1e0f9a8b\n",
    ".env": "DATABASE_URL=postgres://app:S3cr3tPassw0rd@db.internal:5432/app\n",
}


def test_dotdot_is_the_whole_context() -> None:
    for pattern in ("..", "../..", "../../.."):
        assert Source(".", "COPY", 1, "../.", "", pattern=pattern).whole_context
    for pattern in ("../x", "..x", "../.x"):
        assert not Source(".", "COPY", 1, pattern, "", pattern=pattern).whole_context


def test_check_reports_what_copy_dotdot_ships(tmp_path: Path) -> None:
    tree(tmp_path, FILES)
    code, output = run_in(tmp_path, "check", "--format", "gnu")
    assert code == 1, output
    lines = output.splitlines()
    outside = [line for line in lines if "IG202" in line and "COPY ../." in line]
    assert len(outside) == 1, output
    assert "warning" in outside[0], output
    assert "classic builder fails" in outside[0], output
    assert not any("holds nothing there" in line for line in lines), output
    assert any("IG101" in line and "config/master.key" in line and "shipped image" in line
               for line in lines), output
    assert any("IG101" in line and ".env" in line for line in lines), output


def test_init_plans_for_the_whole_context(tmp_path: Path) -> None:
    tree(tmp_path, FILES)
    code, output = run_in(tmp_path, "init", "-C", ".")
    assert code == 0, output
    assert "COPY/ADD pull 0 files" not in output, output
    code, output = run_in(tmp_path, "ls", ".")
    sent = output.split()
    assert "config/application.rb" in sent
    assert "Gemfile" in sent
    assert "config/master.key" not in sent
    assert ".env" not in sent
