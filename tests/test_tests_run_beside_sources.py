"""A test run inside the image reads the test files beside the sources, not only a test
directory: traefik's Makefile runs 'yarn build:prod' ('yarn test && yarn tsc && yarn lint &&
yarn build', where test is 'vitest run') in the webui image built from webui/, whose spec
files lie beside the components (src/**/*.spec.tsx). init excluded them with node.tests,
and vitest stops with "No test files found" (exit 1). node.toml's need for a test run now
names those files too."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, sent, tree

SPECS = ["src/App.spec.tsx", "src/components/Card.spec.tsx", "src/lib/format.test.ts",
         "src/__mocks__/api.ts"]


def _init(root: Path, run: str) -> Path:
    tree(root, {
        "package.json": '{"name": "webui", "scripts": {"test": "vitest run", '
                        '"build": "vite build", "build:prod": "yarn test && yarn build"}, '
                        '"devDependencies": {"vite": "5", "vitest": "1"}}\n',
        "yarn.lock": "",
        "src/App.tsx": "export const App = () => null\n",
        "src/components/Card.tsx": "export const Card = () => null\n",
        "src/lib/format.ts": "export const format = (x: number) => String(x)\n",
        **dict.fromkeys(SPECS, "test('x', () => {})\n"),
        "Dockerfile": f"FROM node:22\nWORKDIR /src\nCOPY . .\nRUN yarn install\nRUN {run}\n",
    })
    code, output = run_in(root, "init")
    assert code == 0, output
    return root


def test_a_test_run_in_the_image_keeps_the_spec_files(tmp_path: Path) -> None:
    root = _init(tmp_path, "yarn build:prod")
    assert [path for path in SPECS if not sent(root, path)] == []


@pytest.mark.parametrize("run", ["yarn build", "npm i -D vitest && yarn build"])
def test_a_build_without_a_test_run_leaves_them_out(tmp_path: Path, run: str) -> None:
    root = _init(tmp_path, run)
    assert [path for path in SPECS if sent(root, path)] == []
