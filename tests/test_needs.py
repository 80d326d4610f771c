"""The build-needs model: one small fixture per pattern of issue #11's Why section."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_init_exception_scope import init_here, sent_by_buildkit
from trees import tree

from ignoregen.build.dockerfile import analyse
from ignoregen.build.needs import Need, find_needs
from ignoregen.cli import cli
from ignoregen.errors import ConfigError
from ignoregen.knowledge.preset import parse_preset


def needs(root: Path, manifests: tuple[str, ...] = (), context: str = "") -> dict[str, Need]:
    where = root / context if context else root
    reads = [analyse(where / "Dockerfile")]
    return {need.path: need for need in find_needs(where, reads, manifests, root=root)}


COPY_ALL_PY = "FROM python\nCOPY . /app\nRUN pip install /app\n"


def test_hatch_fancy_pypi_readme_fragments(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": COPY_ALL_PY,
        "pyproject.toml": (
            '[project]\nname = "x"\ndynamic = ["readme"]\n'
            "[tool.hatch.metadata.hooks.fancy-pypi-readme]\n"
            'content-type = "text/markdown"\n'
            '[[tool.hatch.metadata.hooks.fancy-pypi-readme.fragments]]\npath = "README.md"\n'
            '[[tool.hatch.metadata.hooks.fancy-pypi-readme.fragments]]\npath = "CHANGES.md"\n'
        ),
    })
    found = needs(tmp_path, ("pyproject.toml",))
    assert {"README.md", "CHANGES.md"} <= set(found)
    assert (found["CHANGES.md"].file, found["CHANGES.md"].line) == ("pyproject.toml", 9)
    assert "fancy-pypi-readme" in found["CHANGES.md"].reason


def test_setuptools_dynamic_readme_and_poetry(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": COPY_ALL_PY,
        "pyproject.toml": (
            '[tool.setuptools.dynamic]\nreadme = {file = ["README.rst"]}\n'
            '[tool.poetry]\nreadme = "docs/intro.md"\n'
            'include = ["CHANGELOG.md", {path = "data/*.json", format = "sdist"}]\n'
        ),
    })
    assert {"README.rst", "docs/intro.md", "CHANGELOG.md", "data/*.json"} <= set(
        needs(tmp_path, ("pyproject.toml",))
    )


def test_setup_py_reads_readme_and_version(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": COPY_ALL_PY,
        "setup.py": (
            "from setuptools import setup\n"
            "long = open('README.rst').read()\n"
            "version = open(os.path.join(here, 'VERSION')).read()\n"
        ),
        "README.rst": "x\n",
        "VERSION": "1.0\n",
    })
    found = needs(tmp_path, ("setup.py",))
    assert found["README.rst"].line == 2
    assert found["VERSION"].line == 3


def test_setup_py_data_files_are_kept(tmp_path: Path) -> None:
    # containers/ramalama: setup.py's data_files list docs/ramalama.conf; init excluded
    # docs (base.docs) and 'pip install /src' failed: "can't copy 'docs/ramalama.conf'".
    tree(tmp_path, {
        "Dockerfile": COPY_ALL_PY,
        "setup.py": (
            "from setuptools import setup\n"
            "setup(\n"
            "    data_files=[\n"
            '        ("share/app", ["shortnames/names.conf", "docs/app.conf"]),\n'
            '        ("share/app/units", ["docs/app.service"]),\n'
            "    ],\n"
            ")\n"
        ),
        "shortnames/names.conf": "[names]\n",
        "docs/app.conf": "[app]\n",
        "docs/app.service": "[Unit]\n",
        "docs/guide.md": "# guide\n",
        "app/__init__.py": "",
    })
    found = needs(tmp_path, ("setup.py",))
    assert {"docs/app.conf", "docs/app.service", "shortnames/names.conf"} <= set(found)
    assert found["docs/app.conf"].line == 4
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {"docs/app.conf", "docs/app.service"} <= sent
    assert "docs/guide.md" not in sent


@pytest.mark.parametrize(
    "build_rs",
    [
        'fn main() {\n    let out = Command::new("git")\n'
        '        .args(["describe", "--tags"]).output();\n}\n',
        'fn main() {\n    println!("cargo:rerun-if-changed=.git/HEAD");\n}\n',
    ],
)
def test_build_rs_reads_git(tmp_path: Path, build_rs: str) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM rust\nCOPY . .\nRUN cargo build --release\n",
        "Cargo.toml": '[package]\nname = "x"\n',
        "build.rs": build_rs,
        ".git/HEAD": "ref: refs/heads/main\n",
    })
    found = needs(tmp_path, ("Cargo.toml",))
    assert found[".git"].file == "build.rs"
    assert found[".git"].warning is not None


@pytest.mark.parametrize(("run", "needed"), [
    ("cmake -S . -B build && cmake --build build", True),
    ("make", False),  # no CMake run: the script is not read
])
def test_a_cmake_script_that_runs_git(tmp_path: Path, run: str, needed: bool) -> None:
    """ggml-org/llama.cpp: cmake/build-info.cmake asks `${GIT_EXECUTABLE} rev-parse --short
    HEAD` and `rev-list --count HEAD` for the build number, and the repository's
    .dockerignore keeps .git for it ("otherwise the reported build number will always be
    0"); .devops/cpu.Dockerfile copies the checkout and runs `cmake -S . -B build`."""
    tree(tmp_path, {
        "Dockerfile": f"FROM ubuntu\nCOPY . .\nRUN {run}\n",
        "CMakeLists.txt": "project(x)\ninclude(cmake/build-info.cmake)\n",
        "cmake/build-info.cmake": "find_package(Git)\nexecute_process(\n"
                                  "    COMMAND ${GIT_EXECUTABLE} rev-list --count HEAD\n"
                                  "    OUTPUT_VARIABLE BUILD_NUMBER)\n",
        ".git/HEAD": "ref: refs/heads/main\n",
    })
    git = needs(tmp_path, ()).get(".git")
    assert (git is not None and git.file == "cmake/build-info.cmake") is needed
    init_here(tmp_path)
    assert (".git/HEAD" in sent_by_buildkit(tmp_path)) is needed


def test_a_cmake_script_that_runs_git_in_a_stage_without_git(tmp_path: Path) -> None:
    """ollama/ollama: the mlx stage copies named paths (CMakeLists.txt, cmake/, x/...) and
    runs cmake, whose x/mlxrunner/mlx/CMakeLists.txt runs `git describe`; the Go stage
    copies the whole context but runs only `go build`. No stage that runs CMake has .git,
    so excluding it breaks nothing (init warned that the user's `.git` line did)."""
    tree(tmp_path, {
        "Dockerfile": "FROM alma AS mlx\nCOPY CMakeLists.txt .\nCOPY cmake cmake\n"
                      "RUN cmake -S . -B build && cmake --build build\n"
                      "FROM golang AS build\nCOPY . .\nRUN go build -o /bin/app .\n"
                      "FROM scratch\nCOPY --from=mlx /dist /lib\n"
                      "COPY --from=build /bin/app /bin/app\n",
        "CMakeLists.txt": "project(x)\ninclude(cmake/version.cmake)\n",
        "cmake/version.cmake": "execute_process(\n    COMMAND git describe --tags\n"
                               "    OUTPUT_VARIABLE V)\n",
        "go.mod": "module x\n",
        "main.go": "package main\nfunc main() {}\n",
        ".git/HEAD": "ref: refs/heads/main\n",
    })
    assert ".git" not in needs(tmp_path, ())


@pytest.mark.parametrize(("name", "config"), [
    # sshx: the commit hash that the front end shows
    ("vite.config.ts", 'import { execSync } from "node:child_process";\n'
     'const hash = execSync("git rev-parse --short HEAD").toString().trim();\n'),
    ("next.config.js", "const { spawnSync } = require('child_process');\n"
     "const out = spawnSync('git', ['describe', '--tags']);\n"),
])
def test_a_bundler_config_that_runs_git(tmp_path: Path, name: str, config: str) -> None:
    """A bundler's configuration is a program the build runs: one that asks git for the
    commit fails without .git. The same file in a build that runs no Node tool, or one that
    does not call git, needs nothing."""
    tree(tmp_path, {
        "Dockerfile": "FROM node\nCOPY . .\nRUN npm ci && npm run build\n",
        "package.json": '{"scripts": {"build": "vite build"}}\n',
        name: config + "export default {};\n",
        ".git/HEAD": "ref: refs/heads/main\n",
    })
    git = needs(tmp_path, ("package.json",))[".git"]
    assert git.file == name
    assert git.warning is not None
    init_here(tmp_path)
    assert ".git/HEAD" in sent_by_buildkit(tmp_path)
    tree(tmp_path, {"Dockerfile": "FROM golang\nCOPY . .\nRUN go build ./...\n"})
    assert ".git" not in needs(tmp_path, ("package.json",))
    tree(tmp_path, {"Dockerfile": "FROM node\nCOPY . .\nRUN npm run build\n",
                    name: "// the version comes from package.json\nexport default {};\n"})
    assert ".git" not in needs(tmp_path, ("package.json",))


def test_git_describe_in_a_makefile_a_run_calls(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM golang\nCOPY . .\nRUN make build\n",
        "Makefile": "VERSION := $(shell git describe --tags)\nbuild:\n\tgo build ./...\n",
        ".git/HEAD": "x\n",
    })
    git = needs(tmp_path)[".git"]
    assert (git.file, git.line) == ("Makefile", 1)


@pytest.mark.parametrize(("script", "run", "line"), [
    # syncthing: the Dockerfile's 'go run build.go', whose getGitVersion() runs git
    ("build.go", "go run build.go -no-upgrade build syncthing",
     '\tbs, err := runError("git", "describe", "--always", "--dirty")\n'),
    ("version.py", "python3 version.py",
     "out = subprocess.run(['git', '-C', root, 'rev-parse', 'HEAD'])\n"),
])
def test_a_build_script_that_runs_git(tmp_path: Path, script: str, run: str, line: str) -> None:
    tree(tmp_path, {
        "Dockerfile": f"FROM golang\nCOPY . .\nRUN {run}\n",
        script: "// the build script\n" + line,
        ".git/HEAD": "x\n",
    })
    git = needs(tmp_path)[".git"]
    assert (git.file, git.line) == (script, 2)
    tree(tmp_path, {"Dockerfile": "FROM golang\nCOPY . .\nRUN go build ./...\n"})
    assert ".git" not in needs(tmp_path)  # a program that runs git when it runs, not built


def test_a_requirements_file_is_no_script(tmp_path: Path) -> None:
    # HackSoftware/Django-Styleguide-Example: 'pip install -r requirements/local.txt', whose
    # line 'pytest==8.4.2' was read as a command running the tests in the image.
    tree(tmp_path, {
        "Dockerfile": "FROM python\nCOPY . /app\nRUN pip install -r requirements/local.txt\n"
                      "RUN ./scripts/check.txt\n",
        "requirements/local.txt": "-r base.txt\npytest==8.4.2\n",
        "scripts/check.txt": "#!/bin/sh\npytest --co\n",
        "pytest.ini": "[pytest]\n",
    })
    assert "pytest.ini" not in needs(tmp_path)
    (tmp_path / "scripts/check.txt").chmod(0o755)  # an executable is a script, whatever its name
    assert needs(tmp_path)["pytest.ini"].file == "scripts/check.txt"


def test_a_manifest_a_run_edits_is_no_script(tmp_path: Path) -> None:
    # khoj: 'RUN sed -i "s/dynamic.../" pyproject.toml && pip install -e .[prod]'; the
    # line '"pytest >= 7.1.2",' of its dev extra was read as a command running the tests.
    tree(tmp_path, {
        "Dockerfile": "FROM python\nCOPY . /app\n"
                      "RUN sed -i 's/dynamic/version/' pyproject.toml && pip install .[prod]\n",
        "pyproject.toml": '[project]\nname = "x"\n[project.optional-dependencies]\n'
                          'dev = [\n    "pytest >= 7.1.2",\n]\n',
        "pytest.ini": "[pytest]\n", "tests/test_x.py": "",
    })
    found = needs(tmp_path)
    assert "pytest.ini" not in found
    assert "tests" not in found


def test_ldflags_from_git(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": (
            "FROM golang\nCOPY . .\n"
            'RUN go build -ldflags "-X main.version=$(git rev-parse --short HEAD)" -o /app\n'
        ),
        ".git/HEAD": "x\n",
    })
    assert needs(tmp_path)[".git"].origin.startswith("Dockerfile:3: RUN")


@pytest.mark.parametrize(("flag", "reads"), [
    ("-buildvcs=true", True), ("-buildvcs", True), ("--buildvcs=true", True),
    ("-buildvcs=false", False), ("-buildvcs=auto", False),
])
def test_buildvcs_true_stamps_the_binary_from_git(
    tmp_path: Path, flag: str, reads: bool
) -> None:
    """frankenphp's Dockerfile installs with -buildvcs=true: the binary carries the revision
    only when .git is in the context."""
    tree(tmp_path, {
        "Dockerfile": f"FROM golang\nCOPY . .\nRUN go install -ldflags '-w -s' {flag} ./cmd/app\n",
        ".git/HEAD": "x\n",
    })
    assert (".git" in needs(tmp_path)) is reads


def test_plain_build_needs_no_git(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM golang\nCOPY . .\nRUN go build -o /app\n",
        "Makefile": "test:\n\tgit describe\n",
        ".git/HEAD": "x\n",
    })
    assert ".git" not in needs(tmp_path)


def test_compose_command_runs_the_tests(tmp_path: Path) -> None:
    tree(tmp_path, {
        "web/Dockerfile": "FROM node\nCOPY . .\nRUN yarn install\n",
        "web/jest.config.js": "module.exports = {}\n",
        "web/src/app.test.js": "",
        "compose.yaml": "services:\n  web:\n    build: ./web\n    command: yarn test --ci\n",
    })
    found = needs(tmp_path, context="web")
    assert (found["jest.config.js"].file, found["jest.config.js"].line) == ("compose.yaml", 4)


def test_script_runs_pytest_in_a_compose_service(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM python\nCOPY . /app\n",
        "conftest.py": "",
        "pytest.ini": "[pytest]\n",
        "tests/test_a.py": "",
        "docs/index.md": "",
        "compose.yaml": "services:\n  api:\n    build: .\n  db:\n    image: postgres\n",
        "run": "#!/bin/sh\ndocker compose exec -T api pytest -x tests/\n",
    })
    found = needs(tmp_path)
    assert {"conftest.py", "pytest.ini", "tests"} <= set(found)
    assert found["tests"].origin.startswith("run:2:")
    assert "docs" not in found


def test_docker_exec_in_the_container_a_compose_service_names(tmp_path: Path) -> None:
    # mathesar: CI starts 'docker compose up -d test-service' (container_name:
    # mathesar_service_test, built from the root, COPY . .) and runs 'docker exec
    # mathesar_service_test ./run_pytest.sh': the tests are the image's own.
    tree(tmp_path, {
        "Dockerfile": "FROM python\nWORKDIR /code\nCOPY . .\n",
        "conftest.py": "",
        "mathesar/tests/test_a.py": "",
        "run_pytest.sh": "#!/bin/sh\npytest\n",
        "docs/index.md": "",
        "compose.yaml": (
            "services:\n  test-service:\n    container_name: app_test\n    build: .\n"
            "  other:\n    container_name: other_box\n    image: postgres\n"
        ),
        ".github/workflows/ci.yml": (
            "jobs:\n  test:\n    steps:\n"
            "      - run: docker compose up --build -d test-service\n"
            "      - run: docker exec app_test ./run_pytest.sh\n"
        ),
    })
    found = needs(tmp_path)
    assert {"conftest.py", "run_pytest.sh"} <= set(found), sorted(found)
    assert any(path.endswith("tests") or "test_a" in path for path in found), sorted(found)
    assert "docs" not in found


def test_docker_exec_in_another_container_is_not_this_build(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM python\nWORKDIR /code\nCOPY . .\n",
        "conftest.py": "",
        "compose.yaml": (
            "services:\n  app:\n    container_name: app_box\n    build: .\n"
            "  db:\n    container_name: db_box\n    image: postgres\n"
        ),
        "Makefile": "test:\n\tdocker exec db_box pytest\n",
    })
    assert "conftest.py" not in needs(tmp_path)


def test_script_for_another_service_is_not_this_build(tmp_path: Path) -> None:
    tree(tmp_path, {
        "api/Dockerfile": "FROM python\nCOPY . /app\n",
        "api/tests/test_a.py": "",
        "worker/Dockerfile": "FROM python\nCOPY . /app\n",
        "compose.yaml": (
            "services:\n  api:\n    build: ./api\n  worker:\n    build: ./worker\n"
        ),
        "Makefile": "test:\n\tdocker compose run worker pytest\n",
    })
    assert "tests" not in needs(tmp_path, context="api")


def test_ci_workflow_docker_run_image_pytest(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM python\nCOPY . /app\n",
        "tests/test_a.py": "",
        ".coveragerc": "[run]\n",
        ".github/workflows/ci.yml": (
            "jobs:\n  test:\n    steps:\n"
            "      - run: docker build -t myapp:ci .\n"
            "      - run: docker run --rm -e CI=1 myapp:ci python -m pytest"
            " --cov-config=.coveragerc\n"
        ),
    })
    found = needs(tmp_path)
    assert {"tests", ".coveragerc"} <= set(found)
    assert found[".coveragerc"].file == ".github/workflows/ci.yml"


def test_laravel_published_vendor_directories(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM php\nCOPY . /var/www\nRUN composer install\n",
        "artisan": "#!/usr/bin/env php\n",
        "composer.json": "{}",
        "resources/views/vendor/mail/html/layout.blade.php": "",
        "lang/vendor/backup/en/notifications.php": "",
        "public/vendor/horizon/app.js": "",
        "vendor/autoload.php": "",
    })
    found = needs(tmp_path, ("composer.json",))
    assert {"resources/views/vendor", "lang/vendor", "public/vendor"} <= set(found)
    assert "vendor" not in found


def test_laravel_vendor_directories_kept_by_init(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM php\nCOPY . /var/www\nRUN composer install\n",
        "artisan": "#!/usr/bin/env php\n",
        "composer.json": "{}",
        "composer.lock": "{}",
        "resources/views/vendor/mail/layout.blade.php": "x",
        "vendor/autoload.php": "x",
    })
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)])
    assert result.exit_code == 0, result.output
    ls = CliRunner().invoke(cli, ["ls", str(tmp_path)])
    assert "resources/views/vendor/mail/layout.blade.php" in ls.output
    assert "vendor/autoload.php" not in ls.output.replace("views/vendor/", "")


SYMFONY_COMPOSER = (  # tchapi/davis's composer.json, cut down
    '{\n  "require": {\n    "php": ">=8.2",\n    "symfony/dotenv": "^7.4",\n'
    '    "symfony/runtime": "^7.4"\n  },\n'
    '  "scripts": {"auto-scripts": {"cache:clear": "symfony-cmd"},\n'
    '              "post-install-cmd": ["@auto-scripts"]}\n}\n'
)


def test_symfony_dotenv_reads_the_committed_env(tmp_path: Path) -> None:
    """Symfony's Dotenv fails at boot without .env ('Unable to read the .env environment
    file'): composer's cache:clear in the build, and the application. The committed .env
    and .env.prod are kept; the developer's .env.local is not."""
    files = {
        "Dockerfile": "FROM php\nCOPY . /var/www\nRUN composer install --no-dev\n",
        "composer.json": SYMFONY_COMPOSER,
        "composer.lock": "{}",
        ".env": "APP_ENV=dev\nAPP_SECRET=\n",
        ".env.prod": "APP_DEBUG=0\n",
        ".env.local": "APP_SECRET=f00\n",
        "src/Kernel.php": "<?php\n",
    }
    tree(tmp_path, files)
    found = needs(tmp_path, ("composer.json",))
    assert {".env", ".env.prod"} <= set(found)
    assert ".env.local" not in found
    assert (found[".env"].file, found[".env"].line) == ("composer.json", 4)
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)])
    assert result.exit_code == 0, result.output
    ls = CliRunner().invoke(cli, ["ls", str(tmp_path)]).output.split()
    assert ".env" in ls
    assert ".env.prod" in ls
    assert ".env.local" not in ls
    # Without symfony/dotenv, .env is a secret like any other.
    other = tree(tmp_path / "plain", {**files, "composer.json": '{"require": {"php": ">=8"}}'})
    assert ".env" not in needs(other, ("composer.json",))


def test_a_next_route_named_test_is_source(tmp_path: Path) -> None:
    # formbricks: apps/web/app/api/v3/workflows/[workflowId]/test/route.ts serves an API
    # route; init wrote '**/test' and the image lost the route (the build still passed).
    # The exception names the path literally: Docker reads '[workflowId]' as a class.
    route = "app/api/workflows/[workflowId]/test/route.ts"
    tree(tmp_path, {
        "Dockerfile": "FROM node\nCOPY . /app\nRUN npm ci && npm run build\n",
        "package.json": '{"dependencies": {"next": "15.0.0"}}',
        "package-lock.json": "{}",
        route: "export async function POST() {}\n",
        "lib/test/a.test.ts": "",
    })
    assert "app/**/test" in needs(tmp_path)
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "!app/api/workflows/\\[workflowId\\]/test\n" in (tmp_path / ".dockerignore").read_text()
    ls = CliRunner().invoke(cli, ["ls", str(tmp_path)]).output.split()
    assert route in ls
    assert "lib/test/a.test.ts" not in ls


def test_go_embed_in_any_package(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM golang\nCOPY . .\nRUN go build ./...\n",
        "go.mod": "module x\n",
        "internal/web/web.go": (
            'package web\n\nimport "embed"\n\n//go:embed all:static templates/*.html\n'
            "var files embed.FS\n"
        ),
    })
    found = needs(tmp_path, ("go.mod",))
    assert found["internal/web/static"].line == 5
    assert "internal/web/templates/*.html" in found


def test_rust_include_str_and_bytes(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM rust\nCOPY . .\nRUN cargo build\n",
        "Cargo.toml": '[package]\nname = "x"\n',
        "src/main.rs": (
            'const SQL: &str = include_str!("../queries/init.sql");\n'
            'static LOGO: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), '
            '"/assets/logo.png"));\n'
        ),
    })
    found = needs(tmp_path, ("Cargo.toml",))
    assert found["queries/init.sql"].line == 1
    assert found["assets/logo.png"].line == 2


def test_rust_include_in_a_comment_or_of_an_absolute_path(tmp_path: Path) -> None:
    # stalwartlabs/mail-server: an include_str! inside '/* ... */' (a test kept for later)
    # made init warn that the user's '*' excluded a file the build needs, and
    # include_bytes!("/tmp/pdf/files/ep.pdf") names the build machine, not the context.
    tree(tmp_path, {
        "Dockerfile": "FROM rust\nCOPY . .\nRUN cargo build\n",
        "Cargo.toml": '[package]\nname = "x"\n',
        "src/main.rs": (
            'const URL: &str = "http://example.com/*not-a-comment";\n'
            '/* fn old() { include_str!("../old/a.html"); /* nested */ } */\n'
            '// let b = include_str!("../old/b.html");\n'
            'static PDF: &[u8] = include_bytes!("/tmp/pdf/files/ep.pdf");\n'
            'const KEPT: &str = include_str!("../kept.html");\n'
        ),
        "old/a.html": "", "old/b.html": "", "kept.html": "",
        "tmp/pdf/files/ep.pdf": "",
    })
    found = needs(tmp_path, ("Cargo.toml",))
    assert found["kept.html"].line == 5
    assert not {"old/a.html", "old/b.html", "tmp/pdf/files/ep.pdf"} & set(found)


RUST_CRATE = {
    "Dockerfile": "FROM rust\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\n",
    "Cargo.toml": '[package]\nname = "x"\n',
    "src/main.rs": (
        "mod tests;\n"  # compiled: a directory module that only its name calls tests
        "#[cfg(test)]\n#[allow(dead_code)]\nmod test;\n"  # test-only: not read by cargo build
        "#[cfg(not(test))]\npub(crate) mod fixtures;\n"
        "// a note\npub mod net;\n"
        "fn main() {}\n"
    ),
    "src/tests/mod.rs": "pub fn rows() {}\n",
    "src/test/mod.rs": "mod helpers;\n#[test]\nfn t() {}\n",
    "src/test/helpers/mod.rs": "",
    "src/fixtures/mod.rs": "",
    "src/net.rs": "mod tests;\n",
    "src/net/tests.rs": "mod wire;\n",
    "src/net/tests/wire.rs": "",
    "tests/integration.rs": "mod common;\n#[test]\nfn t() {}\n",
    "tests/common/mod.rs": "",
}


def test_rust_modules_the_build_compiles(tmp_path: Path) -> None:
    tree(tmp_path, RUST_CRATE)
    found = {path: need for path, need in needs(tmp_path, ("Cargo.toml",)).items()
             if need.reason.startswith("rustc")}
    assert {path: need.origin for path, need in found.items()} == {
        "src/tests/mod.rs": "src/main.rs:1: mod tests;",
        "src/fixtures/mod.rs": "src/main.rs:6: pub(crate) mod fixtures;",
        "src/net/tests.rs": "src/net.rs:1: mod tests;",
        "src/net/tests/wire.rs": "src/net/tests.rs:1: mod wire;",
    }
    # Not: src/test (declared under #[cfg(test)]) and the module below it; tests/common (an
    # integration test's module: cargo build compiles neither).


def test_init_keeps_a_compiled_module_named_tests(tmp_path: Path) -> None:
    # base.tests excludes **/tests and **/test; without the need, init drops src/tests and
    # cargo build fails with "file not found for module `tests`".
    tree(tmp_path, RUST_CRATE)
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {"src/tests/mod.rs", "src/net/tests/wire.rs", "src/fixtures/mod.rs"} <= sent
    assert not {"src/test/mod.rs", "src/test/helpers/mod.rs", "tests/common/mod.rs"} & sent


def test_public_ca_bundle_but_not_a_private_key(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": COPY_ALL_PY,
        "app/files/rds-ca-bundle.pem": "-----BEGIN CERTIFICATE-----\nx\n",
        "app/files/server-ca-bundle.pem": "-----BEGIN RSA PRIVATE KEY-----\nx\n",
    })
    found = needs(tmp_path)
    assert "app/files/rds-ca-bundle.pem" in found
    assert "app/files/server-ca-bundle.pem" not in found


def test_a_ca_bundle_in_a_test_tree_is_no_need_of_the_build(tmp_path: Path) -> None:
    """qdrant/qdrant: tests/e2e_tests/test_data/cert/cacert.pem is the Python end-to-end
    suite's certificate; the image (``COPY . .``, ``cargo build``) never reads it, yet init
    called it needed and warned that the repository's own ``tests/`` line excluded it. An
    image that runs the tests keeps them whole by the tests' own need."""
    tree(tmp_path, {
        "Dockerfile": COPY_ALL_PY,
        "app/files/rds-ca-bundle.pem": "-----BEGIN CERTIFICATE-----\nx\n",
        "tests/e2e_tests/test_data/cert/cacert.pem": "-----BEGIN CERTIFICATE-----\nx\n",
    })
    found = needs(tmp_path)
    assert "app/files/rds-ca-bundle.pem" in found
    assert "tests/e2e_tests/test_data/cert/cacert.pem" not in found
    (tmp_path / "Dockerfile").write_text(COPY_ALL_PY + "RUN cd /app && pytest tests\n")
    assert "tests" in needs(tmp_path)


def test_needs_only_of_what_the_build_copies(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM php\nCOPY public/ /var/www/html/\n",
        "artisan": "",
        "resources/views/vendor/x.blade.php": "",
    })
    assert "resources/views/vendor" not in needs(tmp_path)


def test_explain_shows_the_need(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM python\nCOPY . .\nRUN pytest -q\n",
        "tests/test_a.py": "",
    })
    result = CliRunner().invoke(cli, ["explain", "-C", str(tmp_path), "tests/test_a.py"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == (
        "  needed as part of tests: the tests run inside the image (Dockerfile:3: RUN pytest -q)"
    )


def test_explain_json_carries_the_need(tmp_path: Path) -> None:
    """``explain --format json``: the deciding rule, and each need with its reason and
    evidence (file and line), for programs."""
    import json

    tree(tmp_path, {
        "Dockerfile": "FROM python\nCOPY . .\nRUN pytest -q\n",
        ".dockerignore": "docs\n",
        "tests/test_a.py": "",
        "docs/a.md": "",
        "app.py": "",
    })
    result = CliRunner().invoke(
        cli, ["explain", "--format", "json", "-C", str(tmp_path), "tests/test_a.py",
              "docs/a.md", "app.py"],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["version"] == 1
    tests, docs, app = document["paths"]
    assert tests["path"] == "tests/test_a.py"
    assert tests["sent"] is True
    assert tests["rule"] is None
    # pytest collects below the working directory too: '**/tests' and '**/test_*.py' cover it.
    assert [(n["path"], n["reason"], n["file"], n["line"]) for n in tests["needs"]] == [
        (path, "the tests run inside the image", "Dockerfile", 3)
        for path in ("tests", "**/tests", "**/test_*.py")
    ]
    assert tests["needs"][0]["evidence"] == "Dockerfile:3: RUN pytest -q"
    assert docs["sent"] is False
    assert docs["needs"] == []
    assert (docs["rule"]["line"], docs["rule"]["pattern"]) == (1, "docs")
    assert docs["matched_at"] == "docs"
    assert app["sent"] is True
    assert app["needs"] == []
    assert app["kind"] == "file"


def test_explain_json_goes_with_paths_only(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": "FROM python\n"})
    result = CliRunner().invoke(
        cli, ["explain", "--format", "json", "-C", str(tmp_path), "--image",
              str(tmp_path / "Dockerfile")],
    )
    assert result.exit_code == 2
    assert "--format json" in result.output


HEAD = '[preset]\nname = "x"\ndescription = "x"\n[detect]\nalways = true\n'


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('files = ["a"]\nregex = "("\nreason = "r"', "not a valid regular expression"),
        ('key = ["a.b"]\nreason = "r"', "give files"),
        ('files = ["a"]\nkey = ["a"]\nregex = "a"\nreason = "r"', "give one of"),
        ('extract = "cobol"\nfiles = ["*.cob"]\nreason = "r"', "must be one of"),
        ('paths = ["x"]', "missing"),
        ('reason = "r"', "give paths"),
        ('paths = ["x"]\nunless = "k"\nreason = "r"', "only with files"),
        ('paths = ["x"]\nbuilt_by = "go"\nreason = "r"', "built_by: only with files"),
        ('files = ["*.go"]\nextract = "go-embed"\nbuilt_by = "("\nreason = "r"',
         "not a valid regular expression"),
    ],
)
def test_needs_schema(entry: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_preset(HEAD + "[[needs]]\n" + entry + "\n", "x.toml")
    assert message in str(caught.value)


def test_only_the_make_targets_a_run_calls(tmp_path: Path) -> None:
    makefile = (
        "BIN := app\n"
        "build: deps\n\tgo build -o $(BIN) .\n"
        "deps:\n\tgo mod download\n"
        "release:\n\tgit describe --tags > VERSION\n"
    )
    tree(tmp_path, {
        "Dockerfile": "FROM golang\nCOPY . .\nRUN make build\n",
        "Makefile": makefile,
        ".git/HEAD": "x\n",
    })
    assert ".git" not in needs(tmp_path)
    (tmp_path / "Dockerfile").write_text("FROM golang\nCOPY . .\nRUN make release build\n")
    assert needs(tmp_path)[".git"].line == 7


def test_package_script_run_in_the_image(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM node\nCOPY . /app\nRUN npm ci\n",
        "package.json": '{"scripts": {"e2e": "node client/e2e/run.js", "build": "vite build"}}',
        "client/e2e/run.js": "",
        "client/e2e/login.spec.js": "",
        "cypress.config.js": "",
        "compose.yaml": "services:\n  e2e:\n    build: .\n    command: npm run e2e -- --cypress\n",
    })
    found = needs(tmp_path, ("package.json",))
    assert found["client/e2e"].origin.startswith("compose.yaml:4: compose command:")
    assert "package.json script e2e" in found["client/e2e"].origin
    assert "cypress.config.js" in found


def test_schema_scripts_needs_a_named_group() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_preset(
            HEAD + '[[needs]]\nfiles = ["p.json"]\ncommand = "run (\\\\w+)"\n'
            'scripts = "scripts"\nreason = "r"\n',
            "x.toml",
        )
    assert "(?P<script>" in str(caught.value)


def test_every_extractor_the_schema_names_exists() -> None:
    from ignoregen.build.extractors import EXTRACTORS
    from ignoregen.knowledge.schema import EXTRACTORS as NAMED

    assert set(NAMED) == set(EXTRACTORS)


def test_a_need_on_the_path_itself_is_said_once(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\nRUN pip install /app\n",
        "pyproject.toml": '[project]\nname = "x"\nversion = "1"\nreadme = "README.md"\n'
                          '[build-system]\nrequires = ["hatchling"]\n'
                          'build-backend = "hatchling.build"\n',
        "README.md": "# x\n", "docs/index.md": "# docs\n",
    })
    result = CliRunner().invoke(cli, ["explain", "-C", str(tmp_path), "README.md"])
    assert result.output.splitlines()[1].startswith("  needed: pip builds the package metadata")
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path), "--dry-run"])
    about = [line for line in result.stderr.splitlines() if "README.md" in line]
    assert len(about) == 1, about
    assert about[0].startswith("  kept: README.md: ")


def test_no_need_for_what_no_copy_reads(tmp_path: Path) -> None:
    """hatch-vcs computes the version from .git, but an image that copies pyproject.toml and
    README.md alone never sees .git: it is no need there (the classic builder sends it)."""
    tree(tmp_path, {
        "Dockerfile": "FROM python\nCOPY pyproject.toml README.md ./\nRUN pip install .\n",
        "pyproject.toml": "[build-system]\nrequires = ['hatchling', 'hatch-vcs']\n"
        "build-backend = 'hatchling.build'\n[project]\nname = 'x'\nreadme = 'README.md'\n"
        "dynamic = ['version']\n[tool.hatch.version]\nsource = 'vcs'\n",
        "README.md": "# x\n", ".git/HEAD": "x\n",
    })
    found = needs(tmp_path, ("pyproject.toml",))
    assert ".git" not in found
    assert "README.md" in found
    tree(tmp_path, {"Dockerfile": COPY_ALL_PY})
    assert ".git" in needs(tmp_path, ("pyproject.toml",))


def test_mkdocs_markdown_include(tmp_path: Path) -> None:
    """crazy-max/diun: docs/changelog.md is '{!../CHANGELOG.md!}', which markdown-include
    fills from the repository's CHANGELOG.md when mkdocs builds; another build that copies
    the docs does not read it."""
    tree(tmp_path, {
        "Dockerfile": "FROM squidfunk/mkdocs-material\nRUN --mount=type=bind,target=. "
        "mkdocs build --strict --site-dir /out\n",
        "docs/changelog.md": "{!../CHANGELOG.md!}\n", "CHANGELOG.md": "# 1.0\n",
        "mkdocs.yml": "markdown_extensions:\n  - markdown_include.include:\n"
        "      base_path: docs\n",
    })
    assert needs(tmp_path)["CHANGELOG.md"].origin == "docs/changelog.md:1: {!../CHANGELOG.md!}"
    tree(tmp_path, {"Dockerfile": "FROM nginx\nCOPY . /usr/share/nginx/html\n"})
    assert "CHANGELOG.md" not in needs(tmp_path)


def test_symfony_env_dist_alone_gets_no_committed_env_warning(tmp_path: Path) -> None:
    """kimai commits .env.dist and gitignores .env (a developer's real values): init kept
    .env.dist and warned that 'the committed .env holds Symfony's defaults', a file the
    repository does not have."""
    files = {
        "Dockerfile": "FROM php\nCOPY . /var/www\nRUN composer install --no-dev\n",
        "composer.json": SYMFONY_COMPOSER,
        "composer.lock": "{}",
        ".env.dist": "APP_ENV=prod\nAPP_SECRET=\n",
        ".gitignore": ".env\n",
        "src/Kernel.php": "<?php\n",
    }
    tree(tmp_path, files)
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "kept: .env.dist" in result.output
    assert "committed .env" not in result.output
    # With a committed .env the warning stays.
    both = tree(tmp_path / "both", {**files, ".env": "APP_ENV=dev\n", ".gitignore": ""})
    result = CliRunner().invoke(cli, ["init", "-C", str(both)])
    assert result.exit_code == 0, result.output
    assert "the committed .env holds Symfony's defaults" in result.output
