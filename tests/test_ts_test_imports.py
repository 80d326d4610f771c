"""Test files that a kept TypeScript source imports are needs (build/ts_imports.py).

langfuse's web image runs ``next build``, which type-checks every file tsconfig.json
includes; its stories and project-named test files import fixtures from ``__tests__``.
init wrote ``**/__tests__`` and the release build stopped at "Cannot find module".
"""

from __future__ import annotations

from pathlib import Path

from test_init_exception_scope import init_here, sent_by_buildkit
from trees import tree

DOCKERFILE = "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n"
TSCONFIG = """{
  // JSON with comments, as tsconfig.json allows
  "compilerOptions": {
    "paths": { "@/*": ["./*"], },
  },
  "include": ["**/*.ts", "**/*.tsx"],
}
"""


def test_fixtures_a_kept_source_imports_are_kept(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": DOCKERFILE,
        "package.json": '{"scripts": {"build": "next build"}, "dependencies": {"next": "15"}}\n',
        "tsconfig.json": TSCONFIG,
        "src/Bar.stories.tsx": 'import { rows } from "./__tests__/bar.fixtures";\nexport {};\n',
        "src/useOrder.clienttest.tsx": (
            'import { TestRouter } from "@/src/__tests__/fixtures/TestRouter";\n'
        ),
        "src/__tests__/bar.fixtures.ts": 'import { base } from "./base.fixtures";\n',
        "src/__tests__/base.fixtures.ts": "export const base = 1;\n",
        "src/__tests__/fixtures/TestRouter.ts": "export const TestRouter = {};\n",
        "src/__tests__/bar.test.ts": 'import { other } from "./other.fixtures";\n',
        "src/__tests__/other.fixtures.ts": "export const other = 1;\n",
        "src/app.ts": 'import { x } from "./lib";\n',
        "src/lib.ts": "export const x = 1;\n",
    })
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {
        "src/__tests__/bar.fixtures.ts",        # ./__tests__/... from a stories file
        "src/__tests__/base.fixtures.ts",       # what that fixture imports in turn
        "src/__tests__/fixtures/TestRouter.ts",  # through the tsconfig paths alias
    } <= sent
    # A test's own imports go with it: the test suite is still left out.
    assert "src/__tests__/bar.test.ts" not in sent
    assert "src/__tests__/other.fixtures.ts" not in sent


def test_a_source_directory_named_test_whose_files_are_all_imported_stays_whole(
    tmp_path: Path,
) -> None:
    """hoppscotch's src/components/http/test holds the Vue components of its HTTP test
    runner, every one imported: init kept them by eleven exceptions, file by file, under
    '**/test', so a component added there later would be left out of the build. Kept
    whole, the rule decides nothing and is not written."""
    tree(tmp_path, {
        "Dockerfile": DOCKERFILE,
        "package.json": '{"scripts": {"build": "vite build"}, "dependencies": {"vite": "6"}}\n',
        "tsconfig.json": TSCONFIG,
        "src/main.ts": 'import { Env } from "./components/test/Env";\n'
                       'import { Runner } from "./components/test/Runner";\n',
        "src/components/test/Env.ts": "export const Env = 1;\n",
        "src/components/test/Runner.ts": "export const Runner = 1;\n",
    })
    init_here(tmp_path)
    text = (tmp_path / ".dockerignore").read_text()
    assert "!src/components/test/Env.ts" not in text.splitlines()
    tree(tmp_path, {"src/components/test/Result.ts": "export const Result = 1;\n"})
    assert "src/components/test/Result.ts" in sent_by_buildkit(tmp_path)


def test_a_test_suite_beside_imported_files_keeps_them_by_name(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": DOCKERFILE,
        "package.json": '{"scripts": {"build": "vite build"}, "dependencies": {"vite": "6"}}\n',
        "tsconfig.json": TSCONFIG,
        "src/main.ts": 'import { a } from "./test/a";\nimport { b } from "./test/b";\n',
        "src/test/a.ts": "export const a = 1;\n",
        "src/test/b.ts": "export const b = 1;\n",
        "src/test/a.test.ts": 'import { a } from "./a";\n',
    })
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {"src/test/a.ts", "src/test/b.ts"} <= sent
    assert "src/test/a.test.ts" not in sent


def test_an_esm_import_of_the_compiled_name_finds_the_typescript_source(tmp_path: Path) -> None:
    """logto's image runs `pnpm -r build`; its integration-tests package bundles every
    source with tsup, and src/helpers/connector.ts imports
    '#src/__mocks__/connectors-mock.js' (ESM TypeScript names the .js it compiles to; the
    file is connectors-mock.ts). The import was not resolved, init wrote '**/__mocks__',
    and esbuild stopped at "Could not resolve"."""
    tree(tmp_path, {
        "Dockerfile": "FROM node:22-alpine\nWORKDIR /app\nCOPY . .\n"
                      "RUN pnpm i && pnpm -r build\n",
        "package.json": '{"name": "root", "private": true}\n',
        "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
        "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
        "packages/itests/package.json": (
            '{"name": "itests", "type": "module", "scripts": {"build": "tsup"},'
            ' "devDependencies": {"tsup": "8"}}\n'
        ),
        "packages/itests/tsconfig.json": (
            '{"compilerOptions": {"baseUrl": ".", "paths": {"#src/*": ["src/*"]}},'
            ' "include": ["src"]}\n'
        ),
        "packages/itests/src/helpers/connector.ts": (
            "import { mockConnector } from '#src/__mocks__/connectors-mock.js';\n"
            "export const connector = mockConnector;\n"
        ),
        "packages/itests/src/api/view.tsx": (
            "import { Fixture } from '../__mocks__/view-mock.jsx';\nexport {};\n"
        ),
        "packages/itests/src/__mocks__/connectors-mock.ts": "export const mockConnector = 1;\n",
        "packages/itests/src/__mocks__/view-mock.tsx": "export const Fixture = 1;\n",
        "packages/itests/src/__mocks__/unused-mock.ts": "export const unused = 1;\n",
    })
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {
        "packages/itests/src/__mocks__/connectors-mock.ts",  # '#src/...js' through paths
        "packages/itests/src/__mocks__/view-mock.tsx",       # '../...jsx', relative
    } <= sent
    # A mock nothing kept imports is still left out.
    assert "packages/itests/src/__mocks__/unused-mock.ts" not in sent
