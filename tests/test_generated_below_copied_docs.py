"""init leaves what a package manager made below a copied directory to its own rule.

mCaptcha/mCaptcha's Dockerfile installs the OpenAPI site's packages in the image
(``cd docs/openapi && yarn install``), then copies ``docs/openapi`` over them and runs
``yarn build``. base.docs' ``docs`` takes the directory, so init keeps what the COPY names
(``!docs/openapi``); it also kept ``docs/openapi/node_modules`` for that COPY's sake, and
that exception, moved after ``**/node_modules``, sent a developer's packages over the
image's own, as no ``COPY . .`` would.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from trees import run_in, sent, tree

DOCKERFILE = """\
FROM node:22 AS frontend
COPY package.json yarn.lock /src/
COPY docs/openapi/package.json docs/openapi/yarn.lock /src/docs/openapi/
WORKDIR /src
RUN yarn install && cd docs/openapi && yarn install
COPY webpack.config.js /src/
COPY docs/openapi /src/docs/openapi/
RUN cd docs/openapi && yarn build

FROM rust:latest AS rust
WORKDIR /src
COPY . .
COPY --from=frontend /src/docs/openapi/dist/ /src/docs/openapi/dist/
RUN cargo build --release

FROM debian:trixie
COPY --from=rust /src/target/release/mcaptcha /usr/local/bin/
CMD ["/usr/local/bin/mcaptcha"]
"""


def test_host_packages_below_a_copied_docs_directory_stay_out(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": DOCKERFILE,
        "Cargo.toml": '[package]\nname = "mcaptcha"\nversion = "0.1.0"\n',
        "Cargo.lock": "version = 3\n",
        "src/main.rs": "fn main() {}\n",
        "package.json": '{"name": "mcaptcha-frontend", "private": true}\n',
        "yarn.lock": "\n",
        "webpack.config.js": "module.exports = {}\n",
        "docs/openapi/package.json": '{"name": "openapi", "private": true}\n',
        "docs/openapi/yarn.lock": "\n",
        "docs/openapi/api-spec.yaml": "openapi: 3.0.0\n",
        "docs/guide.md": "# Guide\n",
        ".gitignore": "/target\nnode_modules/\n",
    })
    git = ["git", "-C", str(tmp_path), "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    tree(tmp_path, {  # a developer's machine
        "node_modules/webpack/index.js": "module.exports = {}\n",
        "docs/openapi/node_modules/redoc/index.js": "module.exports = {}\n",
    })
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    text = (tmp_path / ".dockerignore").read_text()
    assert not sent(tmp_path, "docs/openapi/node_modules/redoc/index.js"), text
    assert not sent(tmp_path, "node_modules/webpack/index.js"), text
    assert sent(tmp_path, "docs/openapi/api-spec.yaml"), text
    assert sent(tmp_path, "docs/openapi/package.json"), text
    assert not sent(tmp_path, "docs/guide.md"), text
