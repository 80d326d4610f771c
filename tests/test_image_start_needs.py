"""IG704 and IG703 say nothing when the image's start runs a development dependency.

A NestJS starter's image installs with ``npm install``, builds, and starts with a shell
script of its own that runs ``npm run migration:run`` (a package.json script starting
env-cmd and ts-node, both devDependencies) before ``node dist/main``. The production-only
install IG704 offered, or the separate build stage IG703 offered, makes that start fail:
the development dependencies are the running container's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from trees import tree

from ignoregen.lint.image import advise

MANIFEST = {
    "name": "api",
    "scripts": {"build": "nest build", "db:migrate": "npm run orm -- migration:run",
                "orm": "env-cmd -- ts-node ./node_modules/typeorm/cli.js",
                "start:prod": "node dist/main"},
    "dependencies": {"@nestjs/core": "^11", "typeorm": "^0.3"},
    "devDependencies": {"@nestjs/cli": "^11", "env-cmd": "^10", "ts-node": "^10",
                        "jest": "^29"},
}


def ids(root: Path, start: str, script: str = "") -> set[str]:
    tree(root, {
        "Dockerfile": ("FROM node:22-alpine\nWORKDIR /srv\nCOPY package*.json ./\n"
                       "RUN npm install\nCOPY . .\nRUN npm run build\n"
                       f"COPY boot.sh /opt/boot.sh\n{start}\n"),
        "package.json": json.dumps(MANIFEST), "boot.sh": script, "src/main.ts": "",
    })
    report = advise(root / "Dockerfile", root, "Dockerfile")
    return {item.id for item in report.findings}


@pytest.mark.parametrize(("start", "script"), [
    ('CMD ["/opt/boot.sh"]', "#!/bin/sh\nset -e\nnpm run db:migrate\nnpm run start:prod\n"),
    ('CMD ["sh", "/opt/boot.sh"]', "npx ts-node seed.ts && node dist/main\n"),
    ('CMD ["npm", "run", "db:migrate"]', ""),
    # A package manager's own way to run an installed program ('exec', npm's and Bun's 'x').
    ('CMD ["pnpm", "exec", "ts-node", "seed.ts"]', ""),
    ('CMD ["npm", "exec", "--yes", "--", "ts-node", "seed.ts"]', ""),
    ('CMD ["yarn", "exec", "env-cmd", "node", "dist/main"]', ""),
    ('CMD ["bun", "x", "ts-node", "seed.ts"]', ""),
    ('CMD ["/opt/boot.sh"]', "#!/bin/sh\npnpm exec ts-node seed.ts\nexec node dist/main\n"),
    # Yarn and pnpm run a package's program by its name alone when no script has it
    # (oscgu/faucet-bot: CMD ["yarn", "ts-node", "index.ts"], ts-node a devDependency).
    ('CMD ["yarn", "ts-node", "seed.ts"]', ""),
    ('CMD ["/opt/boot.sh"]', "#!/bin/sh\npnpm env-cmd node dist/main\n"),
    # The command of a shell's -c (rivaric/recipely: npx prisma, prisma a devDependency).
    ('CMD ["sh", "-c", "npx ts-node seed.ts && node dist/main"]', ""),
    ('CMD sh -c "node dist/main.js || npm run db:migrate"', ""),
    ('ENTRYPOINT ["/bin/bash", "-ec", "yarn ts-node seed.ts; exec node dist/main"]', ""),
])
def test_a_start_that_runs_a_dev_dependency_is_left_alone(
        tmp_path: Path, start: str, script: str) -> None:
    assert not ids(tmp_path, start, script) & {"IG703", "IG704"}


@pytest.mark.parametrize(("start", "script"), [
    ('CMD ["/opt/boot.sh"]', "#!/bin/sh\nnpm run start:prod\n"),
    ('CMD ["node", "dist/main"]', ""),
    ('CMD ["pnpm", "exec", "node", "dist/main"]', ""),
    ('CMD ["yarn", "start:prod"]', ""),
    ('CMD ["pnpm", "node", "dist/main"]', ""),
    ('CMD ["sh", "-c", "node dist/main"]', ""),
    ('CMD ["sh", "/opt/boot.sh"]', "exec node dist/main\n"),
])
def test_a_start_that_runs_only_production_code_is_told(
        tmp_path: Path, start: str, script: str) -> None:
    assert {"IG703", "IG704"} <= ids(tmp_path, start, script)
