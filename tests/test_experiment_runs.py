"""Training runs that .gitignore lists stay out of an image that copies the checkout.

A machine-learning project's laptop holds what its runs wrote: MLflow's ./mlruns, Weights &
Biases' ./wandb, PyTorch Lightning's ./lightning_logs with its checkpoints, often gigabytes.
coqui-ai/TTS, hiyouga/LLaMA-Factory and h2oai/h2o-llmstudio list them in .gitignore; a
serving image's ``COPY . .`` sent them all. No clean checkout has them, so no build that
works in CI reads them; an image whose own command is MLflow's server (which reads ./mlruns
unless told another store) keeps them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from trees import run_in, sent, tree

GITIGNORE = "__pycache__/\n.venv/\nmlruns/\nmlartifacts/\nwandb/\nlightning_logs/\n"
RUNS = {
    "mlruns/0/4f2a/artifacts/model/model.pkl": "pickle",
    "mlruns/0/meta.yaml": "name: Default\n",
    "mlartifacts/0/4f2a/plot.png": "png",
    "wandb/run-20250101_101010-abcd/files/output.log": "epoch 1\n",
    "lightning_logs/version_0/checkpoints/epoch=3-step=400.ckpt": "weights",
    "lightning_logs/version_0/hparams.yaml": "lr: 0.1\n",
}


def project(root: Path, command: str) -> Path:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    tree(root, {
        "Dockerfile": ("FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n"
                       "RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n"
                       f"CMD {command}\n"),
        "requirements.txt": "mlflow\nlightning\n", ".gitignore": GITIGNORE,
        "trainer/__init__.py": "", "trainer/serve.py": "print('serving')\n",
    })
    return tree(root, RUNS)


def test_the_runs_of_a_laptop_stay_out(tmp_path: Path) -> None:
    root = project(tmp_path, '["python", "-m", "trainer.serve"]')
    code, out = run_in(root, "init")
    assert code == 0, out
    for path in RUNS:
        assert not sent(root, path), path
    assert sent(root, "trainer/serve.py")


@pytest.mark.parametrize("command", [
    "mlflow ui --host 0.0.0.0", "mlflow server --host 0.0.0.0 --port 5000",
])
def test_the_mlflow_server_keeps_its_store(tmp_path: Path, command: str) -> None:
    root = project(tmp_path, command)
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, "mlruns/0/4f2a/artifacts/model/model.pkl")
    assert sent(root, "mlartifacts/0/4f2a/plot.png")
    assert not sent(root, "wandb/run-20250101_101010-abcd/files/output.log")


def test_a_store_named_elsewhere_is_not_the_directory(tmp_path: Path) -> None:
    root = project(tmp_path, "mlflow server --backend-store-uri postgresql://db/mlflow")
    code, out = run_in(root, "init")
    assert code == 0, out
    assert not sent(root, "mlruns/0/meta.yaml")
