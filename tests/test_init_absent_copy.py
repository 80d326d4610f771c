"""What a COPY names literally is kept by init even when this checkout lacks it.

lago's release image is built from the repository root by docker/Dockerfile, which copies
``./front/.env.sh`` out of the git submodule ``front/``; its workflow checks submodules
out, a plain clone does not. init, run on the plain clone, wrote the secrets guard
``**/.env.*`` (written whatever it matches) with no exception, and the release build then
failed at that COPY. A file nobody copies stays excluded."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree


def test_a_copied_file_missing_here_gets_its_exception(tmp_path: Path) -> None:
    tree(tmp_path, {
        ".gitmodules": '[submodule "front"]\n\tpath = front\n\turl = ../front.git\n',
        "docker/Dockerfile": (
            "FROM alpine\n"
            "COPY ./front/.env.sh ./front/.env.sh\n"
            "COPY ./docker/run.sh /run.sh\n"
            'ENTRYPOINT ["/run.sh"]\n'),
        "docker/run.sh": "#!/bin/sh\n",
        ".github/workflows/release.yml": (
            "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/checkout@v4\n        with:\n          submodules: true\n"
            "      - uses: docker/build-push-action@v6\n        with:\n"
            "          context: .\n          file: ./docker/Dockerfile\n"),
    })
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    text = (tmp_path / ".dockerignore").read_text()
    assert "**/.env.*" in text
    assert sent(tmp_path, "front/.env.sh")
    assert sent(tmp_path, "docker/run.sh")
    assert not sent(tmp_path, ".env.local")
    assert not sent(tmp_path, "front/.env")
