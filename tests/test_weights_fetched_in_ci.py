"""Model weights that CI fetches into the checkout before it builds the image stay.

A serving image copies the checkout (``COPY . .``) and loads models/ when it starts; the
weights are gitignored and a CI step fetches them first (``wget -O models/ranker.pt``,
``huggingface-cli download ... --local-dir models/encoder``), then ``docker build``. init
took them for one machine's weights (base.model-weights, local-only) and wrote them out by
name: the image CI built started without its model. A file that no CI step writes is still
one machine's.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from trees import run_in, sent, tree

WORKFLOW = """\
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: {fetch}
      - run: docker build -t ranker .
"""


@pytest.mark.parametrize(("fetch", "fetched"), [
    ("wget -O models/ranker.pt https://example.org/ranker.pt", "models/ranker.pt"),
    ("wget -q -P models https://example.org/ranker.pt", "models/ranker.pt"),
    ("huggingface-cli download org/encoder --local-dir models/encoder",
     "models/encoder/model.safetensors"),
    ("hf download org/encoder --local-dir=models/encoder", "models/encoder/model.safetensors"),
    ("curl -fsSL --output-dir models -O https://example.org/ranker.pt", "models/ranker.pt"),
])
def test_weights_ci_fetches_stay(tmp_path: Path, fetch: str, fetched: str) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    tree(tmp_path, {
        "Dockerfile": ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
                       "CMD [\"python\", \"-m\", \"ranker\"]\n"),
        "ranker/__init__.py": "", "ranker/__main__.py": "print('ranking')\n",
        ".gitignore": "models/*.pt\nmodels/encoder/\nscratch/\n",
        ".github/workflows/image.yml": WORKFLOW.format(fetch=fetch),
    })
    tree(tmp_path, {fetched: "weights", "scratch/tuned.pt": "weights"})
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert sent(tmp_path, fetched)
    assert not sent(tmp_path, "scratch/tuned.pt")  # no CI step writes it: one machine's
