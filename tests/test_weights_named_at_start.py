"""Model weights that the image's ENTRYPOINT or CMD names stay, though .gitignore lists them.

A YOLO serving image (a public Dockerfile found in the code corpus: ``COPY . .`` then
``CMD ["python", "detect.py", "--weights", "runs/train/exp/weights/best.pt", ...]``) starts
with the checkpoint the developer trained; the repository's .gitignore lists ``*.pt`` and
``runs/``. init took the checkpoint for one machine's weights (base.model-weights,
local-only) and wrote it out by name, so the image built on that machine stopped at start.
A Python script the image runs that names the file by a literal already kept it; the start
command's own words now do too (the category's ``read_at_start``). Weights nothing names
are still one machine's, and a gitignored file of another local category that the CMD
names (a laptop's SQLite database) is still left out.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from trees import run_in, sent, tree

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n{start}\n"


@pytest.mark.parametrize(("start", "named"), [
    ('CMD ["python", "detect.py", "--weights", "runs/train/exp/weights/best.pt"]',
     "runs/train/exp/weights/best.pt"),
    ("CMD python detect.py --weights runs/train/exp/weights/best.pt",
     "runs/train/exp/weights/best.pt"),
    ('ENTRYPOINT ["python", "detect.py"]\nCMD ["--checkpoint", "weights/model.safetensors"]',
     "weights/model.safetensors"),
    ('CMD ["python", "detect.py", "--model", "/app/weights/encoder.onnx"]',
     "weights/encoder.onnx"),
])
def test_weights_the_start_command_names_stay(tmp_path: Path, start: str, named: str) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    tree(tmp_path, {
        "Dockerfile": DOCKERFILE.format(start=start),
        "detect.py": "import sys\nprint(sys.argv)\n",
        "requirements.txt": "torch\n",
        ".gitignore": "*.pt\n*.onnx\n*.safetensors\nruns/\nweights/\n",
    })
    tree(tmp_path, {named: "weights", "weights/old.pt": "weights", "runs/train/exp2/last.pt": "w"})
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert sent(tmp_path, named), (tmp_path / ".dockerignore").read_text()
    assert not sent(tmp_path, "weights/old.pt")  # nothing names it: one machine's
    assert not sent(tmp_path, "runs/train/exp2/last.pt")


def test_other_local_files_the_cmd_names_still_go(tmp_path: Path) -> None:
    """Only the categories that say ``read_at_start``: a laptop's SQLite database
    (base.instance-data) that the CMD names stays one machine's."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    tree(tmp_path, {
        "Dockerfile": DOCKERFILE.format(
            start='CMD ["python", "detect.py", "--db", "data/app.db"]'),
        "detect.py": "import sys\nprint(sys.argv)\n",
        "requirements.txt": "torch\n",
        ".gitignore": "*.db\n",
    })
    tree(tmp_path, {"data/app.db": "rows", "data/labels.txt": "cat\n"})
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert not sent(tmp_path, "data/app.db")
    assert sent(tmp_path, "data/labels.txt")
