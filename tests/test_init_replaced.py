"""One machine's files that the build does not read from the context: host build output
that a later ``COPY --from`` writes over, and paths that no COPY, ADD or bind mount reads.
``init`` excludes them when ``.gitignore`` lists them (a clean checkout lacks them too),
and keeps them otherwise."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from ignoregen.build.dockerfile import analyse
from ignoregen.build.replaced import replaced_paths
from ignoregen.cli import cli
from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher
from ignoregen.plan.unread import replaced_rules

ASSETS = "FROM node:20 AS assets\nWORKDIR /srv\nCOPY web ./web\nRUN npm run build\n"
FILES = {
    "package.json": "{}",
    "web/app.js": "js",
    "public/index.php": "php",
    "public/mix-manifest.json": "{}",
    "public/build/app.js": "built",
    "public/build/app.css": "built",
}


def _lay(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def _excluded(root: Path, name: str = ".dockerignore") -> Matcher:
    result = CliRunner().invoke(cli, ["init", "-C", str(root)], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return Matcher(parse_bytes((root / name).read_bytes(), name))


@pytest.mark.parametrize(
    ("final", "gitignore", "excluded", "sent"),
    [
        # A file: the assets stage's manifest lands where the host's was.
        ("COPY public /app/public\n"
         "COPY --from=assets /srv/public/mix-manifest.json /app/public/mix-manifest.json\n",
         "/public/mix-manifest.json\n", ["public/mix-manifest.json"],
         ["public/index.php", "public/build/app.js"]),
        # A directory copied into the same place (trailing slash: its contents).
        ("WORKDIR /app\nCOPY ./public ./\n"
         "COPY --from=assets /srv/public/build/ ./build/\n",
         "/public/build/\n", ["public/build/app.js", "public/build/app.css"],
         ["public/index.php", "public/mix-manifest.json"]),
        # Written over in a stage built FROM the one that copied it.
        ("COPY public /app/public\nFROM app AS final\n"
         "COPY --from=assets /srv/m.json /app/public/mix-manifest.json\n",
         "/public/mix-manifest.json\n", ["public/mix-manifest.json"], ["public/index.php"]),
        # Not listed by .gitignore: a source file, whatever the image does with it.
        ("COPY public /app/public\n"
         "COPY --from=assets /srv/public/mix-manifest.json /app/public/mix-manifest.json\n",
         "", [], ["public/mix-manifest.json"]),
        # Written before the context's copy, which would put the laptop's stale copy over
        # the stage's build (khoj's src/khoj/interface/built): a clean checkout lacks it,
        # so the image cannot rely on it; it goes too.
        ("COPY --from=assets /srv/public/mix-manifest.json /app/public/mix-manifest.json\n"
         "COPY public /app/public\n",
         "/public/mix-manifest.json\n", ["public/mix-manifest.json"], ["public/index.php"]),
        # ...but not when .gitignore does not list it: then it is the project's own.
        ("COPY --from=assets /srv/public/mix-manifest.json /app/public/mix-manifest.json\n"
         "COPY public /app/public\n",
         "", [], ["public/mix-manifest.json"]),
        # Written somewhere else: nothing is replaced.
        ("COPY public /app/public\n"
         "COPY --from=assets /srv/public/mix-manifest.json /app/mix-manifest.json\n",
         "/public/mix-manifest.json\n", [], ["public/mix-manifest.json"]),
    ],
)
def test_replaced_by_a_copy_from(
    tmp_path: Path, final: str, gitignore: str, excluded: list[str], sent: list[str]
) -> None:
    dockerfile = ASSETS + "FROM php:8 AS app\n" + final
    root = _lay(tmp_path, {**FILES, "Dockerfile": dockerfile, ".gitignore": gitignore})
    matcher = _excluded(root)
    for path in excluded:
        assert matcher.decide(path).excluded, path
    for path in sent:
        assert not matcher.decide(path).excluded, path


def test_every_dockerfile_that_copies_it_must_replace_it(tmp_path: Path) -> None:
    root = _lay(tmp_path, {
        **FILES,
        ".gitignore": "/public/mix-manifest.json\n",
        "Dockerfile": ASSETS + "FROM php:8\nCOPY public /app/public\n"
        "COPY --from=assets /srv/m.json /app/public/mix-manifest.json\n",
        "Dockerfile.plain": "FROM php:8\nCOPY public /app/public\n",
        "Dockerfile.web": "FROM node:20\nCOPY web /web\n",
    })
    first, plain, web = (analyse(root / name) for name in
                         ("Dockerfile", "Dockerfile.plain", "Dockerfile.web"))
    assert [item.path for item in replaced_paths(root, first.path)] == [
        "public/mix-manifest.json"
    ]
    rules = [str(rule) for _, rule in replaced_rules(root, [first, web])]
    assert rules == ["public/mix-manifest.json"]
    # Another Dockerfile copies it and keeps it: the shared file must keep it.
    assert replaced_rules(root, [first, plain]) == []


UNREAD = {
    "app/main.py": "print()",
    "out/app.tar.gz": "tar",
    "out/build/app": "binary",
    "data/db/instance.json": "{}",
    "notes/todo.txt": "todo",
}


@pytest.mark.parametrize(
    ("copies", "gitignore", "excluded", "sent"),
    [
        # Nothing names data/ or out/build: gone; what a COPY names (a glob too) stays.
        ("COPY app /app\nCOPY out/*.tar.gz /files/\n", "/data/\n/out/\n",
         ["data/db/instance.json", "out/build/app"], ["app/main.py", "out/app.tar.gz"]),
        # A bind mount reads data/: it stays.
        ("COPY app /app\nRUN --mount=type=bind,source=data,target=/d true\n", "/data/\n",
         [], ["data/db/instance.json"]),
        # COPY . . reads everything: this rule has nothing to say.
        ("COPY . /app\n", "/data/\n/out/\n", [], ["data/db/instance.json", "out/build/app"]),
        # Not listed by .gitignore: the project's own files, sent as before.
        ("COPY app /app\n", "", [], ["data/db/instance.json", "notes/todo.txt"]),
    ],
)
def test_paths_no_source_reads(
    tmp_path: Path, copies: str, gitignore: str, excluded: list[str], sent: list[str]
) -> None:
    root = _lay(tmp_path, {
        **UNREAD, "Dockerfile": "FROM python:3\n" + copies, ".gitignore": gitignore,
    })
    matcher = _excluded(root)
    for path in excluded:
        assert matcher.decide(path).excluded, path
    for path in sent:
        assert not matcher.decide(path).excluded, path
