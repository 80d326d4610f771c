"""An image whose only command waits (``sleep 60s``, ``sleep 3600``) runs no application:
CI starts it to copy a build's output out of it, or a developer to ``docker exec`` into it.
homarr-labs/homarr's deployments/prebuilt-debian/Dockerfile (FROM node:24-trixie, pnpm
install, CMD ["sleep", "60s"]) compiles better-sqlite3 with node-gyp for Debian, and a CI
action copies the module out with ``docker cp``: it got IG701 "use -slim", which has no
python3, make or g++ to compile it with. Like ``sleep infinity`` before it, such an image is
not judged; one that sleeps before it starts the application still is."""

from __future__ import annotations

from pathlib import Path

import pytest

from ignoregen.lint.image import advise

BUILD = ("FROM node:24.18.0-trixie AS base\nWORKDIR /app\nCOPY package.json .\n"
         "RUN corepack enable pnpm && pnpm install --frozen-lockfile\n")


@pytest.mark.parametrize(("cmd", "expected"), [
    ('CMD ["sleep", "60s"]\n', set()),
    ("CMD sleep 3600\n", set()),
    ('CMD ["/bin/sleep", "infinity"]\n', set()),
    ("CMD sleep 5 && node server.js\n", {("IG701", 1)}),
    ('CMD ["node", "server.js"]\n', {("IG701", 1)}),
])
def test_a_container_that_only_waits_is_not_judged(
    tmp_path: Path, cmd: str, expected: set[tuple[str, int]]
) -> None:
    (tmp_path / "Dockerfile").write_text(BUILD + cmd)
    (tmp_path / "package.json").write_text('{"name": "x"}\n')
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile", None)
    assert {(item.id, item.line or 0) for item in report.findings} == expected
