"""Deterministic generator of a monorepo-shaped Docker build context.

The tree imitates what a real polyglot monorepo looks like on a developer's
machine: pnpm ``node_modules`` stores (real files under ``.pnpm``, symlinks
everywhere else), a Python virtualenv with byte-code caches, a ``.git``
directory with loose objects and packs, TypeScript and Python sources with
their tests, docs and stray caches, build outputs and a handful of large
binaries.

Every random choice comes from ``random.Random`` instances seeded from the
seed and the name of the section being generated, and nothing iterates over a
``set`` of strings, so the same parameters always give byte-identical trees.
Each section receives an entry budget proportional to the requested total and
keeps generating until it has spent it, so the tree always has at least the
requested number of entries (files + directories + symlinks, root excluded).
"""

from __future__ import annotations

import base64
import json
import math
import os
import posixpath
import random
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GENERATOR_NAME = "ignoregen-bench-tree"
# Bump whenever the shape or the content of the tree changes: a cached tree
# is reused only when its marker carries the same version and parameters.
GENERATOR_VERSION = 2
DEFAULT_SEED = 1729
DEFAULT_ENTRIES = 250_000
MARKER_NAME = "tree.json"
TREE_DIRNAME = "repo"

# The .dockerignore written at the root of the tree. A typical hand-written
# file: some rules anchored at the root only (``dist``, ``coverage``, ``*.md``),
# so nested copies leak into the context, as they do in real projects.
DOCKERIGNORE = """\
# Build context for the monorepo images
.git
.venv
**/node_modules
**/__pycache__
**/*.pyc
**/.pytest_cache
dist
**/.next
coverage
docs
*.md
!README.md
**/.env*
!**/.env.example
**/.DS_Store
*.log
"""

DOCKERFILE = """\
# syntax=docker/dockerfile:1
FROM node:20-slim AS web
WORKDIR /repo
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY packages ./packages
RUN corepack enable && pnpm install --frozen-lockfile && pnpm --filter web build

FROM python:3.11-slim AS api
WORKDIR /app
COPY services/api/pyproject.toml ./
RUN pip install --no-cache-dir .
COPY services/api/src ./src
COPY --from=web /repo/packages/web/.next/static ./static
CMD ["python", "-m", "api"]
"""

# The second shape ("sized"): the same tree, but no wildcard exception in the
# .dockerignore (an excluded directory is only sized, never searched, as in most
# real repositories), and a root Dockerfile that copies one named service.
SHAPES = ("search", "sized")
DOCKERIGNORE_SIZED = "".join(
    line for line in DOCKERIGNORE.splitlines(keepends=True)
    if not (line.startswith("!") and any(c in line for c in "*?["))
)
DOCKERFILE_SIZED = """\
# syntax=docker/dockerfile:1
FROM python:3.11-slim
WORKDIR /app
COPY services/api /app
RUN pip install --no-cache-dir .
CMD ["python", "-m", "api"]
"""

ROOT_PYPROJECT = """\
# Shared tool settings for the Python services.
[tool.ruff]
line-length = 100
target-version = "py311"

[tool.ruff.lint]
select = ["E", "F", "I", "B"]

[tool.mypy]
strict = true
python_version = "3.11"

[tool.pytest.ini_options]
addopts = "-ra"
"""

ROOT_MAKEFILE = """\
.PHONY: build test lint

build:
\tdocker compose build

test:
\tpnpm -r test && pytest services

lint:
\tpnpm -r lint && ruff check services
"""

PY_SERVICE_PYPROJECT = """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "{name}"
version = "1.4.2"
readme = "README.md"
requires-python = ">=3.11"
dependencies = [
{deps}]

[project.optional-dependencies]
test = ["pytest>=8", "httpx>=0.27"]

[tool.setuptools.packages.find]
where = ["src"]

[tool.pytest.ini_options]
testpaths = ["tests"]
"""

PY_SERVICE_DOCKERFILE = """\
FROM python:3.11-slim
WORKDIR /app
COPY {prefix}pyproject.toml {prefix}README.md ./
COPY {prefix}src ./src
RUN pip install --no-cache-dir .
COPY {prefix}migrations ./migrations
CMD ["python", "-m", "{pkg}"]
"""

WEB_DOCKERFILE = """\
FROM node:20-slim AS build
WORKDIR /repo
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY packages ./packages
RUN corepack enable && pnpm install --frozen-lockfile && pnpm --filter @acme/{name} build

FROM node:20-slim
WORKDIR /app
COPY --from=build /repo/{base}/.next/standalone ./
CMD ["node", "server.js"]
"""

NODE_DOCKERFILE = """\
FROM node:20-slim
WORKDIR /repo
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY packages/shared ./packages/shared
COPY {base} ./{base}
RUN corepack enable && pnpm install --frozen-lockfile && pnpm --filter @acme/{name} build
CMD ["node", "{base}/dist/index.js"]
"""

PY_DEPENDENCIES = [
    "fastapi>=0.111", "uvicorn[standard]>=0.30", "pydantic>=2.7", "sqlalchemy>=2.0",
    "alembic>=1.13", "psycopg[binary]>=3.1", "celery>=5.4", "redis>=5.0", "httpx>=0.27",
    "boto3>=1.34", "structlog>=24.1", "numpy>=1.26", "jinja2>=3.1", "click>=8.1",
]

SYLLABLES = (
    "ba", "co", "da", "fe", "gi", "ho", "ju", "ka", "lo", "mi", "ne", "po", "ra",
    "si", "tu", "ve", "wo", "xi", "zo", "ar", "en", "il", "or", "um", "str", "pl",
    "tr", "ch", "sh", "qu", "ny", "ex", "an", "ty", "mo",
)
WORDS = (
    "index", "utils", "core", "types", "config", "client", "server", "parser", "helpers",
    "constants", "errors", "hooks", "store", "api", "router", "schema", "models", "render",
    "format", "validate", "cache", "events", "stream", "buffer", "logger", "plugin", "compat",
    "legacy", "internal", "shared", "common", "base", "context", "session", "auth", "http",
    "request", "response", "query", "mutation", "state", "reducer", "selector", "theme",
    "layout", "button", "modal", "table", "form", "input", "chart", "date", "time", "number",
    "string", "array", "object", "map", "set", "queue", "worker", "task", "job", "scheduler",
    "metrics", "trace", "span", "encode", "decode", "crypto", "hash", "token", "user",
    "account", "billing", "invoice", "payment", "order", "cart", "product", "search",
    "filter", "sort", "page", "view", "widget", "icon", "image", "upload", "download",
)
VOCAB = (
    "const", "let", "return", "function", "import", "export", "from", "def", "class",
    "self", "if", "else", "for", "in", "await", "async", "yield", "None", "null", "true",
    "false", "value", "result", "options", "props", "data", "error", "item", "items",
    "key", "name", "path", "node", "next", "prev", "=", "==", "=>", "(", ")", "{", "}",
    "[", "]", ":", ";", ",", ".", "+", "-", "*", "0", "1", "42", "'utf-8'", "'id'",
    "typeof", "instanceof", "new", "this", "try", "except", "raise", "throw", "catch",
    *WORDS,
)

NPM_SCOPES = (
    "@babel", "@types", "@radix-ui", "@tanstack", "@emotion", "@swc", "@eslint",
    "@typescript-eslint", "@opentelemetry", "@aws-sdk", "@smithy", "@vitest", "@jest",
    "@rollup", "@floating-ui", "@sentry",
)

# Real package names first (they give the tree a familiar look), with a file
# count at scale 1.0 and optional large files: (path, bytes, "text" | "bin").
NpmSpecial = tuple[int, tuple[tuple[str, int, str], ...]]
NPM_SPECIAL: dict[str, NpmSpecial] = {
    "react": (40, ()),
    "react-dom": (60, (("cjs/react-dom.development.js", 1_050_000, "text"),)),
    "next": (2600, (("dist/compiled/next-server/app-page.runtime.prod.js", 900_000, "text"),)),
    "typescript": (120, (("lib/typescript.js", 3_100_000, "text"),
                         ("lib/tsserver.js", 900_000, "text"))),
    "lodash": (1050, ()),
    "@babel/core": (90, ()),
    "@babel/parser": (12, (("lib/index.js", 480_000, "text"),)),
    "@babel/traverse": (60, ()),
    "@babel/types": (160, ()),
    "@types/node": (80, ()),
    "@types/react": (12, ()),
    "eslint": (420, ()),
    "prettier": (60, (("index.cjs", 700_000, "text"),)),
    "esbuild": (10, ()),
    "@esbuild/linux-x64": (4, (("bin/esbuild", 5_200_000, "bin"),)),
    "@next/swc-linux-x64-gnu": (4, (("next-swc.linux-x64-gnu.node", 6_100_000, "bin"),)),
    "sharp": (40, ()),
    "@img/sharp-libvips-linux-x64": (6, (("lib/libvips-cpp.so.42", 6_200_000, "bin"),)),
    "@prisma/engines": (20, (("libquery_engine-debian-openssl-3.0.x.so.node",
                              5_400_000, "bin"),)),
    "@prisma/client": (120, ()),
    "webpack": (700, ()),
    "postcss": (60, ()),
    "tailwindcss": (260, ()),
    "zod": (70, ()),
    "axios": (80, ()),
    "date-fns": (1500, ()),
    "rxjs": (1100, ()),
    "@tanstack/react-query": (220, ()),
    "vite": (80, ()),
    "vitest": (90, ()),
    "core-js": (1400, ()),
    "caniuse-lite": (620, ()),
    "chalk": (10, ()),
    "commander": (25, ()),
    "semver": (50, ()),
    "glob": (60, ()),
    "minimatch": (30, ()),
    "debug": (8, ()),
    "ms": (4, ()),
    "uuid": (90, ()),
    "ws": (20, ()),
    "express": (15, ()),
    "@aws-sdk/client-s3": (650, ()),
    "@smithy/types": (300, ()),
    "@opentelemetry/api": (300, ()),
    "rollup": (40, ()),
    "@swc/core": (30, ()),
    "graphql": (400, ()),
    "framer-motion": (500, ()),
}

# Python distributions installed in the virtualenv: (import name, version,
# modules at scale 1.0, large files relative to the package directory).
PySpecial = tuple[str, str, int, tuple[tuple[str, int], ...]]
PY_SPECIAL: tuple[PySpecial, ...] = (
    ("pip", "24.0", 820, ()),
    ("setuptools", "69.5.1", 640, ()),
    ("pkg_resources", "69.5.1", 50, ()),
    ("_distutils_hack", "69.5.1", 2, ()),
    ("wheel", "0.43.0", 35, ()),
    ("requests", "2.32.3", 18, ()),
    ("urllib3", "2.2.2", 38, ()),
    ("idna", "3.7", 8, ()),
    ("certifi", "2024.6.2", 4, (("cacert.pem", 292_000),)),
    ("charset_normalizer", "3.3.2", 16, ()),
    ("pydantic", "2.7.4", 110, ()),
    ("pydantic_core", "2.18.4", 4, (("_pydantic_core.cpython-311-x86_64-linux-gnu.so",
                                     4_100_000),)),
    ("fastapi", "0.111.0", 55, ()),
    ("starlette", "0.37.2", 33, ()),
    ("anyio", "4.4.0", 38, ()),
    ("sqlalchemy", "2.0.31", 240, (("cyextension/resultproxy.cpython-311-x86_64-linux-gnu.so",
                                    900_000),)),
    ("alembic", "1.13.1", 85, ()),
    ("psycopg", "3.1.19", 75, ()),
    ("numpy", "1.26.4", 420, (("core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so",
                               5_600_000),)),
    ("boto3", "1.34.131", 75, ()),
    ("botocore", "1.34.131", 90, ()),
    ("s3transfer", "0.10.1", 14, ()),
    ("dateutil", "2.9.0", 24, ()),
    ("pytz", "2024.1", 6, ()),
    ("click", "8.1.7", 16, ()),
    ("jinja2", "3.1.4", 24, ()),
    ("markupsafe", "2.1.5", 3, (("_speedups.cpython-311-x86_64-linux-gnu.so", 45_000),)),
    ("_pytest", "8.2.2", 75, ()),
    ("pluggy", "1.5.0", 10, ()),
    ("packaging", "24.1", 14, ()),
    ("yaml", "6.0.1", 16, (("_yaml.cpython-311-x86_64-linux-gnu.so", 2_300_000),)),
    ("uvicorn", "0.30.1", 38, ()),
    ("httpx", "0.27.0", 28, ()),
    ("httpcore", "1.0.5", 34, ()),
    ("celery", "5.4.0", 140, ()),
    ("kombu", "5.3.7", 95, ()),
    ("redis", "5.0.6", 110, ()),
    ("cryptography", "42.0.8", 140, (("hazmat/bindings/_rust.abi3.so", 3_900_000),)),
    ("mypy", "1.10.0", 330, ()),
)

# Share of the requested entries given to each section, in generation order.
SECTION_SHARES: tuple[tuple[str, float], ...] = (
    ("root", 0.0),
    ("git", 0.09),
    ("pnpm-root", 0.40),
    ("venv", 0.17),
    ("python-services", 0.08),
    ("js-workspace", 0.10),
    ("legacy-tool", 0.07),
    ("build-outputs", 0.06),
    ("docs-infra-misc", 0.03),
)


@dataclass(frozen=True)
class NpmPkg:
    name: str
    version: str

    @property
    def key(self) -> str:
        return f"{self.name.replace('/', '+')}@{self.version}"


@dataclass
class TreeInfo:
    """Where the tree is and what the generator recorded about it."""

    root: Path
    reused: bool
    generation_seconds: float
    generated_at: str
    stats: dict[str, Any]


class TreeGenerator:
    """Writes the tree; counts what it creates as it goes."""

    POOL_BYTES = 4 << 20
    POOL_UNIQUE = 1 << 20

    def __init__(self, root: Path, entries: int, seed: int, shape: str = "search") -> None:
        if shape not in SHAPES:
            raise ValueError(f"unknown shape {shape!r}: one of {', '.join(SHAPES)}")
        self.shape = shape
        self.root = str(root)
        self.target = entries
        self.seed = seed
        # Fixed-size pieces (special packages, binaries) follow the scale too,
        # so that small trees (for quick runs) keep the same proportions.
        self.scale = max(0.05, min(4.0, entries / DEFAULT_ENTRIES))
        self.rng = random.Random(f"{seed}:pool")
        pool = self._make_pool()
        self.pool = memoryview(pool)
        # The same text on one line: safe inside a JSON string (no quotes,
        # backslashes or newlines), used to pad JSON files to a given size.
        self.flat_pool = memoryview(pool.replace(b"\n", b" "))
        self.dirs: dict[str, None] = {"": None}
        # Names of files and symlinks written so far. Random names collide now
        # and then; a name already taken is simply not written again.
        self.taken: set[str] = set()
        self.files = 0
        self.symlinks = 0
        self.file_bytes = 0
        self.sections: dict[str, int] = {}
        self.root_store: list[NpmPkg] = []
        self.workspace: dict[str, str] = {}  # package name -> directory
        self.builds: list[tuple[str, str, str]] = []  # compose service, context, Dockerfile

    # ------------------------------------------------------------------ basics

    @property
    def entries(self) -> int:
        return len(self.dirs) - 1 + self.files + self.symlinks

    def _make_pool(self) -> bytes:
        """Code-looking text that file contents are sliced from."""
        parts: list[str] = []
        total = 0
        rng = self.rng
        while total < self.POOL_UNIQUE:
            indent = "    " * rng.randint(0, 3)
            line = indent + " ".join(rng.choices(VOCAB, k=rng.randint(1, 12))) + "\n"
            parts.append(line)
            total += len(line)
        unique = "".join(parts).encode()[: self.POOL_UNIQUE]
        return unique * (self.POOL_BYTES // self.POOL_UNIQUE)

    def _ensure_dir(self, rel: str) -> None:
        if rel in self.dirs:
            return
        self._ensure_dir(rel.rpartition("/")[0])
        os.mkdir(f"{self.root}/{rel}")
        self.dirs[rel] = None

    def mkdir(self, rel: str) -> None:
        self._ensure_dir(rel)

    def _write(self, rel: str, data: bytes | memoryview, mode: int = 0o644) -> None:
        if rel in self.taken or rel in self.dirs:
            return
        self.taken.add(rel)
        self._ensure_dir(rel.rpartition("/")[0])
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
        fd = os.open(f"{self.root}/{rel}", flags, mode)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        self.files += 1
        self.file_bytes += len(data)

    def _slice(self, pool: memoryview, size: int) -> bytes | memoryview:
        if size < len(pool):
            off = self.rng.randrange(len(pool) - size)
            return pool[off : off + size]
        reps, rest = divmod(size, len(pool))
        return bytes(pool) * reps + bytes(pool[:rest])

    def text(self, rel: str, size: int, mode: int = 0o644) -> None:
        """A text file of ``size`` bytes; JSON files (and source maps) are valid JSON."""
        if rel.endswith((".json", ".map")):
            self.json_file(rel, size, {})
        else:
            self._write(rel, self._slice(self.pool, size), mode)

    def json_file(self, rel: str, size: int, obj: dict[str, Any]) -> None:
        """``obj`` as JSON, padded with a ``description`` string to about ``size`` bytes."""
        head = json.dumps(obj, indent=2)[:-2] + ",\n" if obj else "{\n"
        head += '  "description": "'
        tail = '"\n}\n'
        pad = max(0, size - len(head) - len(tail))
        self._write(rel, head.encode() + bytes(self._slice(self.flat_pool, pad)) + tail.encode())

    def literal(self, rel: str, content: str, mode: int = 0o644) -> None:
        self._write(rel, content.encode(), mode)

    def binary(self, rel: str, size: int, mode: int = 0o644) -> None:
        self._write(rel, self.rng.randbytes(size), mode)

    def link(self, rel: str, target: str) -> None:
        """Symlink ``rel``; ``target`` is tree-relative unless absolute."""
        if rel in self.taken or rel in self.dirs:
            return
        self.taken.add(rel)
        parent = rel.rpartition("/")[0]
        self._ensure_dir(parent)
        if not target.startswith("/"):
            target = posixpath.relpath(target, parent or ".")
        os.symlink(target, f"{self.root}/{rel}")
        self.symlinks += 1

    # ----------------------------------------------------------------- helpers

    def size(self, median: float, sigma: float, lo: int, hi: int) -> int:
        value = self.rng.lognormvariate(math.log(median), sigma)
        return int(min(hi, max(lo, value)))

    def scaled(self, n: float, minimum: int = 1) -> int:
        return max(minimum, round(n * self.scale))

    def word(self) -> str:
        rng = self.rng
        if rng.random() < 0.55:
            return rng.choice(WORDS)
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))

    def ident(self, sep: str, lo: int = 1, hi: int = 2) -> str:
        return sep.join(self.word() for _ in range(self.rng.randint(lo, hi)))

    def hexid(self, digits: int) -> str:
        return f"{self.rng.getrandbits(digits * 4):0{digits}x}"

    def version(self) -> str:
        rng = self.rng
        return f"{rng.randint(0, 12)}.{rng.randint(0, 30)}.{rng.randint(0, 20)}"

    def stems(self, count: int, sep: str, max_depth: int = 3, fanout: float = 8.0) -> list[str]:
        """``count`` distinct module paths (no extension) spread over subdirectories."""
        dirs = [""]
        known = {""}
        for _ in range(int(count / fanout)):
            parent = self.rng.choice(dirs)
            if parent.count("/") + 1 >= max_depth:
                parent = ""
            name = self.ident(sep, 1, 1)
            path = f"{parent}/{name}" if parent else name
            if path not in known:
                known.add(path)
                dirs.append(path)
        out: dict[str, None] = {}
        attempts = 0
        while len(out) < count and attempts < count * 20:
            attempts += 1
            where = self.rng.choice(dirs)
            name = self.ident(sep)
            path = f"{where}/{name}" if where else name
            if path not in known:  # a module never shares its name with a directory
                out[path] = None
        return list(out)

    def budget(self, amount: int) -> Iterator[int]:
        """Yields 0, 1, 2, ... until ``amount`` entries were created meanwhile."""
        start = self.entries
        i = 0
        while self.entries - start < amount:
            yield i
            i += 1

    # ---------------------------------------------------------------- driving

    def generate(self) -> None:
        Path(self.root).mkdir()
        handlers: dict[str, Callable[[int], None]] = {
            "root": self.gen_root,
            "git": self.gen_git,
            "pnpm-root": self.gen_pnpm_root,
            "venv": self.gen_venv,
            "python-services": self.gen_python_services,
            "js-workspace": self.gen_js_workspace,
            "legacy-tool": self.gen_legacy_tool,
            "build-outputs": self.gen_build_outputs,
            "docs-infra-misc": self.gen_docs_infra_misc,
        }
        for name, share in SECTION_SHARES:
            self.rng = random.Random(f"{self.seed}:{name}")
            before = self.entries
            handlers[name](int(share * self.target))
            self.sections[name] = self.entries - before
        self.rng = random.Random(f"{self.seed}:ds-store")
        before = self.entries
        self.scatter_ds_store()
        self.write_compose()
        self.sections["ds-store+compose"] = self.entries - before

    def stats(self) -> dict[str, Any]:
        return {
            "entries": self.entries,
            "files": self.files,
            "dirs": len(self.dirs) - 1,
            "symlinks": self.symlinks,
            "file_bytes": self.file_bytes,
            "sections": dict(self.sections),
        }

    # --------------------------------------------------------------- sections

    def gen_root(self, _budget: int) -> None:
        sized = self.shape == "sized"
        self.literal(".dockerignore", DOCKERIGNORE_SIZED if sized else DOCKERIGNORE)
        self.literal("Dockerfile", DOCKERFILE_SIZED if sized else DOCKERFILE)
        self.literal(
            "package.json",
            '{\n  "name": "acme-monorepo",\n  "private": true,\n'
            '  "packageManager": "pnpm@9.4.0",\n'
            '  "scripts": {"build": "turbo run build", "test": "turbo run test"}\n}\n',
        )
        self.literal("pnpm-workspace.yaml", "packages:\n  - 'packages/*'\n  - 'services/*'\n")
        self.literal(".npmrc", "auto-install-peers=true\nstrict-peer-dependencies=false\n")
        self.literal(".nvmrc", "20.14.0\n")
        self.literal(".gitignore", "node_modules/\n.venv/\ndist/\n.next/\ncoverage/\n.env\n")
        self.literal(".env", "DATABASE_URL=postgres://acme:hunter2@localhost/acme\n")
        self.literal(".env.example", "DATABASE_URL=postgres://user:password@localhost/acme\n")
        self.literal(".env.local", "SENTRY_DSN=https://public@sentry.example/1\n")
        self.text("README.md", 6_400)
        self.text("CONTRIBUTING.md", 3_100)
        self.text("CHANGELOG.md", 48_000)
        self.text("LICENSE", 1_070)
        self.literal("Makefile", ROOT_MAKEFILE)
        self.json_file("turbo.json", 900, {
            "$schema": "https://turbo.build/schema.json",
            "pipeline": {"build": {"dependsOn": ["^build"], "outputs": ["dist/**", ".next/**"]},
                         "test": {"dependsOn": ["build"]}},
        })
        self.literal("pyproject.toml", ROOT_PYPROJECT)
        self.literal(".python-version", "3.11.7\n")
        self.text("debug.log", 84_000)
        self.text(".editorconfig", 240)

    def gen_git(self, budget: int) -> None:
        g = ".git"
        start = self.entries
        self.literal(f"{g}/HEAD", "ref: refs/heads/main\n")
        self.text(f"{g}/config", 420)
        self.text(f"{g}/description", 73)
        self.text(f"{g}/COMMIT_EDITMSG", 64)
        self.text(f"{g}/FETCH_HEAD", 2_100)
        self.literal(f"{g}/ORIG_HEAD", self.hexid(40) + "\n")
        self.binary(f"{g}/index", self.scaled(2_600_000))
        self.text(f"{g}/info/exclude", 240)
        for hook in ("applypatch-msg", "commit-msg", "fsmonitor-watchman", "post-update",
                     "pre-applypatch", "pre-commit", "pre-merge-commit", "pre-push",
                     "pre-rebase", "pre-receive", "prepare-commit-msg", "push-to-checkout",
                     "update"):
            self.text(f"{g}/hooks/{hook}.sample", self.size(1_500, 0.6, 400, 5_000), 0o755)
        branches = ["main", "develop"] + [
            f"{self.rng.choice(('feature', 'fix', 'chore'))}/{self.ident('-', 2, 3)}"
            for _ in range(40)
        ]
        branches = list(dict.fromkeys(branches))
        for b in branches:
            self.literal(f"{g}/refs/heads/{b}", self.hexid(40) + "\n")
            self.text(f"{g}/logs/refs/heads/{b}", self.size(900, 1.0, 150, 40_000))
            if self.rng.random() < 0.6:
                self.literal(f"{g}/refs/remotes/origin/{b}", self.hexid(40) + "\n")
                self.text(f"{g}/logs/refs/remotes/origin/{b}", self.size(400, 0.8, 150, 9_000))
        self.literal(f"{g}/refs/remotes/origin/HEAD", "ref: refs/remotes/origin/main\n")
        for i in range(50):
            self.literal(f"{g}/refs/tags/v{i // 10}.{i % 10}.0", self.hexid(40) + "\n")
        self.text(f"{g}/logs/HEAD", 61_000)
        self.text(f"{g}/packed-refs", 14_000)
        self.text(f"{g}/refs/stash", 41)
        self.binary(f"{g}/objects/info/commit-graph", self.scaled(240_000))
        self.literal(f"{g}/objects/info/packs", "")
        for pack_size in (8_200_000, 1_900_000, 260_000):
            name = f"{g}/objects/pack/pack-{self.hexid(40)}"
            self.binary(f"{name}.pack", self.scaled(pack_size))
            self.binary(f"{name}.idx", self.scaled(pack_size // 40))
            self.binary(f"{name}.rev", self.scaled(pack_size // 300))
        for _ in self.budget(budget - (self.entries - start)):
            obj = self.hexid(40)
            self.binary(f"{g}/objects/{obj[:2]}/{obj[2:]}", self.size(380, 1.2, 30, 250_000))

    def npm_package(self, pdir: str, pkg: NpmPkg, nfiles: int, deps: list[NpmPkg]) -> None:
        """One package: manifest, docs, and code in one of a few common layouts."""
        rng = self.rng
        written = 1
        if rng.random() < 0.85:
            self.text(f"{pdir}/LICENSE", self.size(1_080, 0.1, 900, 12_000))
            written += 1
        if rng.random() < 0.8:
            self.text(f"{pdir}/README.md", self.size(2_200, 0.9, 200, 80_000))
            written += 1
        if rng.random() < 0.15:
            self.text(f"{pdir}/CHANGELOG.md", self.size(9_000, 1.2, 300, 400_000))
            written += 1
        style = rng.random()
        outputs: tuple[tuple[str, str, float], ...]
        if style < 0.35:
            outputs = (("dist/cjs", ".js", 1.0), ("dist/cjs", ".js.map", 1.6),
                       ("dist/esm", ".mjs", 1.0), ("dist/types", ".d.ts", 0.35))
        elif style < 0.7:
            outputs = (("lib", ".js", 1.0), ("lib", ".d.ts", 0.35))
        elif style < 0.85:
            outputs = (("", ".js", 1.0),)
        else:
            outputs = (("src", ".ts", 1.1), ("build", ".js", 1.0), ("build", ".js.map", 1.5))
        count = max(1, (nfiles - written) // len(outputs))
        stems = self.stems(count, "-", max_depth=3, fanout=10)
        for stem in stems:
            base = self.size(620, 0.95, 20, 300_000)
            for where, ext, factor in outputs:
                path = f"{pdir}/{where}/{stem}{ext}" if where else f"{pdir}/{stem}{ext}"
                self.text(path, int(base * factor))
        where, ext, _ = outputs[0]
        manifest: dict[str, Any] = {
            "name": pkg.name,
            "version": pkg.version,
            "license": "MIT",
            "main": f"{where}/{stems[0]}{ext}" if where else f"{stems[0]}{ext}",
        }
        if deps:
            manifest["dependencies"] = {d.name: f"^{d.version}" for d in deps}
        if rng.random() < 0.1:
            manifest["bin"] = {pkg.name.rpartition("/")[2]: "bin/cli.js"}
            self.text(f"{pdir}/bin/cli.js", self.size(900, 0.7, 100, 20_000), 0o755)
        if rng.random() < 0.3:
            manifest["files"] = [where or "*.js", "README.md"]
        self.json_file(f"{pdir}/package.json", self.size(900, 0.6, 200, 8_000), manifest)

    def npm_name(self, used: dict[str, NpmPkg]) -> str:
        while True:
            name = self.ident("-", 1, 3)
            if self.rng.random() < 0.2:
                name = f"{self.rng.choice(NPM_SCOPES)}/{name}"
            if name not in used and name not in NPM_SPECIAL:
                return name

    def pnpm_store(self, nm: str, budget: int, specials: int, lockfile: str) -> list[NpmPkg]:
        """A pnpm ``node_modules``: ``.pnpm/<key>/node_modules/<name>`` holds the
        files, the dependencies of each package and the hoisted names are
        symlinks into ``.pnpm``, and so are the top-level direct dependencies.
        ``lockfile`` is the project's ``pnpm-lock.yaml``, written to match."""
        rng = self.rng
        pkgs: list[NpmPkg] = []
        lock_packages: list[str] = []
        lock_snapshots: list[str] = []
        first: dict[str, NpmPkg] = {}
        keys: dict[str, None] = {}
        special_names = list(NPM_SPECIAL)[:specials]
        for i in self.budget(budget):
            if i < len(special_names):
                name = special_names[i]
            elif pkgs and rng.random() < 0.06:
                name = rng.choice(pkgs).name  # a second version of a package
            else:
                name = self.npm_name(first)
            pkg = NpmPkg(name, self.version())
            if pkg.key in keys:
                continue
            keys[pkg.key] = None
            pdir = f"{nm}/.pnpm/{pkg.key}/node_modules/{name}"
            deps: dict[str, NpmPkg] = {}
            for dep in rng.sample(pkgs, min(len(pkgs), rng.choice((0, 0, 1, 1, 2, 3, 4, 6, 9)))):
                if dep.name != name:
                    deps.setdefault(dep.name, dep)
            special = NPM_SPECIAL.get(name)
            if special is not None:
                self.npm_package(pdir, pkg, self.scaled(special[0], 3), list(deps.values()))
                for rel, size, kind in special[1]:
                    big = self.scaled(size, 1_000)
                    if kind == "bin":
                        self.binary(f"{pdir}/{rel}", big, 0o755)
                    else:
                        self.text(f"{pdir}/{rel}", big)
            else:
                self.npm_package(pdir, pkg, self.size(14, 1.3, 3, 2_500), list(deps.values()))
            for dep in deps.values():
                self.link(f"{nm}/.pnpm/{pkg.key}/node_modules/{dep.name}",
                          f"{nm}/.pnpm/{dep.key}/node_modules/{dep.name}")
            integrity = base64.b64encode(rng.randbytes(64)).decode()
            lock_packages.append(f"  '{name}@{pkg.version}':\n"
                                 f"    resolution: {{integrity: sha512-{integrity}}}\n")
            if deps:
                lines = "".join(f"      '{d.name}': {d.version}\n" for d in deps.values())
                lock_snapshots.append(f"  '{name}@{pkg.version}':\n    dependencies:\n{lines}")
            pkgs.append(pkg)
            first.setdefault(name, pkg)
        # pnpm's hidden hoisting: every package name is reachable from here.
        for name, pkg in first.items():
            self.link(f"{nm}/.pnpm/node_modules/{name}",
                      f"{nm}/.pnpm/{pkg.key}/node_modules/{name}")
        direct = list(first.values())[: max(specials, 12)]
        direct += rng.sample(list(first.values()), min(len(first), 25))
        for pkg in dict.fromkeys(direct):
            self.link(f"{nm}/{pkg.name}", f"{nm}/.pnpm/{pkg.key}/node_modules/{pkg.name}")
        commands = dict.fromkeys(self.ident("-", 1, 2) for _ in range(rng.randint(8, 30)))
        for cmd in commands:
            self.text(f"{nm}/.bin/{cmd}", self.size(1_300, 0.3, 500, 4_000), 0o755)
        self.text(f"{nm}/.modules.yaml", self.size(20_000, 0.5, 2_000, 200_000))
        importer = "".join(
            f"      '{p.name}':\n        specifier: ^{p.version}\n        version: {p.version}\n"
            for p in dict.fromkeys(direct)
        )
        lock = ("lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n"
                "  excludeLinksFromLockfile: false\n\nimporters:\n\n  .:\n"
                f"    dependencies:\n{importer}\npackages:\n\n" + "\n".join(lock_packages)
                + "\nsnapshots:\n\n" + "\n".join(lock_snapshots))
        self.literal(lockfile, lock)
        self.literal(f"{nm}/.pnpm/lock.yaml", lock)
        return pkgs

    def gen_pnpm_root(self, budget: int) -> None:
        self.root_store = self.pnpm_store("node_modules", budget, len(NPM_SPECIAL),
                                          "pnpm-lock.yaml")

    def py_module(self, pkg_dir: str, mod: str, pyc: bool, tag: str = "cpython-311") -> None:
        size = self.size(1_000, 0.95, 0, 250_000)
        self.text(f"{pkg_dir}/{mod}.py", size)
        if pyc:
            pyc_size = int(size * self.rng.uniform(0.5, 0.95)) + 16
            self.text(f"{pkg_dir}/__pycache__/{mod}.{tag}.pyc", pyc_size)

    def py_package(self, top: str, nmods: int, pyc_share: float = 1.0) -> list[str]:
        """A package tree at ``top`` (every directory gets ``__init__.py``)."""
        stems = self.stems(nmods, "_", max_depth=3, fanout=7)
        packages: dict[str, None] = {"": None}
        for stem in stems:
            parts = stem.split("/")[:-1]
            for i in range(1, len(parts) + 1):
                packages["/".join(parts[:i])] = None
        cached = {p: self.rng.random() < pyc_share for p in packages}
        for pkg in packages:
            self.py_module(f"{top}/{pkg}" if pkg else top, "__init__", cached[pkg])
        for stem in stems:
            pkg, _, mod = stem.rpartition("/")
            self.py_module(f"{top}/{pkg}" if pkg else top, mod, cached[pkg])
        return stems

    def dist_info(self, sp: str, dist: str, version: str, nfiles: int) -> None:
        d = f"{sp}/{dist}-{version}.dist-info"
        self.text(f"{d}/METADATA", self.size(5_000, 1.0, 600, 90_000))
        self.text(f"{d}/RECORD", max(200, nfiles * 95))
        self.text(f"{d}/WHEEL", 110)
        self.literal(f"{d}/INSTALLER", "pip\n")
        self.literal(f"{d}/top_level.txt", dist.lower() + "\n")
        if self.rng.random() < 0.7:
            self.text(f"{d}/LICENSE", self.size(1_500, 0.5, 400, 12_000))
        if self.rng.random() < 0.25:
            self.text(f"{d}/entry_points.txt", self.size(200, 0.6, 40, 2_000))

    def gen_venv(self, budget: int) -> None:
        v = ".venv"
        sp = f"{v}/lib/python3.11/site-packages"
        self.literal(f"{v}/pyvenv.cfg", "home = /usr/bin\ninclude-system-site-packages = false\n"
                     "version = 3.11.7\nexecutable = /usr/bin/python3.11\n"
                     f"command = /usr/bin/python3.11 -m venv {self.root}/.venv\n")
        self.literal(f"{v}/.gitignore", "*\n")
        for script in ("activate", "activate.csh", "activate.fish", "Activate.ps1"):
            self.text(f"{v}/bin/{script}", self.size(2_400, 0.4, 900, 9_000))
        for script in ("pip", "pip3", "pip3.11", "uvicorn", "alembic", "celery", "pytest",
                       "py.test", "mypy", "dmypy", "normalizer", "httpx", "fastapi"):
            self.text(f"{v}/bin/{script}", 240, 0o755)
        self.link(f"{v}/bin/python", "/usr/bin/python3.11")
        self.link(f"{v}/bin/python3", f"{v}/bin/python")
        self.link(f"{v}/bin/python3.11", f"{v}/bin/python")
        self.link(f"{v}/lib64", f"{v}/lib")
        self.mkdir(f"{v}/include/site/python3.11")
        self.text(f"{sp}/distutils-precedence.pth", 151)
        self.text(f"{sp}/_virtualenv.pth", 18)
        self.text(f"{sp}/_virtualenv.py", 4_300)
        start = self.entries
        for name, version, nmods, extras in PY_SPECIAL:
            stems = self.py_package(f"{sp}/{name}", self.scaled(nmods))
            for rel, size in extras:
                kind_text = rel.endswith(".pem")
                if kind_text:
                    self.text(f"{sp}/{name}/{rel}", self.scaled(size, 1_000))
                else:
                    self.binary(f"{sp}/{name}/{rel}", self.scaled(size, 1_000), 0o755)
            if self.rng.random() < 0.4:
                self.literal(f"{sp}/{name}/py.typed", "")
            self.dist_info(sp, name, version, 2 * len(stems) + len(extras))
        # botocore's service models and pytz's zone files: many data files.
        for svc in self.stems(self.scaled(380), "-", max_depth=1, fanout=1e9):
            date = f"{2015 + self.rng.randint(0, 9)}-0{self.rng.randint(1, 9)}-01"
            d = f"{sp}/botocore/data/{svc}/{date}"
            self.binary(f"{d}/service-2.json.gz", self.size(9_000, 1.1, 600, 900_000))
            self.binary(f"{d}/endpoint-rule-set-1.json.gz", self.size(1_400, 0.5, 300, 20_000))
            if self.rng.random() < 0.6:
                self.text(f"{d}/paginators-1.json", self.size(700, 0.9, 60, 20_000))
            if self.rng.random() < 0.3:
                self.text(f"{d}/waiters-2.json", self.size(900, 0.9, 60, 20_000))
        for zone in self.stems(self.scaled(590), "_", max_depth=2, fanout=20):
            self.binary(f"{sp}/pytz/zoneinfo/{zone.title()}", self.size(1_600, 0.6, 100, 9_000))
        # Whatever the budget still allows: smaller, less famous distributions.
        used = {name for name, _, _, _ in PY_SPECIAL}
        for _ in self.budget(budget - (self.entries - start)):
            name = self.ident("_", 1, 2)
            if name in used:
                continue
            used.add(name)
            stems = self.py_package(f"{sp}/{name}", self.size(10, 1.2, 1, 700))
            self.dist_info(sp, name.replace("_", "-"), self.version(), 2 * len(stems))

    def py_service(self, base: str, name: str, nmods: int) -> None:
        rng = self.rng
        pkg = name.replace("-", "_")
        own_context = rng.random() < 0.4
        prefix = "" if own_context else f"{base}/"
        self.literal(f"{base}/Dockerfile", PY_SERVICE_DOCKERFILE.format(prefix=prefix, pkg=pkg))
        self.builds.append((name, base if own_context else ".", f"{base}/Dockerfile"))
        if own_context:
            self.literal(f"{base}/.dockerignore", "**/__pycache__\ntests\n.env\n.mypy_cache\n")
        deps = rng.sample(PY_DEPENDENCIES, rng.randint(3, 9))
        self.literal(f"{base}/pyproject.toml", PY_SERVICE_PYPROJECT.format(
            name=name, pkg=pkg, deps="".join(f'    "{d}",\n' for d in deps)))
        self.text(f"{base}/README.md", self.size(3_000, 0.8, 300, 30_000))
        self.text(f"{base}/Makefile", 900)
        self.text(f"{base}/alembic.ini", 3_200)
        self.literal(f"{base}/.env.example", f"{name.upper()}_DB=postgres://user@db/{name}\n")
        if rng.random() < 0.7:
            self.literal(f"{base}/.env", f"{name.upper()}_DB=postgres://dev:secret@db/{name}\n")
        if rng.random() < 0.3:
            self.literal(f"{base}/.env.local", f"{name.upper()}_DEBUG=1\n")
        stems = self.py_package(f"{base}/src/{pkg}", nmods, pyc_share=0.75)
        self.mkdir(f"{base}/config")
        self.text(f"{base}/config/settings.prod.yaml", 1_400)
        self.text(f"{base}/config/settings.dev.yaml", 1_100)
        self.link(f"{base}/config/settings.yaml", f"{base}/config/settings.prod.yaml")
        tests = f"{base}/tests"
        self.py_module(tests, "__init__", True, "cpython-311-pytest-8.2.2")
        self.py_module(tests, "conftest", True, "cpython-311-pytest-8.2.2")
        cached_dirs: dict[str, bool] = {}
        test_modules: set[str] = set()
        for stem in stems:
            if rng.random() >= 0.4:
                continue
            where, _, mod = stem.rpartition("/")
            kind = "unit" if rng.random() < 0.75 else "integration"
            d = f"{tests}/{kind}/{where}" if where else f"{tests}/{kind}"
            cached = cached_dirs.setdefault(d, rng.random() < 0.8)
            if f"{d}/test_{mod}" not in test_modules:
                test_modules.add(f"{d}/test_{mod}")
                self.py_module(d, f"test_{mod}", cached, "cpython-311-pytest-8.2.2")
        for i in range(rng.randint(4, 16)):
            self.text(f"{tests}/fixtures/{self.ident('_')}_{i}.json",
                      self.size(12_000, 1.5, 200, 2_500_000))
        for _ in range(max(3, nmods // 12)):
            self.py_module(f"{base}/migrations/versions", f"{self.hexid(12)}_{self.ident('_')}",
                           rng.random() < 0.5)
        for _ in range(rng.randint(3, 14)):
            self.text(f"{base}/docs/{self.ident('-')}.md", self.size(4_000, 0.9, 300, 60_000))
        self.text(f"{base}/.pytest_cache/README.md", 302)
        self.literal(f"{base}/.pytest_cache/.gitignore", "# Created by pytest automatically.\n*\n")
        self.text(f"{base}/.pytest_cache/CACHEDIR.TAG", 191)
        nodeids = [f"tests/unit/test_{self.word()}.py::test_{self.ident('_')}"
                   for _ in range(max(1, nmods // 2))]
        self.literal(f"{base}/.pytest_cache/v/cache/nodeids", json.dumps(nodeids, indent=2))
        self.literal(f"{base}/.pytest_cache/v/cache/lastfailed", "{}")
        self.literal(f"{base}/.pytest_cache/v/cache/stepwise", "[]")
        if rng.random() < 0.6:
            cache = f"{base}/.mypy_cache/3.11"
            for stem in stems:
                self.text(f"{cache}/{pkg}/{stem}.data.json", self.size(3_000, 0.9, 300, 400_000))
                self.text(f"{cache}/{pkg}/{stem}.meta.json", self.size(1_200, 0.4, 300, 8_000))

    def gen_python_services(self, budget: int) -> None:
        names = ["api", "worker", "billing", "notifications", "search", "ingest", "auth"]
        per_service = max(20, int(budget / 5 / 3.6))
        for i in self.budget(budget):
            name = names[i] if i < len(names) else f"{self.ident('-', 1, 1)}-svc{i}"
            nmods = max(10, int(per_service * self.rng.uniform(0.5, 1.5)))
            self.py_service(f"services/{name}", name, nmods)

    def ts_package(self, base: str, name: str, kind: str, nmods: int) -> None:
        """A TypeScript workspace package; ``kind`` is ``web``, ``lib`` or ``node``."""
        rng = self.rng
        self.workspace[name] = base
        unique = list({p.name: p for p in reversed(self.root_store)}.values())
        deps = rng.sample(unique, min(len(unique), rng.randint(15, 60)))
        manifest: dict[str, Any] = {
            "name": f"@acme/{name}", "version": "0.0.0", "private": True,
            "scripts": {"build": "next build" if kind == "web" else "tsup", "test": "vitest"},
            "dependencies": {p.name: f"^{p.version}" for p in deps},
            "devDependencies": {"typescript": "^5.4.5", "vitest": "^1.6.0"},
        }
        if kind == "web":
            manifest["dependencies"].update({"next": "14.2.4", "react": "^18.3.1"})
        else:
            manifest.update({"main": "dist/index.js", "types": "dist/index.d.ts",
                             "files": ["dist"]})
        self.json_file(f"{base}/package.json", self.size(1_400, 0.5, 300, 6_000), manifest)
        if kind in ("web", "node"):
            template = WEB_DOCKERFILE if kind == "web" else NODE_DOCKERFILE
            self.literal(f"{base}/Dockerfile", template.format(base=base, name=name))
            self.builds.append((name, ".", f"{base}/Dockerfile"))
        self.text(f"{base}/tsconfig.json", 600)
        self.text(f"{base}/README.md", self.size(2_500, 0.8, 200, 30_000))
        self.text(f"{base}/.eslintrc.json", 450)
        self.text(f"{base}/vitest.config.ts", 380)
        tsx = kind != "node"
        for stem in self.stems(nmods, "-", max_depth=4, fanout=7):
            ext = ".tsx" if tsx and rng.random() < 0.7 else ".ts"
            size = self.size(1_300, 0.9, 60, 120_000)
            self.text(f"{base}/src/{stem}{ext}", size)
            if rng.random() < 0.35:
                self.text(f"{base}/src/{stem}.test{ext}", int(size * rng.uniform(0.6, 1.8)))
            if kind == "lib" and ext == ".tsx" and rng.random() < 0.3:
                self.text(f"{base}/src/{stem}.stories.tsx", int(size * 0.8))
            if kind == "web" and ext == ".tsx" and rng.random() < 0.15:
                self.text(f"{base}/src/{stem}.module.css", self.size(900, 0.8, 40, 20_000))
            if kind != "web":
                self.text(f"{base}/dist/{stem}.js", int(size * 0.9))
                self.text(f"{base}/dist/{stem}.d.ts", int(size * 0.3))
                self.text(f"{base}/dist/{stem}.js.map", int(size * 1.4))
        for _ in range(rng.randint(3, 20)):
            self.text(f"{base}/tests/e2e/{self.ident('-')}.spec.ts",
                      self.size(3_000, 0.7, 300, 30_000))
        self.text(f"{base}/.turbo/turbo-build.log", self.size(3_000, 0.8, 200, 50_000))
        if kind == "web":
            self.text(f"{base}/next.config.mjs", 1_100)
            self.text(f"{base}/tailwind.config.ts", 1_900)
            self.literal(f"{base}/.env.example", "NEXT_PUBLIC_API_URL=http://localhost:8000\n")
            self.literal(f"{base}/.env.local", "NEXT_PUBLIC_API_URL=http://localhost:8000\n")
            self.literal(f"{base}/.env.production", "NEXT_PUBLIC_API_URL=https://api.acme.example\n")
            for i in range(self.scaled(90, 5)):
                ext = rng.choice((".png", ".jpg", ".webp", ".svg"))
                self.binary(f"{base}/public/images/{self.ident('-')}-{i}{ext}",
                            self.size(30_000, 1.2, 400, 900_000))
            for i in range(8):
                self.binary(f"{base}/public/fonts/inter-{i}.woff2",
                            self.size(48_000, 0.3, 9_000, 200_000))
            self.text(f"{base}/public/images/logo-v3.svg", 3_400)
            self.link(f"{base}/public/logo.svg", f"{base}/public/images/logo-v3.svg")
            self.link(f"{base}/.vercel", ".vercel-output/web")  # dangling, as left by a CLI
        # node_modules: links into the root store, plus workspace siblings.
        nm = f"{base}/node_modules"
        for pkg in deps:
            self.link(f"{nm}/{pkg.name}", f"node_modules/.pnpm/{pkg.key}/node_modules/{pkg.name}")
        for other, other_dir in self.workspace.items():
            if other != name:
                self.link(f"{nm}/@acme/{other}", other_dir)
        for cmd in ("tsc", "vitest", "eslint", "prettier", "next" if kind == "web" else "tsup"):
            self.text(f"{nm}/.bin/{cmd}", self.size(1_300, 0.3, 500, 4_000), 0o755)

    def gen_js_workspace(self, budget: int) -> None:
        fixed = (("packages/shared", "shared", "lib"), ("packages/config", "config", "lib"),
                 ("packages/ui", "ui", "lib"), ("services/gateway", "gateway", "node"),
                 ("packages/web", "web", "web"))
        per_package = max(20, int(budget / 6 / 3.2))
        for i in self.budget(budget):
            if i < len(fixed):
                base, name, kind = fixed[i]
                nmods = per_package * (3 if kind == "web" else 1)
            else:
                name = f"{self.ident('-', 1, 1)}-kit{i}"
                base, kind = f"packages/{name}", "lib"
                nmods = per_package // 2
            self.ts_package(base, name, kind, max(10, int(nmods * self.rng.uniform(0.6, 1.4))))

    def gen_legacy_tool(self, budget: int) -> None:
        """A second, independent pnpm project with its own store."""
        base = "tools/legacy-admin"
        start = self.entries
        self.json_file(f"{base}/package.json", 1_900, {
            "name": "legacy-admin", "version": "0.9.3", "private": True, "main": "src/index.js",
            "scripts": {"start": "node src/index.js"},
        })
        self.literal(f"{base}/.env", "ADMIN_TOKEN=dev-only\n")
        for stem in self.stems(self.scaled(260, 10), "-", max_depth=3, fanout=8):
            self.text(f"{base}/src/{stem}.js", self.size(2_400, 1.0, 80, 80_000))
        self.pnpm_store(f"{base}/node_modules", budget - (self.entries - start), 12,
                        f"{base}/pnpm-lock.yaml")

    def gen_build_outputs(self, budget: int) -> None:
        rng = self.rng
        start = self.entries
        nx = "packages/web/.next"
        self.literal(f"{nx}/BUILD_ID", "k3Jd8-Lx0Q2v1fYp7TzRn\n")
        for name in ("build-manifest.json", "app-build-manifest.json", "prerender-manifest.json",
                     "routes-manifest.json", "required-server-files.json", "package.json"):
            self.text(f"{nx}/{name}", self.size(3_000, 1.0, 20, 60_000))
        self.text(f"{nx}/trace", self.scaled(1_600_000))
        for target in ("client-production", "server-production", "edge-server-production"):
            self.binary(f"{nx}/cache/webpack/{target}/index.pack", self.scaled(900_000))
            for i in range(rng.randint(2, 6)):
                pack = self.scaled(self.size(600_000, 0.6, 40_000, 2_500_000), 1_000)
                self.binary(f"{nx}/cache/webpack/{target}/{i}.pack", pack)
        # Root dist/ (ignored) and coverage/ (ignored).
        self.binary("dist/api-1.4.2-py3-none-any.whl", 310_000)
        self.binary("dist/api-1.4.2.tar.gz", 280_000)
        for stem in self.stems(self.scaled(300, 5), "-", max_depth=2, fanout=12):
            self.text(f"dist/web/assets/{stem}-{self.hexid(8)}.js",
                      self.size(9_000, 1.2, 200, 900_000))
        self.text("coverage/lcov.info", self.scaled(1_900_000))
        self.text("coverage/coverage-final.json", self.scaled(3_200_000))
        for name in ("index.html", "base.css", "prettify.css", "prettify.js", "sorter.js",
                     "block-navigation.js", "favicon.png", "sort-arrow-sprite.png"):
            self.text(f"coverage/lcov-report/{name}", self.size(3_000, 0.8, 300, 20_000))
        for stem in self.stems(self.scaled(1_400, 10), "-", max_depth=4, fanout=7):
            self.text(f"coverage/lcov-report/{stem}.ts.html",
                      self.size(6_000, 0.8, 1_000, 400_000))
        # The rest: Next.js server and static chunks plus its image cache.
        routes = self.stems(self.scaled(260, 5), "-", max_depth=4, fanout=3)
        for i in self.budget(budget - (self.entries - start)):
            pick = i % 4
            if pick == 0 and i // 4 < len(routes):
                route = routes[i // 4]
                self.text(f"{nx}/server/app/{route}/page.js", self.size(2_000, 0.9, 300, 600_000))
                self.text(f"{nx}/server/app/{route}/page.js.nft.json",
                          self.size(2_500, 0.8, 200, 90_000))
                self.text(f"{nx}/server/app/{route}/page_client-reference-manifest.js",
                          self.size(4_000, 0.8, 200, 90_000))
                self.text(f"{nx}/static/chunks/app/{route}/page-{self.hexid(16)}.js",
                          self.size(2_500, 1.0, 200, 400_000))
            elif pick == 1:
                self.text(f"{nx}/static/chunks/{rng.randint(100, 99999)}-{self.hexid(16)}.js",
                          self.size(2_000, 0.9, 200, 1_500_000))
            elif pick == 2:
                self.text(f"{nx}/server/chunks/{rng.randint(100, 99999)}-{self.hexid(8)}.js",
                          self.size(1_800, 0.9, 200, 1_500_000))
            else:
                h = self.hexid(43)
                self.binary(f"{nx}/cache/images/{h}/{rng.randint(60, 3840)}.{self.hexid(12)}.webp",
                            self.size(2_600, 0.8, 300, 400_000))

    def gen_docs_infra_misc(self, budget: int) -> None:
        rng = self.rng
        start = self.entries
        tf = "infra/terraform"
        for env in ("prod", "staging", "dev"):
            for name in ("main.tf", "variables.tf", "outputs.tf", "backend.tf", "terraform.tfvars"):
                self.text(f"{tf}/{env}/{name}", self.size(2_500, 0.8, 100, 40_000))
            self.text(f"{tf}/{env}/.terraform.lock.hcl", 4_600)
        provider = (f"{tf}/prod/.terraform/providers/registry.terraform.io/hashicorp/aws/5.31.0/"
                    "linux_amd64/terraform-provider-aws_v5.31.0_x5")
        self.binary(provider, self.scaled(6_300_000, 1_000), 0o755)
        self.text(f"{tf}/prod/.terraform/modules/modules.json", 1_400)
        for module in ("network", "database", "cluster", "cdn", "queues", "iam"):
            for name in ("main.tf", "variables.tf", "outputs.tf", "README.md"):
                self.text(f"{tf}/modules/{module}/{name}", self.size(2_200, 0.8, 100, 40_000))
        for svc in ("api", "worker", "web", "gateway", "billing"):
            for name in ("deployment.yaml", "service.yaml", "hpa.yaml", "configmap.yaml"):
                self.text(f"infra/k8s/{svc}/{name}", self.size(1_200, 0.5, 200, 9_000))
        for name in ("ci.yml", "release.yml", "nightly.yml", "codeql.yml", "deploy.yml"):
            self.text(f".github/workflows/{name}", self.size(2_500, 0.6, 300, 20_000))
        self.text(".github/CODEOWNERS", 700)
        self.text(".github/dependabot.yml", 900)
        self.text(".github/PULL_REQUEST_TEMPLATE.md", 600)
        for name in ("settings.json", "extensions.json", "launch.json"):
            self.text(f".vscode/{name}", 500)
        for name in ("bootstrap.sh", "release.sh", "seed_db.py", "check_env.py", "gen_types.sh"):
            self.text(f"scripts/{name}", self.size(2_000, 0.8, 200, 20_000), 0o755)
        self.binary("data/seed/app.sqlite", self.scaled(2_600_000, 1_000))
        self.binary("data/seed/analytics.sqlite", self.scaled(1_400_000, 1_000))
        for i in range(12):
            self.text(f"data/samples/{self.ident('_')}_{i}.csv",
                      self.size(40_000, 1.4, 500, 2_000_000))
        self.text("logs/app.log", self.scaled(1_500_000))
        self.text("logs/worker.log", self.scaled(400_000))
        self.link("shared-config", "packages/config")  # a directory symlink inside the context
        sections = ("architecture", "runbooks", "adr", "api", "onboarding", "security")
        for i in self.budget(budget - (self.entries - start)):
            where = f"docs/{rng.choice(sections)}"
            if rng.random() < 0.5:
                where += f"/{self.word()}"
            if rng.random() < 0.15:
                ext = rng.choice((".png", ".svg", ".jpg"))
                self.binary(f"{where}/img/{self.ident('-')}-{i}{ext}",
                            self.size(15_000, 1.0, 500, 2_000_000))
            else:
                self.text(f"{where}/{self.ident('-')}-{i}.md", self.size(2_000, 0.7, 200, 120_000))

    def write_compose(self) -> None:
        """A compose file at the root for the images this tree builds."""
        lines = ["services:"]
        for service, context, dockerfile in self.builds:
            lines.append(f"  {service}:")
            if context == ".":
                lines += ["    build:", "      context: .", f"      dockerfile: {dockerfile}"]
            else:
                lines.append(f"    build: ./{context}")
        lines += ["  db:", "    image: postgres:16", ""]
        self.literal("docker-compose.yml", "\n".join(lines))

    def scatter_ds_store(self) -> None:
        """A few macOS ``.DS_Store`` files in the places people browse."""
        skip = (".git", "node_modules", ".venv", ".next", ".mypy_cache", "__pycache__")
        candidates = [
            d for d in self.dirs if d and not any(part in skip for part in d.split("/"))
        ]
        for d in self.rng.sample(candidates, min(len(candidates), max(10, len(candidates) // 300))):
            self._write(f"{d}/.DS_Store", b"\x00\x00\x00\x01Bud1" + bytes(6_140))


def read_marker(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def ensure_tree(
    cache_dir: Path,
    entries: int = DEFAULT_ENTRIES,
    seed: int = DEFAULT_SEED,
    force: bool = False,
    log: Callable[[str], None] = print,
    shape: str = "search",
) -> TreeInfo:
    """Return the cached tree under ``cache_dir``, generating it when needed.

    The tree lives in ``cache_dir/repo`` and its marker in ``cache_dir/tree.json``
    (outside the tree, so that it is not part of the measured context). An
    existing ``repo`` directory is deleted only when the marker shows it was
    made by this generator.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    root = cache_dir / TREE_DIRNAME
    marker_path = cache_dir / MARKER_NAME
    params = {"generator": GENERATOR_NAME, "version": GENERATOR_VERSION,
              "entries": entries, "seed": seed}
    if shape != "search":  # the first shape's trees keep their marker as it was
        params["shape"] = shape
    marker = read_marker(marker_path)
    if (marker is not None and not force and marker.get("params") == params
            and marker.get("complete") and root.is_dir()):
        return TreeInfo(root, True, float(marker["generation_seconds"]),
                        str(marker["generated_at"]), dict(marker["stats"]))
    if root.exists() or root.is_symlink():
        owner = (marker or {}).get("params", {}).get("generator")
        if owner != GENERATOR_NAME:
            raise SystemExit(f"refusing to delete {root}: {marker_path} does not show that "
                             "this benchmark generated it; remove it yourself or pick --tree")
        log(f"removing stale tree {root} ...")
        shutil.rmtree(root)
    marker_path.write_text(json.dumps({"params": params, "complete": False}) + "\n")
    log(f"generating a tree of >= {entries:,} entries in {root} (seed {seed}) ...")
    started = time.perf_counter()
    gen = TreeGenerator(root, entries, seed, shape)
    gen.generate()
    elapsed = time.perf_counter() - started
    generated_at = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    stats = gen.stats()
    marker_path.write_text(json.dumps({
        "params": params, "complete": True, "generation_seconds": round(elapsed, 2),
        "generated_at": generated_at, "stats": stats,
    }, indent=2) + "\n")
    log(f"generated {stats['entries']:,} entries in {elapsed:.1f} s")
    return TreeInfo(root, False, elapsed, generated_at, stats)
