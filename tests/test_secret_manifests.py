"""Files named like Kubernetes Secret manifests (secret.yaml, secrets.yml, *-secret.yaml) in a
project the kubernetes preset applies to: a committed one is the project's (a Secret with
template values that an image applying its manifests reads; Rails' config/secrets.yml, which
the application loads), so init keeps it; one that .gitignore lists is a developer's
credentials, excluded by init and reported by check when a COPY sends it."""

from __future__ import annotations

from pathlib import Path

from test_check_needed import commit, make, subjects
from trees import run_in, sent

APPLIES = (  # an image that applies the committed manifests when it runs
    "FROM bitnami/kubectl:1.29\nCOPY k8s/ /manifests/\n"
    "ENTRYPOINT [\"kubectl\", \"apply\", \"-k\", \"/manifests/\"]\n"
)
TEMPLATE_SECRET = (
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web\nstringData:\n"
    "  DB_PASSWORD: ${DB_PASSWORD}\n"
)
REAL_SECRET = (
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web\ndata:\n"
    "  DB_PASSWORD: V2s4cFR6cTFMbTlYdjM=\n"
)


def test_a_committed_secret_manifest_stays_for_the_image_that_applies_it(
    tmp_path: Path,
) -> None:
    make(tmp_path, {
        "Dockerfile": APPLIES, ".gitignore": "k8s/local-secret.yaml\n",
        "k8s/kustomization.yaml": "resources:\n- deployment.yaml\n- secret.yaml\n",
        "k8s/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\n",
        "k8s/secret.yaml": TEMPLATE_SECRET,
    })
    commit(tmp_path)
    make(tmp_path, {"k8s/local-secret.yaml": REAL_SECRET})  # the developer's own
    assert subjects(tmp_path, "IG101") == ["k8s/local-secret.yaml"]
    code, _ = run_in(tmp_path, "init")
    assert code == 0
    assert sent(tmp_path, "k8s/secret.yaml")  # kustomization.yaml lists it
    assert not sent(tmp_path, "k8s/local-secret.yaml")
    assert subjects(tmp_path, "IG101") == []


def test_rails_config_secrets_stays_beside_kubernetes_manifests(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": "FROM ruby:3.2-slim\nWORKDIR /app\nCOPY . .\n"
                      "CMD [\"bin/rails\", \"server\"]\n",
        "Gemfile": "source 'https://rubygems.org'\n", "Gemfile.lock": "",
        "config/secrets.yml": "production:\n  secret_key_base: <%= ENV[\"SECRET_KEY_BASE\"] %>\n",
        "k8s/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\n",
    })
    commit(tmp_path)
    code, _ = run_in(tmp_path, "init")
    assert code == 0
    assert sent(tmp_path, "config/secrets.yml")
