"""Finding builds: Dockerfiles, compose services, and their contexts."""

from __future__ import annotations

from pathlib import Path

import pytest

from ignoregen.build.discover import ComposeError, find_builds
from ignoregen.knowledge.preset import load_presets

SKIP = load_presets().skip_dirs


def test_dockerfiles_and_compose(tmp_path: Path) -> None:
    files = {
        "compose.yaml": (
            "services:\n"
            "  api:\n    build: ./api\n"
            "  worker:\n    build:\n      context: .\n      dockerfile: docker/worker.Dockerfile\n"
            "      target: prod\n"
            "  remote:\n    build: https://github.com/x/y.git\n"
            "  inline:\n    build:\n      dockerfile_inline: FROM scratch\n"
            "  db:\n    image: postgres\n"
        ),
        "api/Dockerfile": "FROM scratch\n",
        "docker/worker.Dockerfile": "FROM scratch\n",
        "tools/Containerfile": "FROM scratch\n",
        "web/Dockerfile.dev": "FROM scratch\n",
        "web/Dockerfile.dev.dockerignore": "x\n",
        "node_modules/pkg/Dockerfile": "FROM scratch\n",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    root = tmp_path.resolve()
    found = [
        (
            b.origin,
            b.context.relative_to(root).as_posix(),
            b.dockerfile.relative_to(root).as_posix(),
            b.target,
        )
        for b in find_builds(tmp_path, SKIP)
    ]
    assert found == [
        ("compose.yaml: services.api", "api", "api/Dockerfile", None),
        ("compose.yaml: services.worker", ".", "docker/worker.Dockerfile", "prod"),
        ("tools/Containerfile", "tools", "tools/Containerfile", None),
        ("web/Dockerfile.dev", "web", "web/Dockerfile.dev", None),
    ]
    # node_modules is skipped because a preset says so (skip_dirs), not by its name.
    assert "node_modules" in SKIP
    everything = [b.origin for b in find_builds(tmp_path, ())]
    assert "node_modules/pkg/Dockerfile" in everything


def test_bad_compose_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.yml").write_text("services:\n  a: [\n")
    with pytest.raises(ComposeError, match=r"docker-compose\.yml:\d+: not valid YAML"):
        find_builds(tmp_path, SKIP)
