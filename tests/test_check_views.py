"""The cases of issue #12's "Why" section: check judges what each build pulls and ships,
sees the developer's machine from a clean checkout, respects intent, and does not call a
non-secret a secret. Each case is a small tree of its own and the findings it must (and
must not) give."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from test_findings import FAKE_KEY, make

from ignoregen.commands.check import CheckOptions, run_check
from ignoregen.engine.setup import Builder
from ignoregen.knowledge.config import presets_for
from ignoregen.lint.catalogue import Severity
from ignoregen.lint.findings import Finding
from ignoregen.lint.secrets import not_a_secret, public_env_file


def check(root: Path, **options: object) -> list[Finding]:
    return run_check(root, presets_for(root), CheckOptions(**options)).findings  # type: ignore[arg-type]


def ids(found: list[Finding]) -> list[tuple[str, str]]:
    return [(item.id, item.severity.value) for item in found]


# -- 1. what each build pulls and ships ----------------------------------------------------


NAMED = (
    "FROM python:3.12-slim\nCOPY requirements.txt .\nCOPY app app\n"
    "CMD [\"python\", \"-m\", \"app\"]\n"
)


def test_named_copies_pull_only_what_they_name(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": NAMED, "requirements.txt": "", "app/__main__.py": "",
        ".env": "TOKEN=1\n", ".git/HEAD": "ref: refs/heads/main\n", "big.bin": "x" * 1000,
    })
    assert ids(check(tmp_path)) == []  # no IG001, no .env, no .git: BuildKit sends none of it


def test_named_copy_of_a_directory_pulls_its_secrets(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": NAMED, "requirements.txt": "", "app/.env": "TOKEN=1\n",
                    ".dockerignore": "x\n", "x": ""})
    found = [item for item in check(tmp_path) if item.id == "IG101"]
    assert [(item.severity, item.message) for item in found] == [(
        Severity.ERROR,
        "app/.env: a secret file is sent to the builder, and COPY app at Dockerfile:3 puts "
        "it in the shipped image",
    )]


def test_classic_builder_keeps_the_whole_directory(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": NAMED, "requirements.txt": "", "app/__main__.py": "",
                    ".env": "TOKEN=1\n"})
    found = ids(check(tmp_path, builder=Builder.CLASSIC))
    assert ("IG001", "warning") in found
    assert ("IG101", "warning") in found  # sent, but no COPY takes it into the image


BUILDER_ONLY = (
    "FROM node:22 AS build\nWORKDIR /src\nCOPY . .\nRUN npm ci && npm run build\n"
    "FROM nginx:1.27-alpine\nCOPY --from=build /src/dist /usr/share/nginx/html\n"
)


def test_secret_read_by_a_builder_stage_is_a_warning(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": BUILDER_ONLY, "package.json": "{}", ".env.local": "K=v\n",
                    ".dockerignore": "x\n", "x": ""})
    found = [item for item in check(tmp_path) if item.id == "IG101"]
    assert [(item.severity, item.message) for item in found] == [(
        Severity.WARNING,
        ".env.local: a secret file is sent to the builder (COPY . at Dockerfile:3 reads it; "
        "no shipped image copies it)",
    )]


def test_secret_copied_into_the_shipped_stage_is_an_error(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": "FROM python:3.12-slim\nCOPY . /app\n", ".env": "K=v\n",
                    ".dockerignore": "x\n", "x": ""})
    assert ("IG101", "error") in ids(check(tmp_path))


def test_no_ignore_file_and_a_whole_context_copy(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": "FROM scratch\nCOPY . /app\n", "a.txt": "x"})
    assert ids(check(tmp_path)) == [("IG001", "warning")]


# -- 2. two views: the checkout and the developer's machine ------------------------------------


def test_rules_guarding_gitignored_paths_are_protective(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": "FROM ruby:3.3-slim\nCOPY . /app\n",
        ".gitignore": "node_modules/\n.venv/\n/log/*\n/tmp/*\n/config/master.key\n.env*\n"
                      "/storage/*\n",
        ".dockerignore": "**/node_modules\n**/.venv\nlog/*\ntmp/*\nconfig/master.key\n.env*\n"
                         "/storage/*\nsercrets.txt\n",
        "config/app.rb": "", "log/.keep": "", "tmp/.keep": "", "storage/.keep": "",
    })
    unmatched = [item.line for item in check(tmp_path) if item.id == "IG401"]
    assert unmatched == [8]  # only the typo: the other rules keep laptop files out


def test_exceptions_for_what_a_laptop_or_a_clone_has_are_not_useless(tmp_path: Path) -> None:
    # navidrome's '!tmp/taglib' (tmp/ is gitignored: a developer downloads taglib there) and
    # ArchiveBox's '!.git/refs/heads/*' (every clone has branch refs; a detached CI checkout
    # may have none) do something off this checkout; '!docs/none.md' does nothing anywhere.
    make(tmp_path, {
        "Dockerfile": "FROM scratch\nCOPY . /app\n", ".gitignore": "/tmp\n",
        ".dockerignore": "tmp\n!tmp/taglib\n.git\n!.git/HEAD\n!.git/refs/heads/*\ndocs\n"
                         "!docs/none.md\n",
        "main.go": "", ".git/HEAD": "ref: refs/heads/main\n", "docs/a.md": "",
    })
    useless = [item.line for item in check(tmp_path) if item.id == "IG403"]
    assert useless == [7]


def test_an_exception_the_gitignore_makes_too_is_information(tmp_path: Path) -> None:
    # hedgedoc's ignore file repeats Yarn's recommended gitignore: '.yarn/*' then
    # '!.yarn/sdks' and '!.yarn/versions'. Those directories appear when a developer runs
    # `yarn dlx @yarnpkg/sdks` or `yarn version --deferred`, and the project keeps them
    # (its gitignore re-includes them too); a clean clone has neither, and CI failed on
    # two warnings. Any other path below .yarn is gitignored, so already one a laptop may
    # have; '!docs/none.md' is an exception that nothing anywhere re-includes (a warning).
    make(tmp_path, {
        "Dockerfile": "FROM scratch\nCOPY . /app\n",
        ".gitignore": ".yarn/*\n!.yarn/releases\n!.yarn/sdks\n!.yarn/versions\n",
        ".dockerignore": ".yarn/*\n!.yarn/releases\n!.yarn/sdks\n!.yarn/versions\n"
                         "docs\n!docs/none.md\n",
        ".yarn/releases/yarn-4.cjs": "", "package.json": "{}\n", "docs/a.md": "",
    })
    useless = [(item.line, item.severity) for item in check(tmp_path) if item.id == "IG403"]
    assert useless == [(3, Severity.INFO), (4, Severity.INFO), (6, Severity.WARNING)]


def test_an_exception_for_a_file_made_from_a_template_is_information(tmp_path: Path) -> None:
    # enricoros/big-AGI: the allow-list re-includes 'middleware.ts', which no checkout has;
    # docs/deploy-authentication.md tells users to rename middleware_BASIC_AUTH.ts to
    # middleware.ts to build with HTTP basic authentication. The warning failed CI, and its
    # fix (remove the line) would build that user's image without the authentication.
    # '!docs/none.md' has no such sibling: still a warning, with the removal.
    make(tmp_path, {
        "Dockerfile": "FROM scratch\nCOPY . /app\n",
        ".dockerignore": "*\n!middleware_BASIC_AUTH.ts\n!middleware.ts\n!config.yml\n"
                         "!docs/\ndocs/*\n!docs/none.md\n",
        "middleware_BASIC_AUTH.ts": "", "config.yml.example": "", "docs/a.md": "",
    })
    useless = [(item.line, item.severity, item.fix is None)
               for item in check(tmp_path) if item.id == "IG403"]
    assert useless == [(3, Severity.INFO, True), (4, Severity.INFO, True),
                       (7, Severity.WARNING, False)]


@pytest.mark.parametrize("sent", [True, False])
def test_a_nested_gitignore_counts_whether_or_not_it_is_sent(tmp_path: Path, sent: bool) -> None:
    # conductor-oss/conductor: '!ui-next/dist' (ui-next/.gitignore lists dist, which the
    # developer's UI build writes) became "re-includes nothing" once init's '**/.gitignore'
    # stopped sending ui-next/.gitignore.
    make(tmp_path, {
        "Dockerfile": "FROM scratch\nCOPY . /app\n", "ui/.gitignore": "dist\n",
        ".dockerignore": ("" if sent else "**/.gitignore\n") + "**/dist\n!ui/dist\n",
        "ui/src/a.js": "",
    })
    assert [item.line for item in check(tmp_path) if item.id == "IG403"] == []


def test_generated_categories_are_protective_without_gitignore(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:8.0\nCOPY . /src\n",
        "Api/Api.csproj": "<Project/>", ".dockerignore": "**/bin\n**/obj\n**/__pycache__\n",
    })
    assert [item for item in check(tmp_path) if item.id == "IG401"] == []


def test_gitignored_env_not_excluded_would_be_sent_on_a_laptop(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\n", ".gitignore": ".env\n",
        ".dockerignore": "**/__pycache__\n", "app.py": "", "README.md": "cp env.dist .env",
    })
    found = [item for item in check(tmp_path) if item.id == "IG101"]
    assert [(item.severity, item.message) for item in found] == [(
        Severity.WARNING,
        ".env: a secret file that .gitignore:1 lists; the ignore file does not exclude it, so "
        "COPY . at Dockerfile:2 would send it on a developer's machine",
    )]
    make(tmp_path, {".dockerignore": "**/__pycache__\n**/.env\n"})
    assert [item for item in check(tmp_path) if item.id == "IG101"] == []


def test_paths_a_laptop_would_send_name_each_copy_that_sends_them(tmp_path: Path) -> None:
    # hyperdx: node_modules of two packages that two COPYs send; the finding named only the
    # first COPY, as if it sent both.
    make(tmp_path, {
        "Dockerfile": "FROM node:22-slim\nCOPY web /web\nCOPY api /api\nRUN cd /web && npm ci\n",
        ".dockerignore": "**/.env\n", ".gitignore": "node_modules/\n",
        "web/package.json": "{}", "api/package.json": "{}",
    })
    found = [item.message for item in check(tmp_path) if item.id == "IG104"]
    assert len(found) == 1
    assert "COPY api at Dockerfile:3, COPY web at Dockerfile:2 would send them" in found[0]


def test_build_output_that_a_copy_names_is_not_weight_on_a_laptop(tmp_path: Path) -> None:
    # langfuse's sandbox runtime: the host builds dist/, 'COPY dist ./dist' ships it; the
    # hint "add '**/dist'" would make that COPY fail. A dist/ that only 'COPY . .' sends
    # is weight.
    files = {".gitignore": "dist\n", "package.json": "{}", "index.js": ""}
    make(tmp_path, {**files, "Dockerfile": "FROM node:22\nCOPY package.json ./\n"
                    "COPY dist ./dist\nCMD [\"node\", \"dist/server.js\"]\n"})
    assert [item for item in check(tmp_path) if item.id == "IG104"] == []
    make(tmp_path, {"Dockerfile": "FROM node:22\nCOPY . .\nCMD [\"node\", \"index.js\"]\n"})
    found = [item for item in check(tmp_path) if item.id == "IG104"]
    assert [item.message.split(":")[0] for item in found] == ["dist"]


def test_node_modules_under_a_copied_directory(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": "FROM node:22-slim\nCOPY web /web\nRUN cd /web && npm ci\n"
                      "CMD [\"node\", \"/web/index.js\"]\n",
        ".gitignore": "node_modules/\n", ".dockerignore": "node_modules\n",
        "web/package.json": "{}", "web/index.js": "",
    })
    found = [item for item in check(tmp_path) if item.id == "IG104"]
    assert [item.message.split(";")[0] for item in found] == [
        "web/node_modules: a dependency directory that .gitignore:1 lists"
    ]
    assert found[0].severity is Severity.WARNING


def test_a_marker_in_a_gitignored_directory_is_no_project(tmp_path: Path) -> None:
    # TandoorRecipes/recipes commits vue3/.vite/deps/package.json although .gitignore lists
    # vue3/.vite: check named vue3/.vite/deps/.next, .nuxt, .output... as build output.
    make(tmp_path, {
        "Dockerfile": "FROM node:22-slim\nCOPY . /app\n",
        ".gitignore": "vue3/.vite\n**/dist\n", ".dockerignore": "**/dist\n",
        "vue3/package.json": "{}", "vue3/.vite/deps/package.json": "{}",
    })
    assert [item.message for item in check(tmp_path) if item.id == "IG104"] == []


def test_the_gitignore_of_vendored_code_is_not_this_repository(tmp_path: Path) -> None:
    # umputun/remark42: backend/vendor/go.uber.org/goleak/.gitignore lists cover.out, the
    # coverage of that module's own test runs; check reported it as build output a
    # developer's machine would send (IG104), before and after init.
    make(tmp_path, {
        "Dockerfile": "FROM golang:1.23\nADD backend /src\n",
        ".gitignore": "/bin\n", ".dockerignore": "**/.git\n",
        "backend/go.mod": "module x\n", "backend/main.go": "package main\n",
        "backend/vendor/go.uber.org/goleak/.gitignore": "vendor/\n/bin\n/cover.out\n",
        "backend/vendor/go.uber.org/goleak/leaks.go": "package goleak\n",
        "backend/vendor/modules.txt": "# go.uber.org/goleak\n",
    })
    assert [item.message for item in check(tmp_path) if item.id == "IG104"] == []


def test_bin_and_obj_would_be_sent(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:8.0\nCOPY . /src\n",
        ".gitignore": "[Bb]in/\n[Oo]bj/\n", ".dockerignore": "**/.vs\n",
        "src/Api/Api.csproj": "<Project/>",
    })
    found = [(item.severity, item.message.split(":")[0], item.hint) for item in check(tmp_path)
             if item.id == "IG104"]
    # DiscordChatExporter: the fix said '**/Debug', which excludes any directory of that
    # name (a source folder too); the output is bin/Debug
    assert found == [(Severity.INFO, "src/Api/bin/Debug, src/Api/bin/Release, src/Api/obj",
                      "add '**/bin/Debug', '**/bin/Release', '**/obj' to the ignore file")]


def test_root_only_gitignore_isms_from_the_pattern(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\n", "pyproject.toml": "",
        ".dockerignore": "__pycache__\n*.pyc\n/Dockerfile*\nbuild\n",
        "src/app/__init__.py": "",
    })
    found = [(item.line, item.hint) for item in check(tmp_path) if item.id == "IG301"]
    assert found == [(1, "write '**/__pycache__' to match at any depth"),
                     (2, "write '**/*.pyc' to match at any depth")]


def test_gitignore_is_read_without_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, {"Dockerfile": "FROM scratch\nCOPY . /app\n", ".gitignore": "/secret.key\n",
                    ".dockerignore": "secret.key\n"})
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert [item for item in check(tmp_path) if item.id == "IG401"] == []


def test_a_real_git_checkout_and_info_exclude(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": "FROM scratch\nCOPY . /app\n", ".dockerignore": "my-notes.txt\n",
                    "a.txt": ""})
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    assert [item.line for item in check(tmp_path) if item.id == "IG401"] == [1]
    (tmp_path / ".git" / "info").mkdir(exist_ok=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("my-notes.txt\n")
    assert [item for item in check(tmp_path) if item.id == "IG401"] == []


# -- 3. intent and severities ----------------------------------------------------------------


def test_leading_slash_is_root_only_on_purpose(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": "FROM scratch\nCOPY . /app\n", ".dockerignore": "/Dockerfile*\n",
                    "docker/Dockerfile.dev": ""})
    assert [item for item in check(tmp_path) if item.id == "IG301"] == []
    make(tmp_path, {".dockerignore": "Dockerfile*\n"})
    assert [item.id for item in check(tmp_path) if item.id == "IG301"] == ["IG301"]


def test_slash_slash_line_is_information_when_it_matches_nothing(tmp_path: Path) -> None:
    """vaultwarden's '// Ignore everything' above '*': dead, as its author meant; a warning
    would fail CI on a file that does what it says."""
    make(tmp_path, {"Dockerfile": "FROM scratch\nCOPY . /app\n",
                    ".dockerignore": "// dependencies\n**/node_modules\n", "a": ""})
    assert ids([item for item in check(tmp_path) if item.id == "IG302"]) == [("IG302", "info")]
    make(tmp_path, {".dockerignore": "//a\n"})  # '//a' is 'a': it decides, and stays an error
    assert ids([item for item in check(tmp_path) if item.id == "IG302"]) == [("IG302", "error")]


def test_indented_hash_line_is_information_when_it_matches_nothing(tmp_path: Path) -> None:
    """linkding's ' # Remove dev settings' (one space before '#'): Docker reads it as a
    pattern, which names no file; the file does what its author meant, so CI does not fail."""
    make(tmp_path, {"Dockerfile": "FROM scratch\nCOPY . /app\n",
                    ".dockerignore": "*\n!/app\n\n # Remove dev settings\n/app/dev.py\n",
                    "app/main.py": "", "app/dev.py": ""})
    assert ids([item for item in check(tmp_path) if item.id == "IG302"]) == [("IG302", "info")]
    make(tmp_path, {".dockerignore": " #a\n", "#a": ""})  # names a file: stays an error
    assert ids([item for item in check(tmp_path) if item.id == "IG302"]) == [("IG302", "error")]


def test_explicit_exception_is_intent(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": "FROM rust:1.80\nCOPY . /src\n",
                    ".dockerignore": "*\n!.git\n!src\n", ".git/HEAD": "ref: refs/heads/main\n",
                    "src/main.rs": ""})
    assert [item for item in check(tmp_path) if item.id == "IG103"] == []
    make(tmp_path, {".dockerignore": "target\n"})
    assert [item.id for item in check(tmp_path) if item.id == "IG103"] == ["IG103"]


@pytest.mark.parametrize("name", [
    ".env.example", ".env.example.complete", ".env.local.example", "config/server.key.sample",
    ".env.template", ".env.production.tmpl", "backend/.env.development-example",
    "config/.env.local-sample",
])
def test_examples_and_templates_are_not_secrets(tmp_path: Path, name: str) -> None:
    make(tmp_path, {"Dockerfile": "FROM scratch\nCOPY . /app\n", ".dockerignore": "x\n",
                    name: "API_KEY=changeme\n"})
    assert [item for item in check(tmp_path) if item.id == "IG101"] == []
    # pocket-id: a root-only '.env.*' misses no secret below when what it misses is a
    # template ('.env.development-example'): no IG301 asking for '**/.env.*'.
    make(tmp_path, {".dockerignore": ".env\n.env.*\n"})
    assert [item for item in check(tmp_path) if item.id == "IG301"] == []


def test_public_vite_env_is_not_a_secret(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": "FROM node:22 AS build\nCOPY . .\nRUN npm run build\n",
        ".dockerignore": "**/node_modules\n",
        "package.json": '{"devDependencies": {"vite": "5"}}',
        ".env": "# public\nVITE_API_URL=http://localhost\nVITE_TITLE=demo\n",
    })
    assert [item for item in check(tmp_path) if item.id == "IG101"] == []
    reason = public_env_file(tmp_path / ".env", presets_for(tmp_path).secret_values)
    assert reason is not None
    assert "VITE_" in reason
    make(tmp_path, {".env": "VITE_API_URL=http://localhost\nDATABASE_PASSWORD=x\n"})
    assert [item.id for item in check(tmp_path) if item.id == "IG101"] == ["IG101"]


def test_test_fixture_that_does_not_ship_is_not_a_secret(tmp_path: Path) -> None:
    dockerfile = (
        "FROM python:3.12-slim AS test\nCOPY . /src\nRUN pytest\n"
        "FROM python:3.12-slim\nCOPY --from=test /src/app /app\n"
        "CMD [\"python\", \"-m\", \"app\"]\n"
    )
    make(tmp_path, {"Dockerfile": dockerfile, ".dockerignore": "x\n", "app/__main__.py": "",
                    "tests/fixtures/server.key": FAKE_KEY, "deploy/id_rsa": FAKE_KEY})
    found = [(item.id, item.severity.value, item.message.split(":")[0]) for item in check(tmp_path)
             if item.id in ("IG101", "IG102")]
    assert found == [("IG101", "warning", "deploy/id_rsa")]  # read by the test stage only
    from ignoregen.knowledge.classify import Classifier
    from ignoregen.lint.pulled import Pulled

    classifier = Classifier(presets_for(tmp_path))
    reason = not_a_secret(tmp_path, "tests/fixtures/server.key", classifier, Pulled(True))
    assert reason is not None
    assert reason.startswith("a test fixture in tests/")


# -- 4. COPY sources outside the context or missing from it -----------------------------------


COMPOSE = "services:\n  app:\n    build: .\n"
WORKFLOW = (
    "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n"
    "      - uses: actions/checkout@v4\n{download}"
    "      - uses: docker/build-push-action@v6\n        with: {{context: ., push: false}}\n"
)


@pytest.mark.parametrize(("dockerfile", "files", "expected"), [
    ("COPY ../images /images", {}, [("IG202", 2)]),
    ("COPY missing.txt /", {"compose.yaml": "services:\n  app:\n    build: .\n"},
     [("IG202", 2)]),
    ("COPY missing.txt /", {}, []),  # found by its name: CI may build it from elsewhere
    ("COPY *.txt /", {}, []),  # BuildKit accepts a wildcard that matches nothing
    ("COPY dist/app.js /", {".gitignore": "dist/\n", "compose.yaml": COMPOSE},
     []),  # built by an earlier CI step
    ("COPY target/app.jar /", {"compose.yaml": COMPOSE}, []),  # build output of a preset
    ("COPY vendor/lib /lib", {".gitmodules": '[submodule "lib"]\n\tpath = vendor/lib\n',
                              "vendor/": "", "compose.yaml": COMPOSE}, []),
    ("COPY present.txt /", {"present.txt": ""}, []),
    # rustdesk-server: a CI job downloads the binaries into the context, then builds it.
    ("COPY hbbs /usr/bin/", {".github/workflows/ci.yml": WORKFLOW.format(download="")},
     [("IG202", 2)]),
    ("COPY hbbs /usr/bin/", {".github/workflows/ci.yml": WORKFLOW.format(
        download="      - uses: actions/download-artifact@v4\n"
                 "        with: {name: bins, path: ./}\n")}, []),
    ("COPY payload/hbbs /usr/bin/", {".github/workflows/ci.yml": WORKFLOW.format(
        download="      - uses: actions/download-artifact@v4\n"
                 "        with: {name: bins, path: other/}\n")}, [("IG202", 2)]),
    # ErsatzTV: a run step moves a fetched binary into the checkout, then builds it.
    ("COPY ersatztv-channel ./", {".github/workflows/ci.yml": WORKFLOW.format(
        download="      - run: |\n          tar xzf next.tar.gz -C /tmp/next\n"
                 "          mv /tmp/next/ersatztv-channel .\n")}, []),
    ("COPY bin/tool /", {".github/workflows/ci.yml": WORKFLOW.format(
        download="      - run: curl -fsSL -o tool https://example.invalid/tool\n"
                 "        working-directory: bin\n")}, []),
    ("COPY other /", {".github/workflows/ci.yml": WORKFLOW.format(
        download="      - run: mv /tmp/next/ersatztv-channel . && cp a.txt b.txt\n")},
     [("IG202", 2)]),
])
def test_copy_source_outside_or_missing(
    tmp_path: Path, dockerfile: str, files: dict[str, str], expected: list[tuple[str, int]]
) -> None:
    root = tmp_path / "repo"
    make(tmp_path, {f"repo/{name}" if not name.startswith("../") else name[3:]: text
                    for name, text in files.items()})
    make(root, {"Dockerfile": f"FROM scratch\n{dockerfile}\n", ".dockerignore": "x\n", "x": ""})
    tmp_path = root
    found = [(item.id, item.line) for item in check(tmp_path) if item.id == "IG202"]
    assert found == expected
    for item in check(tmp_path):
        if item.id == "IG202":
            assert item.severity is Severity.ERROR
            assert item.file == "Dockerfile"


def test_copy_from_above_a_guessed_context(tmp_path: Path) -> None:
    make(tmp_path, {"docker/Dockerfile": "FROM scratch\nCOPY ../app.py /\nCOPY ../nope /\n",
                    "app.py": "", ".dockerignore": "x\n"})
    found = [(item.id, item.file, item.line) for item in check(tmp_path) if item.id == "IG202"]
    assert found == [("IG202", "docker/Dockerfile", 3)]  # CI may build it from the root


def test_copy_from_above_that_buildkit_reads_as_meant(tmp_path: Path) -> None:
    """kanidm builds rlm_python/Dockerfile from the root (build-push-action, ``context: .``)
    and writes ``ADD ../scripts/zypper_fixing.sh``, a path from the Dockerfile's directory:
    BuildKit reads scripts/zypper_fixing.sh at the context's root, the very file meant, and
    the build works. Only the classic builder fails: a warning, not an error. A path that
    BuildKit reads in place of another file (the Dockerfile at the root) stays an error."""
    compose = ("services:\n  rlm:\n    build: {context: ., dockerfile: rlm/Dockerfile}\n"
               "  top:\n    build: .\n")
    make(tmp_path, {"compose.yaml": compose, ".dockerignore": "x\n",
                    "rlm/Dockerfile": "FROM scratch\nADD ../scripts/fix.sh /fix.sh\n"
                                      "COPY ../../scripts/fix.sh /again.sh\n",
                    "Dockerfile": "FROM scratch\nCOPY ../scripts/fix.sh /fix.sh\n",
                    "scripts/fix.sh": "#!/bin/sh\n"})
    found = {(item.file, item.line): item for item in check(tmp_path) if item.id == "IG202"}
    assert sorted(found) == [("Dockerfile", 2), ("rlm/Dockerfile", 2), ("rlm/Dockerfile", 3)]
    meant = found["rlm/Dockerfile", 2]
    assert meant.severity is Severity.WARNING
    assert "the file the Dockerfile's directory names" in meant.message
    assert found["rlm/Dockerfile", 3].severity is Severity.ERROR
    assert found["Dockerfile", 2].severity is Severity.ERROR


def test_keep_file_exception_does_not_make_the_guard_redundant(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": "FROM ruby:3.3-slim\nCOPY . /app\n",
                    ".gitignore": "/log/*\n!/log/.keep\n",
                    ".dockerignore": "/log/*\n!/log/.keep\n", "log/.keep": "", "Gemfile": ""})
    assert [item for item in check(tmp_path) if item.id in ("IG401", "IG402")] == []
    (tmp_path / ".gitignore").unlink()  # logs are a generated category all the same
    assert [item for item in check(tmp_path) if item.id in ("IG401", "IG402")] == []
    make(tmp_path, {".dockerignore": "docs\ndocs/*.md\n", "docs/a.md": ""})
    assert [item.id for item in check(tmp_path) if item.id == "IG402"] == ["IG402"]


def test_root_only_ism_covered_by_other_rules(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": "FROM node:22-slim\nCOPY . /app\n",
                    ".dockerignore": "node_modules\nweb/node_modules\n",
                    "package.json": "{}", "web/package.json": "{}"})
    assert [item for item in check(tmp_path) if item.id == "IG301"] == []
    make(tmp_path, {"api/package.json": "{}"})
    assert [item.message.split(", and ")[-1] for item in check(tmp_path)
            if item.id == "IG301"] == ["api/node_modules would be sent"]


def test_ca_bundle_is_not_a_secret(tmp_path: Path) -> None:
    cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    make(tmp_path, {"Dockerfile": "FROM python:3.12-slim\nCOPY . /app\n", ".dockerignore": "x\n",
                    "certs/rds-combined-ca-bundle.pem": "", "certs/trust.pem": cert,
                    "certs/server.pem": cert + FAKE_KEY})
    found = [item.message.split(":")[0] for item in check(tmp_path) if item.id == "IG101"]
    assert found == ["certs/server.pem"]


def test_the_name_of_a_root_file_is_meant_for_that_file(tmp_path: Path) -> None:
    # uptime-kuma's 'LICENSE' keeps its own licence out, not a vendored module's.
    make(tmp_path, {"Dockerfile": "FROM scratch\nCOPY . /app\n", ".dockerignore": "LICENSE\n*.md\n",
                    "LICENSE": "MIT", "README.md": "", "lib/vendored/LICENSE": "MIT",
                    "lib/vendored/CHANGELOG.md": ""})
    found = [item.message.split("'")[1] for item in check(tmp_path) if item.id == "IG301"]
    assert found == ["*.md"]


def test_a_plain_name_no_category_claims_is_meant_at_the_root(tmp_path: Path) -> None:
    # gogs' 'gogs' is the binary built at the root, not cmd/gogs/ (source); ArchiveBox's
    # 'crawls/' is its data directory, not archivebox/crawls/ (a Django app). A name the
    # presets exclude at any depth (__pycache__) and a wildcard are still reported.
    make(tmp_path, {"Dockerfile": "FROM scratch\nCOPY . /app\n",
                    ".dockerignore": "gogs\ncrawls/\n__pycache__/\n*.log\n",
                    "main.go": "package main\n", "cmd/gogs/main.go": "package main\n",
                    "archivebox/crawls/models.py": "", "app/__pycache__/x.pyc": "",
                    "app/debug.log": ""})
    found = [item.message.split("'")[1] for item in check(tmp_path) if item.id == "IG301"]
    assert found == ["__pycache__/", "*.log"]


def test_the_guard_exception_init_writes_is_not_useless(tmp_path: Path) -> None:
    # init writes '**/.env', '**/.env.*', '!**/.env.example' into every context, matched or
    # not (a secret that appears later must stay out); check must not call that exception
    # useless in a context with no .env.example (searxng's .devcontainer).
    make(tmp_path, {"Dockerfile": "FROM scratch\nCOPY app.py /\n", "app.py": "",
                    ".dockerignore": "**/.git\n**/.env\n**/.env.*\n!**/.env.example\n"
                                     "!docs/none.md\n"})
    assert [item.line for item in check(tmp_path) if item.id == "IG403"] == [5]


def test_check_says_nothing_of_the_lines_init_writes(tmp_path: Path) -> None:
    # init writes 'README*' (base.docs) for the root only, on purpose: a nested README may
    # be read by the package beside it. It wrote 'node_modules' anchored at the root when
    # the checkout had one there only, and check (the developer's view) then said that
    # deeper ones would be sent. On unseen repositories, 14 of them had such warnings.
    from click.testing import CliRunner

    from ignoregen.cli import cli

    make(tmp_path, {
        "Dockerfile": "FROM node:22-slim\nCOPY . /app\nRUN npm ci\n",
        "package.json": '{"workspaces": ["packages/*"]}', "package-lock.json": "{}",
        "README.md": "", "packages/ui/README.md": "", "packages/ui/package.json": "{}",
        "packages/ui/index.js": "", "node_modules/x/index.js": "", ".gitignore": "node_modules\n",
    })
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)])
    assert result.exit_code == 0, result.output
    found = [(item.id, item.line) for item in check(tmp_path)
             if item.severity is not Severity.INFO]
    assert found == []


def test_an_exception_for_what_a_copy_names_is_not_useless(tmp_path: Path) -> None:
    # authelia: CI builds authelia-linux-amd64/authelia and .local before 'docker build';
    # the allow-list's '!authelia-linux-*' and '!.local' let COPY reach them. A checkout
    # lacks them, but the exceptions are what makes those COPYs work. '!docs/none.md'
    # does nothing anywhere.
    make(tmp_path, {
        "Dockerfile": "FROM scratch\nARG TARGETOS\nARG TARGETARCH\n"
                      "COPY authelia-${TARGETOS}-${TARGETARCH}/authelia LICENSE ./\n"
                      "COPY .local /root/.local\n",
        ".dockerignore": "*\n!authelia-linux-*\n!LICENSE\n!.local\n!docs/none.md\n",
        "LICENSE": "", "docs/a.md": "",
    })
    assert [item.line for item in check(tmp_path) if item.id == "IG403"] == [5]


def test_a_hidden_file_no_category_excludes_is_not_missed_by_a_root_dotfile_rule(
    tmp_path: Path,
) -> None:
    # khoj: '.*' at the root, and src/khoj/interface/web/.well-known/ that the app serves;
    # '**/.*' would drop it from the image. A nested .DS_Store is what '.*' misses.
    make(tmp_path, {
        "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\n", ".dockerignore": ".*\n",
        "app.py": "", "web/.well-known/assetlinks.json": "[]",
        "web/.htaccess": "RewriteEngine On\n",
    })
    assert [item for item in check(tmp_path) if item.id == "IG301"] == []
    make(tmp_path, {"web/.DS_Store": "x"})
    found = [item.message for item in check(tmp_path) if item.id == "IG301"]
    assert found == ["'.*' matches only at the context root, but web/.DS_Store is sent"]


def test_dependencies_below_a_re_included_directory_are_not_sent_on_purpose(
    tmp_path: Path,
) -> None:
    # khoj: 'src/interface/' then '!src/interface/web' gives back the front end's sources,
    # and with them the node_modules a developer's 'bun install' left there. An exception
    # that names the directory itself ('!src/web/node_modules') is on purpose.
    make(tmp_path, {
        "Dockerfile": "FROM node:22\nCOPY . /app\n", ".dockerignore": "src/\n!src/web\n",
        "src/web/package.json": "{}", "src/web/node_modules/left-pad/index.js": "",
    })
    found = [item.message for item in check(tmp_path) if item.id == "IG104"]
    assert found == ["src/web/node_modules/: dependencies directory is sent to the builder"]
    make(tmp_path, {".dockerignore": "src/\n!src/web\n**/node_modules\n"
                                     "!src/web/node_modules\n"})
    assert [item for item in check(tmp_path) if item.id == "IG104"] == []


def test_no_idle_finding_on_a_line_of_ignoregens_block(tmp_path: Path) -> None:
    """navidrome: init writes 'Dockerfile*' (a Dockerfile's own ignore file it may write)
    above the user's '!Dockerfile'; check noted IG402 on init's line, which init writes
    again. The user's own line that decides nothing is still noted."""
    from click.testing import CliRunner

    from ignoregen.cli import cli
    from ignoregen.plan.writer import block_lines

    make(tmp_path, {
        "Dockerfile": "FROM scratch\nCOPY . /app\n",
        "tools.Dockerfile": "FROM scratch\nCOPY main.go /app/\n", "main.go": "",
        ".dockerignore": "Dockerfile\n!Dockerfile\n",
    })
    assert CliRunner().invoke(cli, ["init", "-C", str(tmp_path)]).exit_code == 0
    owned = block_lines(tmp_path / ".dockerignore")
    idle = [(item.id, item.line in owned) for item in check(tmp_path)
            if item.id in ("IG401", "IG402", "IG403")]
    assert idle == [("IG402", False)]


def test_no_ignore_file_warning_for_a_context_of_its_dockerfile_alone(tmp_path: Path) -> None:
    # ramalama's container-images/ramalama-cli holds its Containerfile and nothing else:
    # "no .dockerignore applies ...: Docker sends all 1 files (162 B)" was noise.
    copy_all = "FROM fedora:44\nCOPY . /src\nRUN ls /src\n"
    make(tmp_path, {"Dockerfile": copy_all})
    assert "IG001" not in [item.id for item in check(tmp_path)]
    make(tmp_path, {"Dockerfile": copy_all, "app.py": "print(1)\n"})
    assert "IG001" in [item.id for item in check(tmp_path)]


def test_no_ignore_file_warning_for_a_context_of_dockerfiles_alone(tmp_path: Path) -> None:
    # woodpecker's docker/ holds seven Dockerfiles; the agent's (COPY . .) is taken with
    # docker/ as its context, the server's are built from the root: 'Docker sends all 7
    # files (5.6 kB)' of Dockerfiles was noise.
    copy_all = "FROM golang:1.22\nCOPY . .\nRUN go build ./...\n"
    server = "FROM scratch\nCOPY Makefile /\n"
    make(tmp_path, {"Makefile": "all:\n", "docker/Dockerfile.agent": copy_all,
                    "docker/Dockerfile.server": server, "docker/Dockerfile.make": server})
    assert "IG001" not in [item.id for item in check(tmp_path)]
    make(tmp_path, {"docker/agent.conf": "x=1\n"})
    assert "IG001" in [item.id for item in check(tmp_path)]


def test_an_exception_for_what_nothing_excludes_says_so(tmp_path: Path) -> None:
    """once-campfire's Rails file: '/storage/*' then '!/storage/'. The directory itself is
    never excluded (only what is in it), so the exception decides nothing, and no later rule
    decides it either: the message said "later rules decides storage"."""
    make(tmp_path, {"Dockerfile": "FROM ruby:3.4-slim\nCOPY . /rails\n", "Gemfile": "",
                    ".dockerignore": "/storage/*\n!/storage/\n", "storage/db.sqlite3": "x"})
    (found,) = [item for item in check(tmp_path) if item.id == "IG402"]
    assert found.message == "'!/storage/' decides nothing: no rule excludes storage"


def test_an_exception_for_a_directory_whose_entries_gitignore_lists_is_not_useless(
    tmp_path: Path,
) -> None:
    # campfire's ignore file is Rails' template: '/storage/*', '!/storage/', '!/storage/.keep'.
    # Its .gitignore lists '/storage/*' (uploads and SQLite files): the storage directory
    # exists on every developer's machine, a clean clone has none, and CI warned that
    # '!/storage/' re-includes nothing. '!/uploads/' has no such gitignore line: a warning.
    make(tmp_path, {
        "Dockerfile": "FROM scratch\nCOPY . /app\n",
        ".gitignore": "/storage/*\n!/storage/.keep\n",
        ".dockerignore": "/storage/*\n!/storage/\n/uploads/*\n!/uploads/\n",
        "app.rb": "",
    })
    useless = [(item.line, item.severity) for item in check(tmp_path) if item.id == "IG403"]
    assert useless == [(4, Severity.WARNING)]
