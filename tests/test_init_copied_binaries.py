"""``init`` and binaries that a Dockerfile copies out of a build-output directory: every
COPY below the excluded directory keeps its file, not only the first (chirpstack copies a
``target/<triple>/release/chirpstack`` for each of three platforms, built on the host by
``cross`` before ``docker build``)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ignoregen.cli import cli
from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher

TRIPLES = ["x86_64-unknown-linux-musl", "armv7-unknown-linux-musleabihf",
           "aarch64-unknown-linux-musl"]


def test_every_binary_copied_out_of_target_stays(tmp_path: Path) -> None:
    copies = "".join(f"COPY target/{t}/release/app /usr/bin/app-{t}\n" for t in TRIPLES)
    files = {
        "Cargo.toml": '[package]\nname = "app"\nversion = "0.1.0"\n',
        "src/main.rs": "fn main() {}\n",
        ".gitignore": "**/target\n",
        "Dockerfile": f"FROM alpine:3\n{copies}",
        # The developer's machine: an earlier host build, so a target rule is written.
        "target/release/app": "elf",
        "target/debug/deps/libx.rlib": "rlib",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    matcher = Matcher(parse_bytes((tmp_path / ".dockerignore").read_bytes(), ".dockerignore"))
    assert matcher.decide("target/release/app").excluded  # the host build still goes
    for triple in TRIPLES:
        assert not matcher.decide(f"target/{triple}/release/app").excluded, triple
    # After `make dist` the three binaries exist: check finds nothing the build misses.
    for triple in TRIPLES:
        (tmp_path / "target" / triple / "release").mkdir(parents=True)
        (tmp_path / "target" / triple / "release" / "app").write_text("elf")
    checked = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert "IG201" not in checked.output, checked.output
