"""init on a clean checkout writes the rules a developer's machine needs: what .gitignore
lists in a dependency, virtual-environment, build-output or secret category is excluded
although the clone has none of it (ignoregen.plan.laptop). Before, init on a fresh clone
left out '**/node_modules', and check, whose laptop view reads .gitignore, failed right
after it (IG104); once the developer ran npm install, node_modules went to the builder."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_init_exception_scope import _repository, init_here, sent_by_buildkit
from trees import run_in

NODE = {
    ".gitignore": "node_modules/\n.venv\n/dist\n*.log\n",
    "package.json": '{"name": "x", "scripts": {"build": "tsc"}}',
    "package-lock.json": "{}",
    "index.ts": "export {}\n",
}


def test_a_fresh_clone_gets_the_laptop_rules(tmp_path: Path) -> None:
    _repository(tmp_path, {
        **NODE, "Dockerfile": "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n",
    })
    init_here(tmp_path)
    lines = (tmp_path / ".dockerignore").read_text().splitlines()
    assert {"**/node_modules", "**/dist"} <= set(lines)
    assert "**/.venv" not in lines  # python's category: the preset is not active here
    assert run_in(tmp_path, "check") == (0, "No problems in 1 context.\n")
    # The developer's machine: what npm and tsc write stays out.
    (tmp_path / "node_modules/left-pad").mkdir(parents=True)
    (tmp_path / "node_modules/left-pad/index.js").write_text("x")
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist/index.js").write_text("x")
    assert sent_by_buildkit(tmp_path) == {"package.json", "package-lock.json", "index.ts"}


@pytest.mark.parametrize("copy", [
    "COPY dist/ /app/dist/", "COPY dist/index.js /app/", "ARG OUT=dist\nCOPY ${OUT} /app/",
])
def test_not_what_the_build_copies(tmp_path: Path, copy: str) -> None:
    # CI builds dist on the host before docker build: a rule for it would break the build
    # where dist exists.
    _repository(tmp_path, {
        **NODE,
        "Dockerfile": f"FROM node:20\nWORKDIR /app\nCOPY package*.json ./\n{copy}\n",
    })
    init_here(tmp_path)
    lines = (tmp_path / ".dockerignore").read_text().splitlines()
    assert "**/node_modules" in lines
    assert not [line for line in lines if "dist" in line]
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist/index.js").write_text("x")
    assert "dist/index.js" in sent_by_buildkit(tmp_path)


def test_nothing_listed_nothing_written(tmp_path: Path) -> None:
    files = {**NODE, "Dockerfile": "FROM node:20\nCOPY . .\n"}
    files[".gitignore"] = "*.log\n"
    _repository(tmp_path, files)
    init_here(tmp_path)
    lines = (tmp_path / ".dockerignore").read_text().splitlines()
    assert not [line for line in lines if "node_modules" in line or "dist" in line]


def test_a_gitignore_below_the_context_counts(tmp_path: Path) -> None:
    # A monorepo's web/.gitignore lists its node_modules and dist, the root has none:
    # check's laptop view reads it, so init must too (it read only the root's).
    _repository(tmp_path, {
        **{f"web/{name}": text for name, text in NODE.items()},
        "api/.gitignore": "__pycache__/\n",
        "api/app.py": "print()\n",
        "Dockerfile": (
            "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN cd web && npm ci && npm run build\n"
        ),
    })
    init_here(tmp_path)
    lines = (tmp_path / ".dockerignore").read_text().splitlines()
    assert {"**/node_modules", "**/dist"} <= set(lines)
    assert run_in(tmp_path, "check") == (0, "No problems in 1 context.\n")
    (tmp_path / "web/node_modules/left-pad").mkdir(parents=True)
    (tmp_path / "web/node_modules/left-pad/index.js").write_text("x")
    assert not [path for path in sent_by_buildkit(tmp_path) if "node_modules" in path]


def test_the_gitignore_line_when_the_category_rule_reaches_a_need(tmp_path: Path) -> None:
    # pterodactyl/panel: '**/vendor' would exclude resources/views/vendor (Laravel's
    # published views, a need), so init wrote no vendor rule on a clean clone and check
    # failed right after it (IG104 vendor). The gitignore line '/vendor' names the
    # laptop's Composer directory alone.
    _repository(tmp_path, {
        ".gitignore": "/vendor\nnode_modules\n",
        "composer.json": '{"require": {"laravel/framework": "^11.0"}}',
        "composer.lock": "{}",
        "artisan": "<?php\n",
        "resources/views/vendor/mail/html/layout.blade.php": "<html/>\n",
        "app/Http/Kernel.php": "<?php\n",
        "Dockerfile": "FROM php:8.3-fpm\nWORKDIR /app\nCOPY . ./\nRUN composer install\n",
    })
    init_here(tmp_path)
    lines = (tmp_path / ".dockerignore").read_text().splitlines()
    assert "vendor" in lines
    assert "**/vendor" not in lines
    _, output = run_in(tmp_path, "check")
    assert "IG104" not in output, output
    (tmp_path / "vendor/laravel").mkdir(parents=True)
    (tmp_path / "vendor/laravel/x.php").write_text("<?php\n")
    sent = sent_by_buildkit(tmp_path)
    assert "resources/views/vendor/mail/html/layout.blade.php" in sent
    assert "vendor/laravel/x.php" not in sent


def test_a_copy_named_through_build_arguments_keeps_only_what_it_may_name(
    tmp_path: Path,
) -> None:
    # woodpecker's server image: COPY dist/server/${TARGETOS}_${TARGETARCH}/woodpecker-server.
    # Beside it, other builds of the root copy everything: the laptop rules (node_modules)
    # were all left out, as if the argument might name anything.
    _repository(tmp_path, {
        **NODE,
        "Dockerfile": "FROM scratch\nARG TARGETARCH\nCOPY dist/${TARGETARCH}/server /bin/\n",
        "Dockerfile.dev": "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n",
    })
    init_here(tmp_path)
    lines = (tmp_path / ".dockerignore").read_text().splitlines()
    assert "**/node_modules" in lines
    assert not {"dist", "**/dist", "/dist"} & set(lines)


def test_root_only_bytecode_lines_of_the_user_get_their_any_depth_rule(tmp_path: Path) -> None:
    # prefect, warehouse, ArchiveBox: the user's '__pycache__/' and '*.pyc' match only at
    # the root, and check says so (IG301) on a clean clone; init left them uncovered, so
    # check failed right after init in CI.
    _repository(tmp_path, {
        ".dockerignore": "__pycache__/\n*.pyc\n",
        "pyproject.toml": "[project]\nname = 'x'\nversion = '1'\n",
        "app/__init__.py": "", "app/main.py": "print(1)\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install .\n",
    })
    init_here(tmp_path)
    lines = (tmp_path / ".dockerignore").read_text().splitlines()
    assert {"**/__pycache__", "**/*.pyc"} <= set(lines)
    _, out = run_in(tmp_path, "check")
    assert "IG301" not in out, out


def test_no_root_only_bytecode_line_no_bytecode_rule_on_a_clean_clone(tmp_path: Path) -> None:
    _repository(tmp_path, {
        ".dockerignore": "*.log\n",
        "pyproject.toml": "[project]\nname = 'x'\nversion = '1'\n",
        "app/__init__.py": "", "app/main.py": "print(1)\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install .\n",
    })
    init_here(tmp_path)
    assert "**/__pycache__" not in (tmp_path / ".dockerignore").read_text().splitlines()


def test_a_gitignore_line_below_a_copied_directory_is_not_its_narrower_rule(
    tmp_path: Path,
) -> None:
    # locust: Dockerfile.ci does 'COPY ./dist dist' and 'pip install dist/*.whl' (CI downloads
    # the wheel into dist/ first); init kept 'dist' out but wrote the gitignore line 'dist/**'
    # in its place, which leaves the directory sent and empty: the build failed.
    _repository(tmp_path, {
        ".gitignore": "dist/**\nbuild/\n",
        "pyproject.toml": "[project]\nname = 'x'\nversion = '1'\n",
        "app/__init__.py": "",
        "Dockerfile": "FROM python:3.12-slim\nCOPY ./dist dist\nRUN pip install dist/*.whl\n",
    })
    init_here(tmp_path)
    lines = (tmp_path / ".dockerignore").read_text().splitlines()
    assert not {"dist", "**/dist", "dist/**", "/dist"} & set(lines), lines
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist/x-1-py3-none-any.whl").write_text("wheel")
    assert "dist/x-1-py3-none-any.whl" in sent_by_buildkit(tmp_path)


def test_one_line_for_a_rule_two_presets_list(tmp_path: Path) -> None:
    # ai-lab-recipes: Node's and Python's build output are both 'build', Java's is
    # '**/build'; the block had '**/build', 'build', 'build'.
    _repository(tmp_path, {
        ".gitignore": "build\n",
        "package.json": "{}",
        "pyproject.toml": '[project]\nname = "a"\n',
        "app/pom.xml": "<project/>\n",
        "app/Dockerfile": "FROM maven:3\nCOPY . .\n",
        "requirements.txt": "x\n",
        "Dockerfile": "FROM python:3.12\nCOPY requirements.txt .\n",
    })
    init_here(tmp_path)
    lines = (tmp_path / ".dockerignore").read_text().splitlines()
    assert [line for line in lines if line.endswith("build")] == ["**/build"]
    (tmp_path / "build").mkdir()
    (tmp_path / "build/x.whl").write_text("x")
    assert "requirements.txt" in sent_by_buildkit(tmp_path)
    assert not [path for path in sent_by_buildkit(tmp_path) if path.startswith("build")]
