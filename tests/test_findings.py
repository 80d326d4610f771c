"""Each finding of ``ignoregen check``: a tree that triggers it, and a near miss that must not."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from ignoregen.commands.check import CheckOptions, run_check
from ignoregen.knowledge.config import presets_for
from ignoregen.lint.catalogue import RULES, Severity
from ignoregen.units import parse_size

DOCKERFILE = "FROM scratch\nCOPY . /app\n"
FAKE_KEY = (  # the shape of a key (a header and a body of base64), not a key
    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA" + "QUJD" * 12
    + "\n-----END OPENSSH PRIVATE KEY-----\n"
)


def make(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("/"):
            path.mkdir(exist_ok=True)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def found(root: Path, options: CheckOptions | None = None) -> list[tuple[str, str, int | None]]:
    report = run_check(root, presets_for(root), options or CheckOptions())
    return [(item.id, item.file, item.line) for item in report.findings]


# (name, files, options, expected id, expected (file, line) or None for "must not fire")
CASES: list[tuple[str, dict[str, str], CheckOptions, str, tuple[str, int | None] | None]] = [
    ("no ignore file", {"Dockerfile": DOCKERFILE, "a.py": ""}, CheckOptions(), "IG001",
     ("Dockerfile", None)),
    ("ignore file present", {"Dockerfile": DOCKERFILE, ".dockerignore": "a.py\n", "a.py": ""},
     CheckOptions(), "IG001", None),
    ("per-service file never read",
     {"Dockerfile": DOCKERFILE, ".dockerignore": "**/.env\n", "api/.dockerignore": "x\n"},
     CheckOptions(), "IG002", ("api/.dockerignore", None)),
    ("per-service file is a context",
     {"api/Dockerfile": DOCKERFILE, "api/.dockerignore": "x\n", "api/x": ""},
     CheckOptions(), "IG002", None),
    ("a named context's own file (compose additional_contexts)",
     {"app/Dockerfile": "FROM alpine\nCOPY --from=shared conf /etc/\nCOPY . /app\n",
      "app/.dockerignore": "x\n", "app/x": "", "shared/.dockerignore": "key.pem\n",
      "shared/conf": "", "compose.yaml": "services:\n  app:\n    build:\n      context: app\n"
      "      additional_contexts:\n        shared: ./shared\n        img: docker-image://a\n"},
     CheckOptions(), "IG002", None),
    ("a named context's own file (bake contexts, as a list in compose)",
     {"app/Dockerfile": "FROM alpine\nCOPY . /app\n", "app/.dockerignore": "x\n", "app/x": "",
      "shared/.dockerignore": "a\n", "proto/.dockerignore": "b\n",
      "docker-bake.hcl": 'variable "DIR" {\n  default = "shared"\n}\n'
      'target "app" {\n  context = "app"\n  contexts = {\n    shared = "${DIR}"\n'
      '    base = "target:other"\n  }\n}\n',
      "compose.yaml": "services:\n  api:\n    build:\n      context: app\n"
      "      additional_contexts:\n        - proto=proto\n"},
     CheckOptions(), "IG002", None),
    ("root file shadowed",
     {"Dockerfile": DOCKERFILE, "Dockerfile.dockerignore": "a\n", "a": "",
      ".dockerignore": "a\n"},
     CheckOptions(), "IG003", (".dockerignore", None)),
    ("no per-Dockerfile file", {"Dockerfile": DOCKERFILE, ".dockerignore": "a\n", "a": ""},
     CheckOptions(), "IG003", None),
    ("Dockerfile BuildKit rejects", {"Dockerfile": "# no instructions\n", "a": ""},
     CheckOptions(), "IG004", ("Dockerfile", None)),
    ("compose names a missing Dockerfile",
     {"compose.yaml": "services:\n  a:\n    build:\n      context: .\n"
      "      dockerfile: nope\n"},
     CheckOptions(), "IG004", ("compose.yaml", 5)),
    ("Dockerfile BuildKit reads", {"Dockerfile": DOCKERFILE, ".dockerignore": "a\n", "a": ""},
     CheckOptions(), "IG004", None),
    ("fragment named like a Dockerfile",
     {"Dockerfile": DOCKERFILE, ".dockerignore": "a\n", "a": "", "Dockerfile.part": "# x\n"},
     CheckOptions(), "IG005", ("Dockerfile.part", None)),
    ("target from an unset variable",
     {"compose.yaml": "services:\n  a:\n    build:\n      context: .\n"
      "      target: ${NOT_SET_ANYWHERE_IGNOREGEN}\n", "Dockerfile": DOCKERFILE},
     CheckOptions(), "IG005", ("compose.yaml", 5)),
    ("target with a default", {"compose.yaml": "services:\n  a:\n    build:\n      context: .\n"
                               "      target: ${NOT_SET_ANYWHERE_IGNOREGEN:-0}\n",
                               "Dockerfile": DOCKERFILE},
     CheckOptions(), "IG005", None),
    ("root files disagree",
     {"Containerfile": DOCKERFILE, ".containerignore": "a\n", ".dockerignore": "b\n", "a": "",
      "b": ""},
     CheckOptions(), "IG006", (".containerignore", None)),
    ("root files agree",
     {"Containerfile": DOCKERFILE, ".containerignore": "a\n", ".dockerignore": "a\n", "a": ""},
     CheckOptions(), "IG006", None),
    ("env file sent", {"Dockerfile": DOCKERFILE, ".dockerignore": "x\n", "x": "",
                       "deploy/.env.production": "K=v"},
     CheckOptions(), "IG101", (".dockerignore", None)),
    ("env example sent", {"Dockerfile": DOCKERFILE, ".dockerignore": "x\n", "x": "",
                          ".env.example": "K=", ".env.sample": "K="},
     CheckOptions(), "IG101", None),
    ("ssh key sent", {"Dockerfile": DOCKERFILE, ".dockerignore": "x\n", "x": "",
                      "keys/id_rsa": "k"},
     CheckOptions(), "IG101", (".dockerignore", None)),
    ("terraform state sent (no terraform detected)",
     {"Dockerfile": DOCKERFILE, ".dockerignore": "x\n", "x": "", "infra/prod.tfstate": "{}"},
     CheckOptions(), "IG101", (".dockerignore", None)),
    ("secret excluded", {"Dockerfile": DOCKERFILE, ".dockerignore": "**/.env\n", ".env": "K=v"},
     CheckOptions(), "IG101", None),
    ("private key in a file", {"Dockerfile": DOCKERFILE, ".dockerignore": "x\n", "x": "",
                               "conf/tls.txt": FAKE_KEY},
     CheckOptions(), "IG102", (".dockerignore", None)),
    ("npmrc with a token", {"Dockerfile": DOCKERFILE, ".dockerignore": "x\n", "x": "",
                            ".npmrc": "//registry.npmjs.org/:_authToken=abc\n"},
     CheckOptions(), "IG102", (".dockerignore", None)),
    ("npmrc without a token", {"Dockerfile": DOCKERFILE, ".dockerignore": "x\n", "x": "",
                               ".npmrc": "registry=https://registry.npmjs.org/\n"},
     CheckOptions(), "IG102", None),
    ("public key", {"Dockerfile": DOCKERFILE, ".dockerignore": "x\n", "x": "",
                    "ca.txt": "-----BEGIN CERTIFICATE-----\n"},
     CheckOptions(), "IG102", None),
    (".git sent", {"Dockerfile": DOCKERFILE, ".dockerignore": "x\n", "x": "",
                   ".git/HEAD": "ref"},
     CheckOptions(), "IG103", (".dockerignore", None)),
    (".git excluded", {"Dockerfile": DOCKERFILE, ".dockerignore": ".git\n", ".git/HEAD": "ref"},
     CheckOptions(), "IG103", None),
    ("node_modules sent", {"Dockerfile": DOCKERFILE, ".dockerignore": "x\n", "x": "",
                           "package.json": "{}", "node_modules/a/index.js": ""},
     CheckOptions(), "IG104", (".dockerignore", None)),
    ("virtualenv sent", {"Dockerfile": DOCKERFILE, ".dockerignore": "x\n", "x": "",
                         "pyproject.toml": "", ".venv/pyvenv.cfg": ""},
     CheckOptions(), "IG104", (".dockerignore", None)),
    ("node_modules excluded", {"Dockerfile": DOCKERFILE, ".dockerignore": "**/node_modules\n",
                               "package.json": "{}", "node_modules/a/index.js": ""},
     CheckOptions(), "IG104", None),
    ("COPY source outside the context",
     {"Dockerfile": "FROM scratch\nCOPY ../images /images\n", ".dockerignore": "x\n", "x": ""},
     CheckOptions(), "IG202", ("Dockerfile", 2)),
    ("COPY source present",
     {"Dockerfile": "FROM scratch\nCOPY images /images\n", ".dockerignore": "x\n",
      "images/a.png": ""},
     CheckOptions(), "IG202", None),
    ("COPY source excluded",
     {"Dockerfile": "FROM scratch\nCOPY conf/app.toml /etc/\n", ".dockerignore": "conf\n",
      "conf/app.toml": ""},
     CheckOptions(), "IG201", ("Dockerfile", 2)),
    ("COPY source re-included",
     {"Dockerfile": "FROM scratch\nCOPY conf/app.toml /etc/\n",
      ".dockerignore": "conf\n!conf/app.toml\n", "conf/app.toml": ""},
     CheckOptions(), "IG201", None),
    ("COPY source excluded by the per-Dockerfile file",
     {"Dockerfile": "FROM scratch\nCOPY README.md /\n", "Dockerfile.dockerignore": "*.md\n",
      ".dockerignore": "x\n", "README.md": ""},
     CheckOptions(), "IG201", ("Dockerfile", 2)),
    ("COPY source missing", {"Dockerfile": "FROM scratch\nCOPY gone /\n", ".dockerignore": "x\n"},
     CheckOptions(), "IG201", None),
    # locust's Dockerfile.ci: 'COPY ./dist dist' then 'pip install dist/*.whl'; a 'dist/**'
    # line sends the directory empty.
    ("COPY of a directory whose contents DIR/** excludes",
     {"Dockerfile": "FROM scratch\nCOPY ./dist dist\n", ".dockerignore": "dist/**\n",
      "dist/app-1-py3-none-any.whl": ""},
     CheckOptions(), "IG201", ("Dockerfile", 2)),
    ("COPY of a directory, some of its files excluded",
     {"Dockerfile": "FROM scratch\nCOPY ./dist dist\n", ".dockerignore": "dist/*.tmp\n",
      "dist/app-1-py3-none-any.whl": "", "dist/x.tmp": ""},
     CheckOptions(), "IG201", None),
    ("COPY of a directory whose files other rules exclude",  # storage/logs/.gitignore
     {"Dockerfile": "FROM scratch\nCOPY storage storage\n", ".dockerignore": "**/.gitignore\n",
      "storage/logs/.gitignore": "*\n"},
     CheckOptions(), "IG201", None),
    # piggymetrics (init's own block): the jar is given back but not built yet; the
    # ignore file is not what stops the build.
    ("COPY source given back, not built yet",
     {"Dockerfile": "FROM scratch\nADD ./target/app.jar /app/\n",
      ".dockerignore": "target\n!target/app.jar\n", "target/classes/A.class": ""},
     CheckOptions(), "IG201", None),
    ("root-only pattern", {"Dockerfile": DOCKERFILE, ".dockerignore": "# junk\n__pycache__\n",
                           "src/__pycache__/a.pyc": ""},
     CheckOptions(), "IG301", (".dockerignore", 2)),
    ("root-only */name", {"Dockerfile": DOCKERFILE, ".dockerignore": "*/__pycache__\n",
                         "a/b/__pycache__/x.pyc": ""},
     CheckOptions(), "IG301", (".dockerignore", 1)),
    ("any-depth pattern", {"Dockerfile": DOCKERFILE, ".dockerignore": "**/__pycache__\n",
                           "src/__pycache__/a.pyc": ""},
     CheckOptions(), "IG301", None),
    ("trailing comment", {"Dockerfile": DOCKERFILE, ".dockerignore": "x  # the x file\n"},
     CheckOptions(), "IG302", (".dockerignore", 1)),
    ("slash comment", {"Dockerfile": DOCKERFILE, ".dockerignore": "// deps\n"},
     CheckOptions(), "IG302", (".dockerignore", 1)),
    ("indented comment", {"Dockerfile": DOCKERFILE, ".dockerignore": "  # deps\n"},
     CheckOptions(), "IG302", (".dockerignore", 1)),
    ("comment line", {"Dockerfile": DOCKERFILE, ".dockerignore": "# x  # y\nx#y\n", "x#y": ""},
     CheckOptions(), "IG302", None),
    ("unterminated class", {"Dockerfile": DOCKERFILE, ".dockerignore": "a\n[b\n", "a": ""},
     CheckOptions(), "IG303", (".dockerignore", 2)),
    ("lone exception", {"Dockerfile": DOCKERFILE, ".dockerignore": "!\n"},
     CheckOptions(), "IG303", (".dockerignore", 1)),
    ("closed class", {"Dockerfile": DOCKERFILE, ".dockerignore": "[b]\n", "b": ""},
     CheckOptions(), "IG303", None),
    ("Buildah reads + as a repetition",
     {"Containerfile": DOCKERFILE, ".dockerignore": "a+b\n", "a+b": "", "aab": ""},
     CheckOptions(), "IG304", (".dockerignore", 1)),
    ("both read it alike", {"Containerfile": DOCKERFILE, ".dockerignore": "**/*.log\n",
                            "a.log": ""},
     CheckOptions(), "IG304", None),
    ("Buildah rejects a line", {"Containerfile": DOCKERFILE, ".containerignore": "x\na(\n",
                                "x": ""},
     CheckOptions(), "IG305", (".containerignore", 2)),
    ("Buildah accepts it", {"Containerfile": DOCKERFILE, ".containerignore": "a\n", "a": ""},
     CheckOptions(), "IG305", None),
    ("matches nothing", {"Dockerfile": DOCKERFILE, ".dockerignore": "sercrets.txt\n",
                         "secrets.txt": ""},
     CheckOptions(), "IG401", (".dockerignore", 1)),
    ("defensive rule", {"Dockerfile": DOCKERFILE, ".dockerignore": "**/.env\n"},
     CheckOptions(), "IG401", None),
    ("redundant inside an excluded directory",
     {"Dockerfile": DOCKERFILE, ".dockerignore": "docs\ndocs/*.md\n", "docs/a.md": ""},
     CheckOptions(), "IG402", (".dockerignore", 2)),
    ("an earlier rule already decides (Docker skips matched exclusions)",
     {"Dockerfile": DOCKERFILE, ".dockerignore": "*.md\n**/*.md\n", "a.md": ""},
     CheckOptions(), "IG402", (".dockerignore", 2)),
    ("both rules decide", {"Dockerfile": DOCKERFILE, ".dockerignore": "docs\n*.md\n",
                           "docs/a.md": "", "b.md": ""},
     CheckOptions(), "IG402", None),
    ("useless exception", {"Dockerfile": DOCKERFILE, ".dockerignore": "docs\n!doc/api.md\n",
                           "docs/api.md": ""},
     CheckOptions(), "IG403", (".dockerignore", 2)),
    ("working exception", {"Dockerfile": DOCKERFILE, ".dockerignore": "docs\n!docs/api.md\n",
                           "docs/api.md": ""},
     CheckOptions(), "IG403", None),
    ("over the size budget", {"Dockerfile": DOCKERFILE, ".dockerignore": "x\n", "x": "",
                              "big": "x" * 2000},
     CheckOptions(max_bytes=1000), "IG501", (".dockerignore", None)),
    ("under the size budget", {"Dockerfile": DOCKERFILE, ".dockerignore": "x\n", "x": ""},
     CheckOptions(max_bytes=1000), "IG501", None),
    ("over the file budget", {"Dockerfile": DOCKERFILE, ".dockerignore": "x\n", "x": "",
                              "a": "", "b": ""},
     CheckOptions(max_files=2), "IG502", (".dockerignore", None)),
    ("at the file budget", {"Dockerfile": DOCKERFILE, ".dockerignore": "x\n", "x": "", "a": ""},
     CheckOptions(max_files=3), "IG502", None),
    ("differs from init", {"Dockerfile": DOCKERFILE, ".dockerignore": "x\n", "x": "",
                           ".git/HEAD": "ref"},
     CheckOptions(strict=True), "IG601", (".dockerignore", None)),
    ("not strict", {"Dockerfile": DOCKERFILE, ".dockerignore": "x\n", "x": "",
                    ".git/HEAD": "ref"},
     CheckOptions(), "IG601", None),
    ("full base image", {"Dockerfile": "FROM python:3.12\n", ".dockerignore": "x\n", "x": ""},
     CheckOptions(), "IG701", ("Dockerfile", 1)),
    ("slim base image", {"Dockerfile": "FROM python:3.12-slim\n", ".dockerignore": "x\n",
                         "x": ""},
     CheckOptions(), "IG701", None),
    ("toolchain ships", {"Dockerfile": "FROM golang:1.22\nCOPY . /src\n"
                                       "RUN cd /src && go build -o /app\nCMD [\"/app\"]\n",
                         ".dockerignore": "x\n", "x": ""},
     CheckOptions(), "IG702", ("Dockerfile", 1)),
    ("toolchain stays in the builder",
     {"Dockerfile": "FROM golang:1.22 AS b\nCOPY . /src\nRUN cd /src && go build -o /app\n"
                    "FROM scratch\nCOPY --from=b /app /app\nCMD [\"/app\"]\n",
      ".dockerignore": "x\n", "x": ""},
     CheckOptions(), "IG702", None),
    ("build tools ship",
     {"Dockerfile": "FROM alpine:3.20\nRUN apk add --no-cache gcc musl-dev\n"
                    "CMD [\"/app\"]\n",
      ".dockerignore": "x\n", "x": ""},
     CheckOptions(), "IG703", ("Dockerfile", 2)),
    ("build tools removed",
     {"Dockerfile": "FROM alpine:3.20\nRUN apk add --no-cache -t .b gcc && apk del .b\n",
      ".dockerignore": "x\n", "x": ""},
     CheckOptions(), "IG703", None),
    ("dev dependencies ship",
     {"Dockerfile": "FROM node:22-slim\nCOPY package.json .\nRUN npm ci && npm cache clean"
                    " --force\n", "package.json": '{"devDependencies": {"jest": "1"}}',
      ".dockerignore": "x\n", "x": ""},
     CheckOptions(), "IG704", ("Dockerfile", 3)),
    ("production-only install",
     {"Dockerfile": "FROM node:22-slim\nCOPY package.json .\nRUN npm ci --omit=dev && npm "
                    "cache clean --force\n", "package.json": '{"devDependencies": {"jest": "1"}}',
      ".dockerignore": "x\n", "x": ""},
     CheckOptions(), "IG704", None),
    ("apt lists kept", {"Dockerfile": "FROM debian:12\nRUN apt-get update\n",
                        ".dockerignore": "x\n", "x": ""},
     CheckOptions(), "IG705", ("Dockerfile", 2)),
    ("apt lists removed", {"Dockerfile": "FROM debian:12\nRUN apt-get update && rm -rf "
                                         "/var/lib/apt/lists/*\n", ".dockerignore": "x\n", "x": ""},
     CheckOptions(), "IG705", None),
    ("suppression without a reason",
     {"Dockerfile": DOCKERFILE, ".dockerignore": "# ignoregen: ignore[IG401]\nnope\n"},
     CheckOptions(), "IG901", (".dockerignore", 1)),
    ("suppression of an unknown ID",
     {"Dockerfile": DOCKERFILE, ".dockerignore": "# ignoregen: ignore[IG999] why\nnope\n"},
     CheckOptions(), "IG901", (".dockerignore", 1)),
    ("suppression with a reason",
     {"Dockerfile": DOCKERFILE, ".dockerignore": "# ignoregen: ignore[IG401] later\nnope\n"},
     CheckOptions(), "IG901", None),
]


@pytest.mark.parametrize(
    ("files", "options", "rule_id", "where"),
    [pytest.param(files, options, rule_id, where, id=name)
     for name, files, options, rule_id, where in CASES],
)
def test_finding(
    tmp_path: Path,
    files: dict[str, str],
    options: CheckOptions,
    rule_id: str,
    where: tuple[str, int | None] | None,
) -> None:
    results = found(make(tmp_path, files), options)
    hits = [(file, line) for rid, file, line in results if rid == rule_id]
    if where is None:
        assert hits == [], results
    else:
        assert where in hits, results


def test_a_stray_ignore_file_names_each_context_once(tmp_path: Path) -> None:
    # bitwarden/server after init: fifteen builds of the root context, each with its own
    # <Dockerfile>.dockerignore, and util/Nginx/.dockerignore "sent from context ., ., ...".
    make(tmp_path, {
        "a/Dockerfile": DOCKERFILE, "a/Dockerfile.dockerignore": "**/.env\n",
        "b/Dockerfile": DOCKERFILE, "b/Dockerfile.dockerignore": "**/.env\n",
        "compose.yaml": "services:\n  a:\n    build:\n      context: .\n"
        "      dockerfile: a/Dockerfile\n  b:\n    build:\n      context: .\n"
        "      dockerfile: b/Dockerfile\n",
        "util/.dockerignore": "x\n",
    })
    report = run_check(tmp_path, presets_for(tmp_path), CheckOptions())
    [stray] = [item for item in report.findings if item.id == "IG002"]
    assert stray.message.endswith("the builds send it from context .")


ELSEWHERE = {"IG007": "tests/test_unreadable.py"}
"""Rules whose cases need more than files (an unreadable directory, as root: a failing
open), and the tests that hold them."""


def test_every_rule_has_a_case() -> None:
    covered = {rule_id for _, _, _, rule_id, where in CASES if where is not None}
    missed = {rule_id for _, _, _, rule_id, where in CASES if where is None}
    assert covered | set(ELSEWHERE) == missed | set(ELSEWHERE) == {info.id for info in RULES}
    tests = Path(__file__).resolve().parent
    for rule_id, test in ELSEWHERE.items():
        assert rule_id in (tests.parent / test).read_text(encoding="utf-8"), test


# (suppression lines, pattern, expected ids)
SUPPRESSIONS = [
    ("# ignoregen: ignore[IG401] kept for later\n", "nope\n", []),
    ("# ignoregen: ignore[IG301, IG401] both\n", "nope\n", []),
    ("# ignoregen: ignore[IG301] not this one\n", "nope\n", ["IG401"]),
    ("", "nope\n", ["IG401"]),
]


@pytest.mark.parametrize(("comment", "pattern", "expected"), SUPPRESSIONS)
def test_suppression_covers_the_next_line(
    tmp_path: Path, comment: str, pattern: str, expected: list[str]
) -> None:
    make(tmp_path, {"Dockerfile": DOCKERFILE, ".dockerignore": comment + pattern + "later\n",
                    "later": ""})
    assert [rule_id for rule_id, _, _ in found(tmp_path)] == expected


def test_context_wide_suppression(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": DOCKERFILE, ".env": "K=v",
                    ".dockerignore": "# ignoregen: ignore[IG101] a dummy file for tests\nx\n",
                    "x": ""})
    report = run_check(tmp_path, presets_for(tmp_path), CheckOptions())
    assert [item.id for item in report.findings] == []
    assert report.suppressed == 1


def test_secret_never_printed(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": DOCKERFILE, ".dockerignore": "x\n", "x": "",
                    ".env": "PASSWORD=hunter2-very-secret", "k.txt": FAKE_KEY,
                    ".npmrc": "//r/:_authToken=tok-123-secret\n"})
    report = run_check(tmp_path, presets_for(tmp_path), CheckOptions())
    text = repr(report.findings)
    assert {item.id for item in report.findings} == {"IG101", "IG102"}
    for secret in ("hunter2", "tok-123", "not a key"):
        assert secret not in text


@pytest.mark.parametrize(
    ("text", "size"),
    [("4096", 4096), ("200MB", 200_000_000), ("200mb", 200_000_000), ("1.5GiB", 1610612736),
     ("500k", 500_000), ("2 KiB", 2048), ("1T", 10**12)],
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "MB", "12 parsecs", "-1MB", "1iB", "1.2.3"])
def test_parse_size_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="is not a size"):
        parse_size(text)


def test_severities_are_the_documented_ones() -> None:
    assert {info.severity for info in RULES} == set(Severity)


def test_every_rule_is_documented() -> None:
    text = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text()
    headings = re.findall(r"^## (IG\d{3})$", text, re.MULTILINE)
    assert headings == [info.id for info in RULES]
    for info in RULES:
        assert f"**{info.name}** ({info.severity.value}" in text, info.id


ED25519 = "MC4CAQAwBQYDK2VwBCIEIBx1xdcEtjxZ4Ln+VmKTLtpMW1mUJtHXh3ouiHdN0rJq"
"""A whole ed25519 key in PKCS#8 (0x30 0x2e, then 46 bytes), made for these tests."""


@pytest.mark.parametrize("text", [
    "'example' => '-----BEGIN PRIVATE KEY-----MIGTAg...jy2Xbna-----END PRIVATE KEY-----',\n",
    "placeholder: `-----BEGIN PRIVATE KEY-----\nYour private key here\n"
    "-----END PRIVATE KEY-----`\n",
])
def test_a_placeholder_key_in_source_is_not_a_private_key(tmp_path: Path, text: str) -> None:
    # appwrite's API docs example and hoppscotch's input placeholder, in shipped source.
    from ignoregen.lint.content import secret_content as _secret_content

    (tmp_path / "Model.php").write_text(text)
    assert _secret_content(tmp_path / "Model.php") is None
    (tmp_path / "sa.json").write_text(
        '{"private_key": "-----BEGIN PRIVATE KEY-----\\n' + ED25519 + '\\n-----END..."}'
    )
    assert _secret_content(tmp_path / "sa.json") == "a private key"
    # source-controller's docs/spec/v1/buckets.md: a service account typed by hand, whose
    # body is neither DER nor OpenSSH's.
    made_up = "Hwethgy123hugghhhbdcu6356dgyjhsvgvGFDHYgcdjbvcdhbsx63c\\n76tgycfehuhVGTFYfw6t7y"
    (tmp_path / "buckets.md").write_text(
        '"private_key": "-----BEGIN PRIVATE KEY-----\\n' + made_up
        + '\\n-----END PRIVATE KEY-----"'
    )
    assert _secret_content(tmp_path / "buckets.md") is None
    # An OpenSSH key is not DER, and a key.
    openssh = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
    (tmp_path / "id_ed25519").write_text(
        f"-----BEGIN OPENSSH PRIVATE KEY-----\n{openssh}\n-----END OPENSSH PRIVATE KEY-----\n")
    assert _secret_content(tmp_path / "id_ed25519") == "a private key"


def test_secret_content_with_the_walks_size(tmp_path: Path) -> None:
    """The size the walk saw only spares the read that finds the end of the file: a key is
    found as without it, below and beyond the first read's length."""
    from ignoregen.lint.content import HEAD, secret_content

    key = "-----BEGIN PRIVATE KEY-----\n" + ED25519 + "\n-----END PRIVATE KEY-----\n"
    for padding in (0, 1000, HEAD - len(key), HEAD + 10):
        path = tmp_path / f"k{padding}.pem"
        path.write_text("x" * padding + key)
        size = path.stat().st_size
        expected = "a private key" if padding + len(key) <= HEAD else None
        assert secret_content(path) == expected
        assert secret_content(path, size) == expected
        assert secret_content(path, size + 7) == expected


def test_a_file_too_short_for_a_key_is_not_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file the walk saw shorter than the shortest key the pattern takes is not read; a
    .npmrc or .pypirc of any size is (a token line is short)."""
    from ignoregen.lint import content

    key = "-----BEGIN PRIVATE KEY-----\n" + ED25519 + "\n-----END PRIVATE KEY-----\n"
    (tmp_path / "k.pem").write_text(key)
    (tmp_path / ".npmrc").write_text("_auth=abc\n")
    assert content.secret_content(tmp_path / "k.pem") == "a private key"
    opened: list[str] = []
    real_open = os.open

    def counting_open(path: str, *args: int, **kwargs: Any) -> int:
        opened.append(os.path.basename(path))
        return real_open(path, *args, **kwargs)  # (dir_fd: see _read_head)

    monkeypatch.setattr(os, "open", counting_open)
    assert content.secret_content(tmp_path / "k.pem", content.SHORTEST_KEY - 1) is None
    assert opened == []
    assert content.secret_content(tmp_path / "k.pem", content.SHORTEST_KEY) == "a private key"
    assert content.secret_content(tmp_path / ".npmrc", 10) == "a registry token"
    assert opened == ["k.pem", ".npmrc"]


def test_a_key_sample_cut_short_is_not_a_private_key(tmp_path: Path) -> None:
    # dokploy's certificate form shows a placeholder: a PEM block whose DER body says 1,352
    # bytes follow and which ends after 96. A whole key (or one with its DER header only
    # cut off from view, in JSON) is still one.
    from ignoregen.lint.content import secret_content

    body = "MIIFRDCCAyygAwIBAgIUEPOR47ys6VDwMVB9tYoeEka83uQwDQYJKoZIhvcNAQELBQAw"
    body += "GTEXMBUGA1UEAwwObWktZG9taW5pby5jb20wHhcNMjQwMzExMDQyNzU3WhcN"
    (tmp_path / "form.tsx").write_text(
        'const placeholder =\n\t"-----BEGIN PRIVATE KEY-----\\n' + body
        + '\\n-----END PRIVATE KEY-----";\n'
    )
    assert secret_content(tmp_path / "form.tsx") is None
    # An ed25519 key in PKCS#8: 0x30 0x2e, then 46 bytes: whole, so a key.
    whole = ED25519
    (tmp_path / "ed.pem").write_text(
        f"-----BEGIN PRIVATE KEY-----\n{whole}\n-----END PRIVATE KEY-----\n"
    )
    assert secret_content(tmp_path / "ed.pem") == "a private key"
    # The same sample without its end: a file cut off at the read limit is not judged.
    (tmp_path / "open.tsx").write_text("-----BEGIN PRIVATE KEY-----\n" + body + "\n")
    assert secret_content(tmp_path / "open.tsx") == "a private key"
