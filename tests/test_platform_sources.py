"""A COPY whose source holds a platform argument. BuildKit sets TARGETPLATFORM to
``linux/amd64`` or ``linux/arm/v7``: two or three directories, never everything at the
top. netbird's proxy/Dockerfile copies ``${TARGETPLATFORM}/netbird-proxy`` (goreleaser's
layout); read as ``*``, check said that proxy/web/node_modules "would be sent", which
BuildKit never does. A variant (TARGETVARIANT) is empty on most platforms, and an ARG
whose default holds the platform (``ARG NETBIRD_BINARY=$TARGETPLATFORM/netbird``) stands
for the same shapes."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_init_exception_scope import _repository, init_here, sent_by_buildkit
from trees import run_in

from ignoregen.build.dockerfile import analyse_text


def _covered(dockerfile: str, path: str) -> bool:
    reads = analyse_text("FROM a\n" + dockerfile + "\n", Path("Dockerfile"))
    return any(source.covers(path) for source in reads.sources)


CLIENT = ('ARG TARGETPLATFORM\nARG NETBIRD_BINARY=$TARGETPLATFORM/netbird\n'
          'COPY "${NETBIRD_BINARY}" /b')


@pytest.mark.parametrize(("text", "path", "covered"), [
    ("ARG TARGETPLATFORM\nCOPY ${TARGETPLATFORM}/netbird-proxy /b", "linux/amd64/netbird-proxy",
     True),
    ("ARG TARGETPLATFORM\nCOPY ${TARGETPLATFORM}/netbird-proxy /b",
     "linux/arm/v7/netbird-proxy", True),
    ("ARG TARGETPLATFORM\nCOPY ${TARGETPLATFORM}/netbird-proxy /b", "web/node_modules/x/a.js",
     False),
    ("ARG TARGETPLATFORM\nCOPY ${TARGETPLATFORM}/netbird-proxy /b", "README.md", False),
    ("ARG BUILDPLATFORM\nCOPY out/$BUILDPLATFORM /b", "out/linux/arm64/tool", True),
    ("ARG BUILDPLATFORM\nCOPY out/$BUILDPLATFORM /b", "docs/a.md", False),
    # the variant is empty for linux/amd64: bin/linux/amd64/app, bin/linux/arm/v7/app
    ("ARG TARGETOS TARGETARCH TARGETVARIANT\nCOPY bin/$TARGETOS/$TARGETARCH/$TARGETVARIANT/app /",
     "bin/linux/amd64/app", True),
    ("ARG TARGETOS TARGETARCH TARGETVARIANT\nCOPY bin/$TARGETOS/$TARGETARCH/$TARGETVARIANT/app /",
     "bin/linux/arm/v7/app", True),
    ("ARG TARGETOS TARGETARCH TARGETVARIANT\nCOPY bin/$TARGETOS/$TARGETARCH/$TARGETVARIANT/app /",
     "bin/linux/amd64/other", False),
    ("ARG TARGETARCH\nCOPY ${TARGETARCH}/app /", "amd64/app", True),
    ("ARG TARGETARCH\nCOPY ${TARGETARCH}/app /", "web/node_modules", False),
    # an ARG whose default holds the platform (netbird's client/Dockerfile)
    (CLIENT, "linux/arm/v7/netbird", True),
    (CLIENT, "client/internal/infra/.env", False),
    ("ARG TARGETPLATFORM\nARG B=$TARGETPLATFORM/netbird\nENV B=\nCOPY ${B}x /b", "x", True),
    ("ARG V\nARG D=$V\nCOPY $D /b", "anything/at/all", True),  # no platform: unknown
])
def test_platform_source_shapes(text: str, path: str, covered: bool) -> None:
    assert _covered(text, path) is covered


def test_a_global_arg_default_with_the_platform_reaches_the_stage() -> None:
    reads = analyse_text("ARG TARGETPLATFORM\nARG BIN=$TARGETPLATFORM/app\nFROM a\nARG BIN\n"
                         "COPY $BIN /b\n", Path("Dockerfile"))
    assert sorted(source.pattern for source in reads.sources) == ["*/*/*/app", "*/*/app"]


def _proxy(root: Path, installed: bool = True) -> None:
    """netbird's proxy/: goreleaser's binaries, a web UI whose node_modules git ignores."""
    _repository(root, {
        "go.mod": "module x\n", "main.go": "package main\n",
        "web/package.json": '{"name": "web"}\n', "web/.gitignore": "node_modules\n",
        ".gitignore": "linux/\n",
        "Dockerfile": "FROM scratch\nARG TARGETPLATFORM\n"
                      "COPY ${TARGETPLATFORM}/netbird-proxy /go/bin/netbird-proxy\n",
    })
    if installed:
        (root / "web/node_modules/left-pad").mkdir(parents=True)
        (root / "web/node_modules/left-pad/index.js").write_text("module.exports = 1\n")


def test_check_says_no_dependencies_are_sent_through_a_platform_copy(tmp_path: Path) -> None:
    _proxy(tmp_path)
    (tmp_path / ".dockerignore").write_text("**/.git\n")
    code, out = run_in(tmp_path, "check")
    assert "node_modules" not in out, out
    assert code == 0, out


def test_init_keeps_both_platform_shapes(tmp_path: Path) -> None:
    _proxy(tmp_path)
    (tmp_path / "linux/amd64").mkdir(parents=True)
    (tmp_path / "linux/amd64/netbird-proxy").write_bytes(b"\x7fELF")
    init_here(tmp_path)
    (tmp_path / "linux/arm/v7").mkdir(parents=True)  # built after init
    (tmp_path / "linux/arm/v7/netbird-proxy").write_bytes(b"\x7fELF")
    sent = sent_by_buildkit(tmp_path)
    assert {"linux/amd64/netbird-proxy", "linux/arm/v7/netbird-proxy"} <= sent
    assert not any("node_modules" in path for path in sent)


def test_init_writes_the_laptop_rules_beside_a_platform_copy(tmp_path: Path) -> None:
    """Only the platform is unknown: init writes the developer's-machine rules (main wrote
    none, as for a source any argument may name) and tests them on every platform's path.
    A fresh clone: no node_modules yet."""
    _proxy(tmp_path, installed=False)
    init_here(tmp_path)
    assert "**/node_modules" in (tmp_path / ".dockerignore").read_text().splitlines()


def test_a_laptop_rule_that_excludes_a_platform_directory_is_not_written(tmp_path: Path) -> None:
    from ignoregen.knowledge.preset import load_presets
    from ignoregen.plan.alone import _rule
    from ignoregen.plan.laptop import laptop_rules

    _proxy(tmp_path)
    (tmp_path / ".gitignore").write_text("linux/\nnode_modules\n")
    category = next(c for c in load_presets().categories if c.id == "node.dependencies")
    sources = analyse_text("FROM scratch\nARG TARGETPLATFORM\n"
                           "COPY ${TARGETPLATFORM}/netbird-proxy /b\n", Path("Dockerfile")).sources
    kept, _ = laptop_rules(tmp_path, [(category, _rule("linux")),
                                      (category, _rule("**/node_modules"))], [], sources)
    assert kept == frozenset({"**/node_modules"})


def test_a_default_that_depends_on_another_argument_stays_unknown() -> None:
    """A build may pass any value for V: ``ARG W=pre-$V`` is not read as ``pre-*``."""
    reads = analyse_text("FROM a\nARG V\nARG W=pre-$V\nCOPY $W /b\n", Path("Dockerfile"))
    assert [source.pattern for source in reads.sources] == ["*"]
