"""Presets for Swift, Dart/Flutter, Zig and Haskell: the host's build trees (.build,
.dart_tool and the root's build/, zig-out and .zig-cache, .stack-work and
dist-newstyle) are excluded even when .gitignore does not list them; a COPY that names one
keeps it; SwiftPM's declared target paths are kept (a missing test target directory stops
``swift build``)."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree

SWIFT_MANIFEST = """// swift-tools-version:5.9
import PackageDescription
let package = Package(
    name: "svc",
    targets: [
        .executableTarget(name: "Svc", path: "Sources/Svc"),
        .testTarget(name: "SvcTests", dependencies: ["Svc"], path: "tests/SvcTests"),
    ]
)
"""


def init(root: Path) -> str:
    code, output = run_in(root, "init")
    assert code == 0, output
    return output


def test_swift(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Package.swift": SWIFT_MANIFEST,
        "Sources/Svc/main.swift": "print(1)\n",
        "tests/SvcTests/SvcTests.swift": "import XCTest\n",
        ".build/debug/Svc": "host binary",
        "Dockerfile": "FROM swift:6.1 AS build\nWORKDIR /src\nCOPY . .\n"
                      "RUN swift build -c release\nFROM ubuntu:noble\n"
                      "COPY --from=build /src/.build/release/Svc /svc\nCMD [\"/svc\"]\n",
    })
    init(tmp_path)
    assert not sent(tmp_path, ".build/debug/Svc")
    assert sent(tmp_path, "tests/SvcTests/SvcTests.swift")
    assert sent(tmp_path, "Sources/Svc/main.swift")


def test_swift_prebuilt_binary_copied_by_name(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Package.swift": SWIFT_MANIFEST.replace(', path: "tests/SvcTests"', ""),
        "Sources/Svc/main.swift": "print(1)\n",
        ".build/release/Svc": "binary",
        "Dockerfile": "FROM ubuntu:noble\nCOPY .build/release/Svc /svc\nCMD [\"/svc\"]\n",
    })
    init(tmp_path)
    assert sent(tmp_path, ".build/release/Svc")


def test_dart(tmp_path: Path) -> None:
    tree(tmp_path, {
        "pubspec.yaml": "name: app\n",
        "lib/main.dart": "void main() {}\n",
        ".dart_tool/package_config.json": "{}",
        "build/web/main.dart.js": "//",
        "tools/build/make.sh": "echo\n",
        "Dockerfile": "FROM dart:stable AS build\nWORKDIR /app\nCOPY . .\n"
                      "RUN dart pub get && dart compile exe lib/main.dart -o /srv\n"
                      "FROM scratch\nCOPY --from=build /srv /srv\nCMD [\"/srv\"]\n",
    })
    init(tmp_path)
    assert not sent(tmp_path, ".dart_tool/package_config.json")
    assert not sent(tmp_path, "build/web/main.dart.js")
    assert sent(tmp_path, "tools/build/make.sh")  # the root's build/ only


def test_flutter_web_build_copied_by_name(tmp_path: Path) -> None:
    tree(tmp_path, {
        "pubspec.yaml": "name: app\n",
        "build/web/index.html": "<html></html>",
        "Dockerfile": "FROM nginx:alpine\nCOPY build/web /usr/share/nginx/html\n",
    })
    init(tmp_path)
    assert sent(tmp_path, "build/web/index.html")


def test_zig(tmp_path: Path) -> None:
    tree(tmp_path, {
        "build.zig": "const std = @import(\"std\");\n",
        "src/main.zig": "pub fn main() void {}\n",
        ".zig-cache/o/abc/main.o": "obj",
        "zig-out/bin/app": "host binary",
        "Dockerfile": "FROM alpine AS build\nRUN apk add zig\nWORKDIR /src\nCOPY . .\n"
                      "RUN zig build -Doptimize=ReleaseSafe\nFROM alpine\n"
                      "COPY --from=build /src/zig-out/bin/app /app\nCMD [\"/app\"]\n",
    })
    init(tmp_path)
    assert not sent(tmp_path, ".zig-cache/o/abc/main.o")
    assert not sent(tmp_path, "zig-out/bin/app")
    assert sent(tmp_path, "src/main.zig")


def test_haskell(tmp_path: Path) -> None:
    tree(tmp_path, {
        "stack.yaml": "resolver: lts-22.0\n",
        "svc.cabal": "name: svc\n",
        "app/Main.hs": "main = pure ()\n",
        ".stack-work/dist/x86_64-linux/svc": "host binary",
        "dist-newstyle/cache/plan.json": "{}",
        "Dockerfile": "FROM haskell:9.6 AS build\nWORKDIR /src\nCOPY . .\n"
                      "RUN stack build --copy-bins --local-bin-path /out\n"
                      "FROM debian:bookworm-slim\nCOPY --from=build /out/svc /svc\n"
                      "CMD [\"/svc\"]\n",
    })
    init(tmp_path)
    assert not sent(tmp_path, ".stack-work/dist/x86_64-linux/svc")
    assert not sent(tmp_path, "dist-newstyle/cache/plan.json")
    assert sent(tmp_path, "svc.cabal")
    assert sent(tmp_path, "stack.yaml")
