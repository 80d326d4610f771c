"""Files that a RUN, CMD or ENTRYPOINT names are needs, whatever their category.

pterodactyl/panel: ``COPY . ./`` then ``ENTRYPOINT [ "/bin/ash", ".github/docker/entrypoint.sh" ]``;
init wrote ``.github`` (CI automation) and kept only the three files a COPY names, so the
image built and died at start with 'not found'.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_init_exception_scope import init_here, sent_by_buildkit
from test_needs import needs
from trees import tree

ENTRY = ".github/docker/entrypoint.sh"
BASE = {
    ".github/docker/entrypoint.sh": "exec php-fpm\n",
    ".github/docker/www.conf": "[www]\n",
    ".github/workflows/ci.yml": "on: push\n",
    "docs/gen.py": "print(1)\n",
    "docs/guide.md": "# guide\n",
    "docs/Makefile": "html:\n\tpython gen.py\n",
    "app.php": "<?php\n",
}


@pytest.mark.parametrize(
    ("dockerfile", "kept"),
    [
        pytest.param(
            'WORKDIR /app\nCOPY . ./\nENTRYPOINT [ "/bin/ash", ".github/docker/entrypoint.sh" ]\n',
            {ENTRY}, id="exec-form entrypoint relative to WORKDIR",
        ),
        pytest.param(
            "COPY . /srv/app\nCMD /srv/app/.github/docker/entrypoint.sh\n",
            {ENTRY}, id="shell-form CMD, absolute path mapped back through the COPY",
        ),
        pytest.param(
            "COPY .github/docker /opt/boot/\nRUN sh /opt/boot/entrypoint.sh\n",
            {ENTRY}, id="a directory copied elsewhere",
        ),
        pytest.param(
            "WORKDIR /app\nCOPY . .\nRUN cd docs && python gen.py --out=/site\n",
            {"docs/gen.py"}, id="RUN after cd",
        ),
        pytest.param(  # ramalama's e2e image: the Makefile that make -C reads
            "WORKDIR /src\nCOPY . /src\nRUN make -C docs install-tools && make --directory=docs\n",
            {"docs/Makefile"}, id="make -C DIR reads DIR/Makefile",
        ),
        pytest.param(
            "WORKDIR /src\nCOPY . /src\nRUN make -f docs/Makefile html\n",
            {"docs/Makefile"}, id="make -f FILE",
        ),
        pytest.param(  # diun: cp /src/CHANGELOG.md /src/LICENSE /src/README.md .
            "WORKDIR /work\nRUN --mount=type=bind,target=/src "
            "cp /src/.github/docker/entrypoint.sh /src/docs/gen.py .\n",
            {ENTRY, "docs/gen.py"}, id="a bind mount of the context",
        ),
        pytest.param(
            "WORKDIR /app\nRUN --mount=type=bind,source=.github/docker,target=gh "
            "sh gh/entrypoint.sh\n",
            {ENTRY}, id="a bind mount of a directory, relative to WORKDIR",
        ),
    ],
)
def test_a_file_a_command_names_is_kept(tmp_path: Path, dockerfile: str, kept: set[str]) -> None:
    tree(tmp_path, {**BASE, "Dockerfile": "FROM php:8.2-fpm-alpine\n" + dockerfile})
    found = needs(tmp_path)
    assert kept <= set(found)
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert kept <= sent
    assert ".github/workflows/ci.yml" not in sent  # the rest of the category stays out
    assert "docs/guide.md" not in sent


@pytest.mark.parametrize(
    "run",
    [
        pytest.param("rm -rf docs/gen.py .github/docker/entrypoint.sh", id="rm"),
        pytest.param("cp app.php docs/gen.py && touch .github/docker/entrypoint.sh",
                     id="cp destination, touch"),
        pytest.param("make docs/gen.py", id="a make goal"),
        pytest.param("python -c 'print(1)' > docs/gen.py", id="a redirection's target"),
        pytest.param("chmod -R 777 docs .github", id="directories"),
        pytest.param("echo $X/docs/gen.py", id="an unknown word"),
    ],
)
def test_what_a_command_writes_or_cannot_name_is_no_need(tmp_path: Path, run: str) -> None:
    tree(tmp_path, {**BASE, "Dockerfile": f"FROM alpine\nWORKDIR /app\nCOPY . .\nRUN {run}\n"})
    found = needs(tmp_path)
    assert not {"docs/gen.py", ENTRY} & set(found)


def test_a_gitignored_or_secret_file_is_no_need(tmp_path: Path) -> None:
    # miniflux: 'RUN make miniflux' / 'go build -o app': the laptop's binary that
    # .gitignore lists is no need; '. ./.env' would put a credential into the image.
    tree(tmp_path, {
        **BASE,
        ".gitignore": "/app\n",
        "app": "binary\n",
        ".env": "TOKEN=abc\n",
        "Dockerfile": "FROM golang\nWORKDIR /src\nCOPY . .\nRUN go build -o app . && . ./.env\n",
    })
    found = needs(tmp_path)
    assert "app" not in found
    assert ".env" not in found


def test_committed_environment_settings_a_command_copies_are_kept(tmp_path: Path) -> None:
    """novu's ws image: 'COPY apps/ws ./apps/ws', then in apps/ws 'RUN cp src/.env.test
    dist/.env.test' (and .env.development, .env.production). The files are committed
    settings without a credential; the secrets' '**/.env.*' took them out and the cp
    failed. A committed file holding a credential, or a developer's own (gitignored)
    file, stays out all the same."""
    tree(tmp_path, {
        ".git/HEAD": "ref: refs/heads/main\n",
        ".gitignore": ".env.local\n",
        "apps/ws/src/main.ts": "export {};\n",
        "apps/ws/src/.env.production": "NODE_ENV=production\nPORT=3002\nREDIS_PREFIX=\n",
        "apps/ws/src/.env.test": "NODE_ENV=test\nJWT_SECRET=ASD#asda23DFEFSFHG%fg\n",
        "apps/ws/src/.env.staging": (
            "NODE_ENV=staging\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY9\n"
        ),
        "apps/ws/src/.env.local": "JWT_SECRET=mine\n",
        "Dockerfile": "FROM node:20-alpine\nWORKDIR /usr/src/app\nCOPY apps/ws ./apps/ws\n"
                      "WORKDIR /usr/src/app/apps/ws\n"
                      "RUN cp src/.env.test dist/.env.test\n"
                      "RUN cp src/.env.production dist/.env.production\n"
                      "RUN cp src/.env.staging dist/.env.staging\n"
                      "RUN cp src/.env.local dist/.env\n",
    })
    found = needs(tmp_path)
    assert {"apps/ws/src/.env.test", "apps/ws/src/.env.production"} <= set(found)
    assert "apps/ws/src/.env.staging" not in found  # a credential: kept out
    assert "apps/ws/src/.env.local" not in found    # the developer's own
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {"apps/ws/src/.env.test", "apps/ws/src/.env.production"} <= sent
    assert not {"apps/ws/src/.env.staging", "apps/ws/src/.env.local"} & sent


def test_a_copy_without_the_file_is_no_need(tmp_path: Path) -> None:
    # The command runs a file of the image that no COPY of the context put there.
    tree(tmp_path, {
        **BASE,
        "Dockerfile": "FROM alpine\nCOPY app.php /app/\nRUN sh /app/.github/docker/entrypoint.sh\n",
    })
    assert ENTRY not in needs(tmp_path)


def test_commands_of_a_stage_the_build_does_not_run(tmp_path: Path) -> None:
    tree(tmp_path, {
        **BASE,
        "Dockerfile": (
            "FROM alpine AS docs\nCOPY . /w\nRUN python /w/docs/gen.py\n"
            "FROM alpine\nCOPY . /app\nCMD [\"sh\", \"/app/.github/docker/entrypoint.sh\"]\n"
        ),
    })
    found = needs(tmp_path)
    assert ENTRY in found
    assert "docs/gen.py" not in found


def test_a_path_a_command_names_is_not_given_the_sources_reason(tmp_path: Path) -> None:
    """graphiti's mcp_server: a compose ``command: uv run main.py`` matched the uv need of
    ``.python-version``; ``main.py`` was then kept 'because the build's Python version manager
    reads it'. A path the command names is kept for that, and says so."""
    tree(tmp_path, {
        "Dockerfile": "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install uv\n",
        "compose.yaml": "services:\n  app:\n    build: .\n    command: uv run main.py\n",
        ".python-version": "3.12\n", "main.py": "print(1)\n", "pyproject.toml": "",
    })
    found = needs(tmp_path)
    assert "version manager" in found[".python-version"].reason
    assert found["main.py"].reason == "a command run in the image names it"


def test_the_files_a_python_script_of_the_build_names(tmp_path: Path) -> None:
    # mathesar: the pre_production stage runs build-scripts/package/package.py, whose list of
    # sources to pack has "README.md" and "LICENSE"; init excluded README* (docs) and the
    # script stopped with "Missing source file/directory: README.md".
    tree(tmp_path, {
        "Dockerfile": "FROM python:3.12\nWORKDIR /code\nCOPY . .\n"
                      "RUN python3 ./build-scripts/package/package.py\n",
        "build-scripts/package/package.py": (
            'import shutil\nSOURCES = [\n    "bin",\n    "README.md",\n    "LICENSE",\n]\n'
            'HELP = """Run it from the root: copies README.md"""\n'
            'for name in SOURCES:\n    shutil.copy2(name, "/dist/" + name)\n'
        ),
        "README.md": "# app\n",
        "CONTRIBUTING.md": "# how\n",
        "LICENSE": "MIT\n",
        "bin/app": "#!/bin/sh\n",
    })
    found = needs(tmp_path)
    assert found["README.md"].origin.startswith("build-scripts/package/package.py:4:")
    assert "CONTRIBUTING.md" not in found
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert "README.md" in sent
    assert "CONTRIBUTING.md" not in sent


def test_a_chain_of_stages_parses_each_run_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each stage of a chain (FROM s1 AS s2 ...) is read once, not once per stage built on it:
    a chain of 1,000 stages parsed its RUNs half a million times (check over a minute). The
    last stage still runs what the first copied."""
    from ignoregen.build.shell import commands

    parsed = 0

    def counted(*args: object) -> object:
        nonlocal parsed
        parsed += 1
        return commands(*args)  # type: ignore[arg-type]

    monkeypatch.setattr("ignoregen.build.named.commands", counted)
    stages = 60
    tree(tmp_path, {**BASE, "Dockerfile": "FROM alpine AS s0\nCOPY . /app\n" + "".join(
        f"FROM s{i - 1} AS s{i}\nRUN echo {i}\n" for i in range(1, stages))
        + f"FROM s{stages - 1}\nRUN sh /app/{ENTRY}\n"})
    assert ENTRY in needs(tmp_path)
    assert parsed <= 5 * stages  # a few readers, each once per RUN (7,320 before)


@pytest.mark.parametrize("run", [
    "CGO_ENABLED=0 GOOS=linux go build -a -o main .",
    "gcc -O2 -o main main.c",
    "curl -fsSL -o main https://example.com/tool",
    "curl -fsSL --output=main https://example.com/tool",
])
def test_what_a_build_writes_with_its_output_option_is_no_need(tmp_path: Path, run: str) -> None:
    """unkeyed/unkey's demo_api: 'COPY . .' then 'RUN CGO_ENABLED=0 GOOS=linux go build -a
    -o main .'. A developer's `main` from an earlier `go build` on the host (no gitignore
    lists it) was kept as a file the RUN names: the build writes it. A word the command
    reads is still one (`unzip -o` takes no value: the archive after it is read)."""
    tree(tmp_path, {**BASE, "main": "binary\n", "main.c": "int main(){}\n",
                    "Dockerfile": f"FROM golang\nWORKDIR /src\nCOPY . .\nRUN {run}\n"})
    assert "main" not in needs(tmp_path)
    tree(tmp_path, {"bundle.zip": "zip\n",
                    "Dockerfile": "FROM alpine\nWORKDIR /src\nCOPY . .\n"
                                  "RUN unzip -o bundle.zip -d /opt\n"})
    assert "bundle.zip" in needs(tmp_path)
