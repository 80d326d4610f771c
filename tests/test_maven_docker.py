"""Real BuildKit reads ``docker/Dockerfile.dockerignore`` for ``docker build -f Dockerfile
../module/target`` run in ``docker/`` (a Maven parent's exec-maven-plugin in every module),
for every module's context, and neither ``docker/.dockerignore`` nor the context's own
``.dockerignore``: the one file init writes for a Dockerfile built with several contexts is
the one the builds read, and ``ignoregen ls`` agrees with the engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from docker_engine import BUILDKIT, Engine, ignoregen_ls
from test_maven import init, shop

pytestmark = pytest.mark.docker

PROBE = "FROM scratch\nCOPY . /ctx/\n"


def test_buildkit_reads_the_dockerfiles_own_file_for_every_context(
    docker_engine: Engine, tmp_path: Path
) -> None:
    root = shop(tmp_path)
    assert init(root).exit_code == 0
    assert (root / "docker" / "Dockerfile.dockerignore").is_file()
    # Files BuildKit would read instead, were the per-Dockerfile file not there: each
    # drops the jar, so reading one shows.
    (root / "docker" / ".dockerignore").write_text("*.jar\n")
    (root / "orders" / "target" / ".dockerignore").write_text("*.jar\n")
    # The probe copies the whole context; the ignore file is named for this Dockerfile.
    (root / "docker" / "Dockerfile").write_text(PROBE)
    for name in ("orders", "billing"):
        context = f"../{name}/target"
        engine = docker_engine.buildkit(context, "Dockerfile", cwd=root / "docker")
        assert engine.leaves is not None, engine.error
        ours = ignoregen_ls(root / name / "target", root / "docker" / "Dockerfile", BUILDKIT)
        assert engine.leaves == ours.leaves
        assert f"{name}-2.1.0.jar".encode() in engine.leaves
        assert not any(
            leaf.startswith((b"classes/", b"test-classes/", b"surefire-reports/"))
            for leaf in engine.leaves
        ), engine.leaves
    # Without it, BuildKit reads the context's own file (the jar is gone).
    (root / "docker" / "Dockerfile.dockerignore").unlink()
    engine = docker_engine.buildkit("../orders/target", "Dockerfile", cwd=root / "docker")
    assert engine.leaves is not None
    assert b"orders-2.1.0.jar" not in engine.leaves
    assert b"classes/org/example/App.class" in engine.leaves
