"""What a CI workflow's ``run`` step writes into the checkout (build/step_writes.py)."""

from __future__ import annotations

import pytest

from ignoregen.build.step_writes import written_paths


@pytest.mark.parametrize(("script", "workdir", "expected"), [
    ("mv next-extracted/ersatztv-channel .", ".", ["ersatztv-channel"]),
    ("cp -r dist/ build/web/", ".", ["build/web/dist"]),
    ("cp a b && mv c d/e", ".", ["b", "d/e"]),
    ("curl -fsSL -o tool https://x.invalid/t", "bin", ["bin/tool"]),
    ("wget --output-document=data.bin https://x.invalid", ".", ["data.bin"]),
    ("tar xzf a.tgz -C vendor/", ".", ["vendor"]),
    ("unzip -q a.zip -d .", ".", [""]),
    ("mv $OUT/x .", ".", ["x"]),
    ("mv x $DEST", ".", []),            # a variable: not read
    ("cp x /usr/local/bin/", ".", []),   # outside the checkout
    ("cp x ../../elsewhere", "a", []),
    ("cp -t dest a b", ".", []),
    ("echo 'unbalanced", ".", []),
    ("sudo mv x y  # comment", ".", ["y"]),
])
def test_written_paths(script: str, workdir: str, expected: list[str]) -> None:
    assert written_paths(script, workdir) == expected
