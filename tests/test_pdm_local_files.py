"""PDM's files for one machine: ``.pdm-python`` (the interpreter ``pdm use`` chose, a path on
the laptop) and ``.pdm-build`` (pdm-backend's scratch directory for editable builds).

krddevdays/bot's .gitignore lists ``.pdm-python``; its Dockerfile's last stage runs
``COPY . .`` over the environment the builder stage installed, so a developer's file went
into the image and init left it there (no category claimed it, and a path COPY reads is not
an unread local file). hanxi/xiaomusic's .gitignore lists ``.pdm-build/`` as well. A pdm run
in the image after such a copy starts from the laptop's interpreter path.

The editable build's ``.pth`` file in ``.pdm-build`` was claimed as PyTorch model weights
(``*.pth``): it is packaging output.
"""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree

PYPROJECT = """\
[project]
name = "krddevbot"
version = "0.1.0"
dependencies = ["python-telegram-bot"]

[tool.pdm.dev-dependencies]
dev = ["pytest"]
"""

DOCKERFILE = """\
FROM python:3.10-slim AS builder
WORKDIR /app
RUN pip install -U pdm
COPY pyproject.toml pdm.lock /app/
RUN pdm install --check --prod --no-editable

FROM python:3.10-slim
WORKDIR /app
COPY --from=builder /app/.venv/ /app/.venv
ENV PATH="/app/.venv/bin:$PATH"
COPY . .
CMD ["python3", "-m", "krddevbot"]
"""


def test_pdm_machine_files_are_not_sent(tmp_path: Path) -> None:
    tree(tmp_path, {"pyproject.toml": PYPROJECT, "pdm.lock": "# lock\n", "Dockerfile": DOCKERFILE,
                    "krddevbot/__main__.py": "", ".gitignore": ".pdm-python\n.pdm-build/\n",
                    ".pdm-python": "/home/dev/bot/.venv/bin/python\n",
                    ".pdm-build/krddevbot.pth": "/home/dev/bot\n"})
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert not sent(tmp_path, ".pdm-python")
    assert not sent(tmp_path, ".pdm-build/krddevbot.pth")
    assert "model-weights" not in (tmp_path / ".dockerignore").read_text()
    assert sent(tmp_path, "pdm.lock")
    assert sent(tmp_path, "krddevbot/__main__.py")
