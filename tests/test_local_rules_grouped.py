"""One heading per category for the paths init excludes as one machine's.

A serving repository's laptop (a training-and-serving layout; coqui-ai/TTS and
h2o-llmstudio list wandb/ in .gitignore, as commit 1c2c68c records) holds
``mlruns/`` and ``wandb/`` (python.experiment-runs) and ``models/best.pt``
(base.model-weights). The local paths were planned in path order, so the written block
said ``# python.experiment-runs`` twice, around the weights: the file still worked, but
its grouping by category under one comment each did not hold.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from trees import run_in, sent, tree


def test_each_local_category_has_one_heading(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    tree(tmp_path, {
        "Dockerfile": ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
                       'CMD ["python", "serve.py"]\n'),
        "serve.py": "print('serving')\n",
        "requirements.txt": "torch\n",
        ".gitignore": "mlruns/\nwandb/\n*.pt\n",
    })
    tree(tmp_path, {"mlruns/0/meta.yaml": "x", "models/best.pt": "w", "wandb/run-1/files": "x"})
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    text = (tmp_path / ".dockerignore").read_text()
    headings = [line.split(":")[0] for line in text.splitlines() if line.startswith("# ")]
    assert headings.count("# python.experiment-runs") == 1, text
    assert headings.count("# base.model-weights") == 1, text
    for path in ("mlruns/0/meta.yaml", "models/best.pt", "wandb/run-1/files"):
        assert not sent(tmp_path, path)
