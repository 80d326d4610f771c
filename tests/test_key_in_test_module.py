"""A committed source file whose every private key lies in its test code holds no secret:
vectordotdev/vector's src/sinks/gcp_chronicle/chronicle_unstructured.rs ends with a
``#[cfg(test)] mod test { ... }`` whose service account for a mock server ("project_id":
"test") carries an RSA key; tests/antithesis/Dockerfile copies src, and check reported IG102
"holds a private key" on a clean checkout. Rust keeps a crate's unit tests in the source
file, below that attribute (the presets' ``test_code_shapes``). A key above the test module,
or in a file git does not track, is still reported."""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path

from trees import run_in, tree

_BODY = base64.b64encode(b"\x30\x2d" + bytes(range(45))).decode()
"""A whole DER structure (a SEQUENCE of 45 bytes), not a sample cut short."""
_KEY = f"-----BEGIN RSA PRIVATE KEY-----\\n{_BODY}\\n-----END RSA PRIVATE KEY-----"

SINK = "pub fn send() {}\n"
TESTS = (
    "#[cfg(test)]\nmod test {\n    use super::*;\n\n    fn creds() -> serde_json::Value {\n"
    "        serde_json::json!({\n            \"type\": \"service_account\",\n"
    "            \"project_id\": \"test\",\n            \"private_key_id\": \"1\",\n"
    f"            \"private_key\": \"{_KEY}\",\n        }})\n    }}\n}}\n"
)
ABOVE = f'static SIGNING: &str = "{_KEY}";\n'


def _project(root: Path, source: str, gitignore: str = "") -> None:
    tree(root, {
        "Cargo.toml": '[package]\nname = "vector"\nversion = "0.1.0"\n',
        "src/main.rs": "mod sink;\nfn main() {}\n",
        "src/sink.rs": source,
        ".dockerignore": "target\n",
        ".gitignore": gitignore,
        "Dockerfile": "FROM rust:1 AS build\nWORKDIR /src\nCOPY Cargo.toml ./\nCOPY src ./src\n"
                      "RUN cargo build --release\n"
                      "FROM debian:bookworm-slim\nCOPY --from=build /src/target/release/vector "
                      "/usr/bin/vector\nENTRYPOINT [\"/usr/bin/vector\"]\n",
    })
    git = ["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)


def test_a_key_in_the_test_module_is_not_reported(tmp_path: Path) -> None:
    _project(tmp_path, SINK + TESTS)
    _, output = run_in(tmp_path, "check", ".")
    assert "IG102" not in output, output


def test_a_key_above_the_test_module_is_reported(tmp_path: Path) -> None:
    _project(tmp_path, SINK + ABOVE + TESTS)
    _, output = run_in(tmp_path, "check", ".")
    assert "IG102" in output, output
    assert "src/sink.rs" in output


def test_a_gitignored_file_is_reported_whatever_its_tests(tmp_path: Path) -> None:
    _project(tmp_path, SINK + TESTS, gitignore="src/sink.rs\n")
    _, output = run_in(tmp_path, "check", ".")
    assert "IG102" in output, output
