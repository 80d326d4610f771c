"""IG701 and published variants: a full base beside a build of the same image on a smaller
variant is a variant offered on purpose (gleam-lang/gleam ships its compiler on node,
node-slim and node-alpine, one Dockerfile each), so asking it to move to the smaller one
is wrong. A lone full base, a development sibling, or a slim builder stage still leave the
advice standing."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

from ignoregen.lint.image import advise

SHIP = "COPY tool /bin/tool\nCMD [\"tool\"]\n"


@pytest.mark.parametrize(("files", "judged", "reported"), [
    # one Dockerfile per variant, side by side
    ({"containers/node.dockerfile": "FROM node:latest\n" + SHIP,
      "containers/node-slim.dockerfile": "FROM node:slim\n" + SHIP},
     "containers/node.dockerfile", False),
    ({"containers/py.Dockerfile": "FROM python:3.12\n" + SHIP,
      "containers/py-alpine.Dockerfile": "FROM python:3.12-alpine\n" + SHIP},
     "containers/py.Dockerfile", False),
    # alone, it is advice
    ({"containers/node.dockerfile": "FROM node:latest\n" + SHIP},
     "containers/node.dockerfile", True),
    # a sibling of another image says nothing about this one
    ({"containers/node.dockerfile": "FROM node:latest\n" + SHIP,
      "containers/py.dockerfile": "FROM python:3.12-slim\n" + SHIP},
     "containers/node.dockerfile", True),
    # a development sibling on slim is no published variant
    ({"Dockerfile": "FROM node:22\n" + SHIP, "Dockerfile.dev": "FROM node:22-slim\n" + SHIP},
     "Dockerfile", True),
    # a sibling whose slim stage only builds for its full one offers no slim image
    ({"Dockerfile": "FROM node:22\n" + SHIP,
      "Dockerfile.worker": "FROM node:22-slim AS deps\nRUN echo hi > /x\n"
                           "FROM node:22\nCOPY --from=deps /x /x\n" + SHIP},
     "Dockerfile", True),
    # a slim target within the same Dockerfile: the full one is still advised
    ({"Dockerfile": "FROM node:22-slim AS small\n" + SHIP + "FROM node:22\n" + SHIP},
     "Dockerfile", True),
])
def test_a_full_base_beside_its_smaller_variant(
    tmp_path: Path, files: dict[str, str], judged: str, reported: bool
) -> None:
    tree(tmp_path, files)
    context = (tmp_path / judged).parent
    report = advise(tmp_path / judged, context, judged)
    assert ("IG701" in {item.id for item in report.findings}) is reported


def test_check_is_silent_on_the_published_variants(tmp_path: Path) -> None:
    tree(tmp_path, {
        "containers/node.dockerfile": "FROM node:latest\n" + SHIP,
        "containers/node-slim.dockerfile": "FROM node:slim\n" + SHIP,
        "containers/node-alpine.dockerfile": "FROM node:alpine\n" + SHIP,
        "containers/tool": "binary",
        "containers/.dockerignore": "*.dockerfile\n",
    })
    _, output = run_in(tmp_path, "check", ".")
    assert "IG701" not in output, output
