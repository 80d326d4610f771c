"""A committed source file whose every private key the code names test or demo data holds
no secret: bitwarden/server's ``util/RustSdk/rust/src/rsa_keys.rs`` declares a hundred
``const TEST_FAKE_RSA_KEY_N: &str = "-----BEGIN PRIVATE KEY-----...`` for the seeder that
fills development databases (its header says they are not credentials). Its Dockerfiles
``COPY . ./`` the repository, and check reported IG102 "holds a private key" (a warning)
on a clean checkout, for a file whose path says nothing of tests. A key a source file
names otherwise, or a fixture-named key in a file git does not track, is still reported."""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path

from trees import run_in, tree

_BODY = base64.b64encode(b"\x30\x2d" + bytes(range(45))).decode() + "\n"
"""A whole DER structure (a SEQUENCE of 45 bytes), not a sample cut short."""


def _rust(*names: str) -> str:
    return "".join(
        f'const {name}: &str = "-----BEGIN PRIVATE KEY-----\n{_BODY}-----END PRIVATE KEY-----";\n'
        for name in names
    )


def _project(root: Path, keys: str, gitignore: str = "") -> None:
    tree(root, {
        "util/RustSdk/rust/Cargo.toml": '[package]\nname = "sdk"\nversion = "0.1.0"\n',
        "util/RustSdk/rust/src/rsa_keys.rs": keys,
        "src/Api/Api.csproj": '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>\n',
        ".dockerignore": "**/bin\n**/obj\n",
        ".gitignore": gitignore,
        "src/Api/Dockerfile": (
            "FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /source\nCOPY . ./\n"
            "WORKDIR /source/src/Api\nRUN dotnet publish -c release -o out\n"
            "FROM mcr.microsoft.com/dotnet/aspnet:10.0\n"
            "COPY --from=build /source/src/Api/out /app\n"
        ),
    })
    git = ["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)


def test_keys_named_test_fakes_are_not_reported(tmp_path: Path) -> None:
    _project(tmp_path, _rust("TEST_FAKE_RSA_KEY_0", "TEST_FAKE_RSA_KEY_1"))
    _, output = run_in(tmp_path, "check", "-f", "src/Api/Dockerfile", ".")
    assert "IG102" not in output, output


def test_one_key_named_otherwise_is_reported(tmp_path: Path) -> None:
    _project(tmp_path, _rust("TEST_FAKE_RSA_KEY_0", "SIGNING_KEY"))
    _, output = run_in(tmp_path, "check", "-f", "src/Api/Dockerfile", ".")
    assert "IG102" in output, output
    assert "rsa_keys.rs" in output


def test_a_gitignored_file_is_reported_whatever_it_names(tmp_path: Path) -> None:
    _project(tmp_path, _rust("TEST_FAKE_RSA_KEY_0"), gitignore="rsa_keys.rs\n")
    _, output = run_in(tmp_path, "check", "-f", "src/Api/Dockerfile", ".")
    assert "IG102" in output, output
