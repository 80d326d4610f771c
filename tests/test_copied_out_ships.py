"""A secret that a RUN copies into what the shipped stage takes ships.

writefreely/writefreely's build stage runs ``COPY . .`` into its WORKDIR, then ``cp -R
.../templates .../keys ... /stage``; its last stage takes ``COPY --from=build /stage /go``.
A developer's ``keys/*.aes256`` (the keys that encrypt e-mail addresses and sign cookies)
reach the published image, but IG101 said "no shipped image copies it" and was a warning.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_check_needed import commit, make

from ignoregen.cli import cli

STAGE = ("FROM golang:1.21-alpine AS build\nWORKDIR /go/src/app\nCOPY . .\n"
         "RUN go build -o /go/bin/app . \\\n    && mkdir /stage \\\n"
         "    && cp -R /go/bin /go/src/app/templates /go/src/app/keys /stage\n")
WRITEFREELY = STAGE + "FROM alpine\nCOPY --from=build /stage /go\n"


def _ig101(root: Path, dockerfile: str) -> dict[str, tuple[str, str]]:
    make(root, {
        "Dockerfile": dockerfile, "go.mod": "module example.com/app\n\ngo 1.21\n",
        "main.go": "package main\n\nfunc main() {}\n", "templates/base.tmpl": "x\n",
        "keys/.gitignore": "*.aes256\n",
    })
    commit(root)
    (root / "keys" / "email.aes256").write_bytes(bytes(range(7, 39)))
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(root)],
                                catch_exceptions=False)
    found = json.loads(result.output)["findings"]
    return {item["message"].split(":")[0]: (item["severity"], item["message"])
            for item in found if item["id"] == "IG101"}


def test_a_key_copied_into_the_shipped_directory_is_an_error(tmp_path: Path) -> None:
    severity, message = _ig101(tmp_path, WRITEFREELY)["keys/email.aes256"]
    assert severity == "error"
    assert "the RUN at line 4 copies it where COPY --from at line 8 takes it" in message


@pytest.mark.parametrize(("dockerfile", "why"), [
    (STAGE.replace("/go/src/app/keys /stage", "/stage") + "RUN cp -R keys /backup\n"
     "FROM alpine\nCOPY --from=build /stage /go\n", "copied where nothing takes it"),
    (STAGE.replace("&& cp -R", "&& [ -n \"$KEEP\" ] && cp -R")
     + "FROM alpine\nCOPY --from=build /stage /go\n", "a copy that may not run"),
    (STAGE + "FROM alpine\nCOPY --from=build /stage/bin /go/bin\n", "only another part taken"),
])
def test_a_key_that_may_not_ship_stays_a_warning(
        tmp_path: Path, dockerfile: str, why: str) -> None:
    severity, message = _ig101(tmp_path, dockerfile)["keys/email.aes256"]
    assert severity == "warning", why
    assert "no shipped image copies it" in message
