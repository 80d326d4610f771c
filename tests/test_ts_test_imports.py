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
