"""An allow-list ``.dockerignore`` (``*``, then ``!src/**``): a block above the ``*`` would
decide nothing, so init writes its block after the user's lines, where it takes junk
out of what the user's exceptions give back and never sends what the user left out.
(searxng: ``*`` then ``!searx/**`` sent a developer's ``searx/__pycache__``.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from docker_engine import Engine
from test_init_exception_scope import DOCKERFILE, init_here, sent_by_buildkit

from ignoregen.plan.writer import BEGIN, END, merge_block

USER = "# allow-list\n*\n\n!app/**\n!requirements.txt\n!conf/.env.example\n"
TREE = {
    "app/main.py": "print(1)\n",
    "app/__pycache__/main.cpython-312.pyc": "x" * 500,
    "app/.env": "TOKEN=1\n",
    "app/README.md": "docs kept: the user asked for app/**\n",
    "requirements.txt": "click\n",
    "conf/.env.example": "TOKEN=\n",
    "conf/.env.template": "TOKEN=\n",  # the presets' exceptions must not bring it back
    "docs/index.md": "",
    "tests/test_x.py": "",
}


def _lay(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_the_block_follows_the_allow_list(tmp_path: Path) -> None:
    _lay(tmp_path, {**TREE, "Dockerfile": DOCKERFILE, ".dockerignore": USER})
    before = sent_by_buildkit(tmp_path)
    init_here(tmp_path)
    text = (tmp_path / ".dockerignore").read_text()
    assert text.startswith(USER)  # the user's lines, untouched, first
    assert text.index(BEGIN) > len(USER)
    assert text.rstrip().endswith(END)
    after = sent_by_buildkit(tmp_path)
    assert after <= before  # nothing the user left out comes back
    assert before - after == {"app/__pycache__", "app/__pycache__/main.cpython-312.pyc",
                              "app/.env"}
    assert "app/README.md" in after
    assert "conf/.env.example" in after
    init_here(tmp_path)  # a second run changes nothing
    assert (tmp_path / ".dockerignore").read_text() == text
    # A template that appears later stays out, as the user's '*' says: no guard exception
    # ('!**/.env.example') follows the allow-list.
    (tmp_path / "later.env.example").write_text("")
    (tmp_path / ".env.example").write_text("TOKEN=\n")
    assert ".env.example" not in sent_by_buildkit(tmp_path)


def test_a_block_above_the_allow_list_moves_below_it(tmp_path: Path) -> None:
    old = f"{BEGIN}\n**/.git\n{END}\n\n{USER}"
    _lay(tmp_path, {**TREE, "Dockerfile": DOCKERFILE, ".dockerignore": old})
    init_here(tmp_path)
    text = (tmp_path / ".dockerignore").read_text()
    assert text.startswith(USER)
    assert text.count(BEGIN) == 1
    assert "app/__pycache__/main.cpython-312.pyc" not in sent_by_buildkit(tmp_path)


def test_merge_at_end_keeps_every_byte_of_the_user(tmp_path: Path) -> None:
    for old in (b"*\n!a\n", b"*\r\n!a", b"*\n!a\n\n\n"):
        merged = merge_block(old, ["x"], "f", at_end=True).data
        assert merged.startswith(old if old.endswith(b"\n") else old[:-1])
        assert merged.rstrip().endswith(END.encode())
        assert merge_block(merged, ["x"], "f", at_end=True).data == merged


@pytest.mark.docker
def test_real_buildkit_after_init_on_an_allow_list(tmp_path: Path, docker_engine: Engine) -> None:
    context = tmp_path / "repo"
    _lay(context, {**TREE, ".dockerignore": USER, "Dockerfile": DOCKERFILE})
    init_here(context)
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    (context / "Dockerfile").unlink()
    outcome = docker_engine.buildkit(context, tmp_path / "Dockerfile")
    assert outcome.leaves is not None, outcome.summary()
    shown = {path.decode() for path in outcome.leaves}
    assert shown == {"app/main.py", "app/README.md", "requirements.txt", "conf/.env.example"}


def test_no_keep_line_outlives_the_rule_it_answered(tmp_path: Path) -> None:
    """gristlabs/grist-core: after its allow-list's '!test', init wrote '**/*.pem' and a keep
    for test/fixtures/saml/keycloak.pem (the user's line sends it); '**/*.pem' then went, as
    it decided nothing that the user's '*' does not leave out already, and the keep stayed,
    answering nothing."""
    _lay(tmp_path, {
        "Dockerfile": DOCKERFILE, ".dockerignore": "*\n!app\n!test\n",
        "app/main.py": "print(1)\n",
        "test/fixtures/saml/keycloak.pem": "-----BEGIN CERTIFICATE-----\nMIIB\n"
                                           "-----END CERTIFICATE-----\n",
        "certs/dev.pem": "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
    })
    before = sent_by_buildkit(tmp_path)
    init_here(tmp_path)
    text = (tmp_path / ".dockerignore").read_text()
    assert "keycloak.pem" not in text
    assert "test/fixtures/saml/keycloak.pem" in sent_by_buildkit(tmp_path) <= before
