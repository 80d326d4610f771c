"""After ``ignoregen init``, each sample's build still gets what it copies, through a real
BuildKit, and nothing secret or heavy.

Each Dockerfile is reduced to its context copies on ``FROM scratch`` (no base image, no
``RUN``, no ``COPY --from``), built with ``-o type=local``, and the exported tree is
checked. The reduced Dockerfile lives outside the context, so the context's root
``.dockerignore`` is the one that applies, as it does for the real Dockerfile.
"""

from __future__ import annotations

import concurrent.futures
import posixpath
import shutil
from dataclasses import dataclass
from pathlib import Path

import dockerfile as buildkit_parser
import pytest
from docker_engine import Engine, leaves_of_directory
from test_init import NAMES, init, make_sample

pytestmark = pytest.mark.docker


@dataclass(frozen=True)
class Built:
    ok: bool
    message: str
    paths: frozenset[str]
    """Every file and directory of the exported tree, relative, without a leading ``/``."""


# (build id, sample, context in the sample, Dockerfile in the context)
BUILDS = [
    *((name, name, ".", "Dockerfile") for name in NAMES if name != "compose-monorepo"),
    ("compose-monorepo/worker", "compose-monorepo", ".", "docker/worker.Dockerfile"),
    ("compose-monorepo/api", "compose-monorepo", "services/api", "Dockerfile"),
    ("compose-monorepo/web", "compose-monorepo", "web", "Dockerfile"),
]


def reduce_dockerfile(path: Path) -> str:
    """The context ``COPY``/``ADD`` instructions of every stage, on one scratch stage.

    Relative destinations are resolved against the stage's ``WORKDIR``, so that the
    instructions need no base image; flags (``--chown``, ``--link``, ...) are dropped.
    """
    lines = ["FROM scratch"]
    workdir = "/"
    for command in buildkit_parser.parse_file(str(path)):
        name = command.cmd.upper()
        if name == "FROM":
            workdir = "/"
        elif name == "WORKDIR":
            workdir = posixpath.join(workdir, command.value[0])
        elif name in ("COPY", "ADD") and not any(
            flag.startswith("--from") for flag in command.flags
        ):
            *sources, dest = command.value
            directory = dest.endswith("/") or dest in (".", "..") or len(sources) > 1
            dest = posixpath.normpath(posixpath.join(workdir, dest))
            if directory:
                dest = dest.rstrip("/") + "/"
            lines.append(f"{name} {' '.join(sources)} {dest}")
    return "\n".join(lines) + "\n"


def _build(engine: Engine, context: Path, dockerfile: Path, scratch: Path) -> Built:
    reduced = scratch / "Dockerfile"
    reduced.parent.mkdir(parents=True)
    reduced.write_text(reduce_dockerfile(dockerfile))
    out = scratch / "out"
    proc = engine.run(
        ["build", "-q", "-o", f"type=local,dest={out}", "-f", str(reduced), str(context)],
        check=False,
    )
    if proc.returncode != 0:
        return Built(False, proc.stderr.decode("utf-8", "replace"), frozenset())
    leaves = [leaf.decode().rstrip("/") for leaf in leaves_of_directory(out)]
    paths = {"/".join(leaf.split("/")[:depth]) for leaf in leaves for depth in range(1, 99)}
    shutil.rmtree(out)
    return Built(True, "", frozenset(paths))


@pytest.fixture(scope="module")
def built(docker_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """Every build of every sample after ``init``, run a few at a time."""
    dest = tmp_path_factory.mktemp("init-docker")
    roots = {name: make_sample(name, dest / "samples") for name in NAMES}
    for root in roots.values():
        assert init(root).exit_code == 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        futures = {
            build: pool.submit(
                _build,
                docker_engine,
                roots[sample] / context,
                roots[sample] / context / dockerfile,
                dest / "builds" / build,
            )
            for build, sample, context, dockerfile in BUILDS
        }
        return {build: future.result() for build, future in futures.items()}


@pytest.mark.parametrize("build", [build for build, *_ in BUILDS])
def test_build_succeeds(build: str, built: dict[str, Built]) -> None:
    """Every COPY source is in the context (a COPY of an excluded path fails the build)."""
    assert built[build].ok, built[build].message


SECRETS = (".env", ".env.local", "id_rsa", "server.key")
HEAVY = ("node_modules", ".venv", ".next", "target", "__pycache__", ".pytest_cache", ".git")


@pytest.mark.parametrize("build", [build for build, *_ in BUILDS])
def test_nothing_secret_or_heavy(build: str, built: dict[str, Built]) -> None:
    kept = {"pypackage": {".git"}, "maven-jar": {"target"}}.get(build, set())
    names = {path.rsplit("/", 1)[-1] for path in built[build].paths}
    assert names & set(SECRETS) == set()
    assert names & (set(HEAVY) - kept) == set()



# (build, path in the image, present): what the real build needs, and what a guard keeps.
IMAGE = [
    ("pypackage", "src/README.md", False),  # setuptools builds without it (the build succeeds)
    ("pypackage", "src/.git/HEAD", True),
    ("pypackage", "src/pyproject.toml", True),
    ("pypackage", "src/docs", False),
    ("pypackage", "src/tests", False),
    ("django-docs-app", "app/manage.py", True),
    ("django-docs-app", "app/mysite/urls.py", True),
    ("django-docs-app", "app/docs/models.py", True),
    ("django-docs-app", "app/docs/templates/docs/page.html", True),
    ("django-docs-app", "app/tests", False),
    ("fastapi", "code/requirements.txt", True),
    ("fastapi", "code/app/main.py", True),
    ("express", "usr/src/app/bin/www", True),
    ("express", "usr/src/app/package-lock.json", True),
    ("express", "usr/src/app/views/index.pug", True),
    ("express", "usr/src/app/test", False),
    ("nextjs", "app/.env.production", True),
    ("nextjs", "app/next.config.js", True),
    ("nextjs", "app/public/logo.svg", True),
    ("go-embed", "src/main.go", True),
    ("go-embed", "src/docs/usage.md", True),
    ("go-embed", "src/internal/greet/greet_test.go", False),
    ("rust-cargo", "src/.cargo/config.toml", True),
    ("rust-cargo", "src/src/main.rs", True),
    ("maven-jar", "app/app.jar", True),
    ("compose-monorepo/worker", "worker/run.py", True),
    ("compose-monorepo/api", "api/src/main.py", True),
    ("compose-monorepo/web", "web/src/server.js", True),
]


@pytest.mark.parametrize(("build", "path", "present"), IMAGE)
def test_image_holds(build: str, path: str, present: bool, built: dict[str, Built]) -> None:
    assert (path in built[build].paths) is present, sorted(built[build].paths)
