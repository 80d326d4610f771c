"""A site whose code lists a directory with ``join(process.cwd(), "docs")`` (the common
Next.js pattern for pages rendered from Markdown) reads it when ``next build`` pre-renders:
init wrote ``docs`` (base.docs) and the image build stopped with ENOENT. process.cwd() is
the root the build runs in, so the path is the root's ``docs``, wherever the reading file
lies. The build runs the generator through a package script (``npm run build``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from trees import run_in, sent, tree

from ignoregen.knowledge.preset import load_presets

DOCKERFILE = (
    "FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\n"
    "RUN npm ci\nCOPY . .\nRUN npm run build\nCMD [\"npm\", \"start\"]\n"
)


def _site(root: Path, reader: str, build: str = "next build") -> Path:
    return tree(root, {
        "Dockerfile": DOCKERFILE,
        "package.json": json.dumps({"name": "handbook",
                                    "scripts": {"build": build, "start": "next start"},
                                    "dependencies": {"next": "15"}}),
        "package-lock.json": "{}\n",
        "src/lib/pages.ts": reader,
        "src/app/page.tsx": "export default function Home() { return null; }\n",
        "docs/getting-started.md": "# Getting started\n",
        "docs/faq.md": "# FAQ\n",
    })


@pytest.mark.parametrize("reader", [
    'import { readdirSync } from "fs";\nimport { join } from "path";\n'
    'const root = join(process.cwd(), "docs");\n'
    "export const slugs = () => readdirSync(root);\n",
    'import fs from "node:fs";\nimport path from "node:path";\n'
    "export const slugs = () => fs.readdirSync(path.resolve(process.cwd(), './docs'));\n",
])
def test_the_directory_the_site_lists_is_sent(tmp_path: Path, reader: str) -> None:
    root = _site(tmp_path, reader)
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, "docs/faq.md"), (root / ".dockerignore").read_text()


def test_without_a_site_generator_docs_stay_out(tmp_path: Path) -> None:
    reader = 'import { join } from "path";\nexport const dir = join(process.cwd(), "docs");\n'
    root = _site(tmp_path, reader, build="tsc -p .")
    code, out = run_in(root, "init")
    assert code == 0, out
    assert not sent(root, "docs/faq.md"), (root / ".dockerignore").read_text()


def test_a_directory_the_site_writes_is_no_need(tmp_path: Path) -> None:
    regex = next(source.regex for source in load_presets().needs
                 if source.from_root and source.regex is not None)
    assert regex.compiled.findall('join(process.cwd(), ".next", "cache")') == []
    assert regex.compiled.findall('resolve(process.cwd(), "dist")') == []
    assert regex.compiled.findall('join(process.cwd(), ".env.local")') == []
    assert regex.compiled.findall('join(process.cwd(), ".envrc")') == []
    assert regex.compiled.findall('join(process.cwd(), "distances")') == ["distances"]
    assert regex.compiled.findall("join(process.cwd(), 'content/posts')") == ["content/posts"]


def test_a_test_runner_s_configuration_names_no_need(tmp_path: Path) -> None:
    # vitest's setupFiles and Playwright's testDir are written the same way; the test
    # categories exclude both configurations, and what they name stays out with them.
    reader = 'import { join } from "path";\nexport const d = join(process.cwd(), "docs");\n'
    root = _site(tmp_path, reader)
    tree(root, {
        "vitest.config.ts": (
            'import { defineConfig } from "vitest/config";\nimport path from "path";\n'
            "export default defineConfig({ test: { setupFiles: "
            '[path.resolve(process.cwd(), "tests/setup.ts")] } });\n'
        ),
        "playwright.config.ts": (
            'import { defineConfig } from "@playwright/test";\nimport { join } from "path";\n'
            'export default defineConfig({ testDir: join(process.cwd(), "e2e") });\n'
        ),
        "tests/setup.ts": "export {};\n",
        "e2e/home.spec.ts": "export {};\n",
    })
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, "docs/faq.md")
    assert not sent(root, "tests/setup.ts"), (root / ".dockerignore").read_text()
    assert not sent(root, "e2e/home.spec.ts")
