"""IG703 names a RUN's build tools once, however many installs the RUN holds.

jumpserver's final stage installs two lists in one RUN (``apt-get install ${DEPENDENCIES}
&& apt-get install ${TOOLS}``); the message said "installs build tools (...) at line 44
...; line 44 installs build tools (...)", the same line twice."""

from __future__ import annotations

from pathlib import Path

from trees import tree

from ignoregen.lint.image import advise

DOCKERFILE = """\
FROM python:3.12-slim
RUN apt-get update \\
    && apt-get install -y --no-install-recommends libldap2-dev libsasl2-dev \\
    && apt-get install -y --no-install-recommends cron libpq-dev libldap2-dev \\
    && rm -rf /var/lib/apt/lists/*
COPY . /app
CMD ["python", "/app/main.py"]
"""


def test_one_run_is_named_once(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": DOCKERFILE, "main.py": "print()\n"})
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile", None)
    [message] = [item.message for item in report.findings if item.id == "IG703"]
    assert message == ("the shipped stage #0 installs build tools (libldap2-dev, libsasl2-dev, "
                       "libpq-dev) at line 2 and ships them with the result")
