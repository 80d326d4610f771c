"""A compose file that Ansible renders before compose reads it (its ``template`` task copies
it with ``{{ creds_dest }}`` filled in) is not YAML as it stands: check gave an error (IG004,
exit 1) for a file no one hands to compose unrendered. A file that is not YAML for Jinja
markup is left alone as a template's; one broken without markup is still an error."""

from __future__ import annotations

import json
from pathlib import Path

from trees import run_in, tree

_FILES = {
    "docker/Dockerfile": "FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n",
    "site/index.html": "<p>hi</p>\n",
    "provision/stage.yaml": (
        "- hosts: web\n  tasks:\n    - template:\n        src: docker-compose.yaml\n"
        "        dest: /srv/docker-compose.yaml\n"
    ),
}


def _check(root: Path, compose: str) -> tuple[int, list[str], str]:
    tree(root, {**_FILES, "provision/docker-compose.yaml": compose})
    code, output = run_in(root, "check", "--format", "json")
    rules = [f.get("rule", f.get("id")) for f in json.loads(output)["findings"]]
    return code, rules, output


def test_a_jinja_compose_file_is_a_template(tmp_path: Path) -> None:
    code, rules, output = _check(tmp_path, (
        "services:\n  web:\n    image: '{{ image }}:{{ tag }}'\n    volumes:\n"
        "      - {{ creds_dest }}:/opt/credentials\n"
    ))
    assert "IG004" not in rules, output
    assert code in (0, 1)
    _, said = run_in(tmp_path, "init", "--dry-run")
    assert "provision/: 1 build file of a project template" in said


def test_a_broken_compose_file_without_markup_is_an_error(tmp_path: Path) -> None:
    _, rules, _ = _check(tmp_path, "services:\n  web:\n    image: nginx\n   ports: [80]\n")
    assert "IG004" in rules
