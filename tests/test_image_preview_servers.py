"""An image whose command is a site tool's local preview server is for development: the
image advice leaves it alone. unkeyed/unkey's docs/engineering/Dockerfile and
docs/product/Dockerfile (FROM node:24, npm i -g mintlify, CMD ["mintlify", "dev", ...])
got IG701 "use node:24-slim" for what is a writer's preview of the documentation. The
same tool's production command is still judged."""

from __future__ import annotations

from pathlib import Path

import pytest

from ignoregen.lint.image import advise

BASE = "FROM node:24\nRUN npm i -g mintlify@4.2.573\nWORKDIR /app\n"


@pytest.mark.parametrize(("cmd", "expected"), [
    ('CMD ["mintlify", "dev", "--host", "0.0.0.0"]\n', set()),
    ('CMD ["npx", "astro", "dev", "--host"]\n', set()),
    ("CMD npx nuxi dev\n", set()),
    ('CMD ["npx", "wrangler", "dev"]\n', set()),
    ("CMD gatsby develop -H 0.0.0.0\n", set()),
    ("CMD npx docusaurus start --host 0.0.0.0\n", set()),
    ("CMD mkdocs serve -a 0.0.0.0:8000\n", set()),
    ("CMD bundle exec jekyll serve --host 0.0.0.0\n", set()),
    ("CMD hugo server --bind 0.0.0.0\n", set()),
    ('CMD ["npx", "astro", "preview"]\n', {("IG701", 1), ("IG705", 2)}),
    ('CMD ["npx", "docusaurus", "serve"]\n', {("IG701", 1), ("IG705", 2)}),
])
def test_a_preview_server_is_development(
    tmp_path: Path, cmd: str, expected: set[tuple[str, int]]
) -> None:
    (tmp_path / "Dockerfile").write_text(BASE + cmd)
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile", None)
    assert {(item.id, item.line or 0) for item in report.findings} == expected
