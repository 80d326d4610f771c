"""init excludes again the secrets that an exception for a kept directory sends.

B-HS/BBlog's Dockerfile copies Next's standalone output built on the host
(``COPY ./.next/standalone ./``); its deploy workflow writes ``.env`` from the repository's
secrets, runs ``pnpm build``, then ``docker buildx build``. Next copies the ``.env`` it loaded
into ``.next/standalone``. On that machine init wrote ``**/.env`` with the secrets, then
``.next`` with ``!.next/standalone`` for the COPY: the exception, last, sent
``.next/standalone/.env`` into the shipped image, and check then reported IG101 (an error)
on the file init had just written, with no fix to offer.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from trees import run_in, sent, tree

DOCKERFILE = """\
FROM node:20-alpine AS runner
WORKDIR /usr/src/app
COPY ./.next/standalone ./
COPY ./.next/static ./.next/static
CMD ["node", "server.js"]
"""


def _blog(root: Path, standalone_env: str) -> None:
    tree(root, {
        "package.json": '{"name": "blog", "private": true, "dependencies": {"next": "14.2.0"}}\n',
        "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
        "next.config.mjs": "export default { output: 'standalone' }\n",
        "app/page.tsx": "export default function Page() { return null }\n",
        ".gitignore": "/node_modules\n/.next/\n.env\n",
        "Dockerfile": DOCKERFILE,
    })
    git = ["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    # the machine that built it: the host's .env, and the output next build left
    tree(root, {
        ".env": "DATABASE_PASSWORD=correct-horse\nAWS_SECRET_ACCESS_KEY=abc123def456\n",
        ".next/standalone/.env": standalone_env,
        ".next/standalone/server.js": "require('next')\n",
        ".next/standalone/node_modules/next/index.js": "module.exports = {}\n",
        ".next/static/chunks/main.js": "console.log(1)\n",
        ".next/cache/webpack/client.pack": "cache\n",
        "node_modules/next/index.js": "module.exports = {}\n",
    })


def _secret_errors(root: Path) -> list[str]:
    _, output = run_in(root, "check", "--format", "json")
    return [item["message"] for item in json.loads(output)["findings"] if item["id"] == "IG101"]


def test_init_keeps_the_copied_output_but_not_the_env_next_put_in_it(tmp_path: Path) -> None:
    _blog(tmp_path, "DATABASE_PASSWORD=correct-horse\nAWS_SECRET_ACCESS_KEY=abc123def456\n")
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    text = (tmp_path / ".dockerignore").read_text()
    assert not sent(tmp_path, ".next/standalone/.env"), text
    assert not sent(tmp_path, ".env"), text
    assert sent(tmp_path, ".next/standalone/server.js"), text
    assert sent(tmp_path, ".next/standalone/node_modules/next/index.js"), text
    assert sent(tmp_path, ".next/static/chunks/main.js"), text
    assert not sent(tmp_path, ".next/cache/webpack/client.pack"), text
    assert _secret_errors(tmp_path) == [], text


def test_a_public_env_in_the_output_stays(tmp_path: Path) -> None:
    # Only values the bundle publishes anyway: check calls it no secret, nor does init.
    _blog(tmp_path, "NEXT_PUBLIC_SITE_URL=https://blog.example.org\n")
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    text = (tmp_path / ".dockerignore").read_text()
    assert sent(tmp_path, ".next/standalone/.env"), text
    assert not sent(tmp_path, ".env"), text
