"""Paths a CI workflow's ``run`` step writes into the checkout before it builds an image.

ErsatzTV's docker workflow fetches a release binary and moves it into the checkout
(``mv next-extracted/ersatztv-channel .``) before ``docker build``; its Dockerfile's
``COPY ersatztv-channel ./`` is then satisfied, though a clean clone lacks the file. The
commands read here put a file or directory at a place the shell line says: ``mv``/``cp``
(the last operand; a directory operand such as ``.`` takes the source's name), ``curl -o``,
``wget -O`` (``-P``: a directory), ``tar -C``, ``unzip -d``, a model hub's download
(``huggingface-cli download ... --local-dir``, ``hf download``, ``gdown -O``), and an output
redirection (``echo ... > env/.env``, ``>>``). What a variable or an expression names is not
read."""

from __future__ import annotations

import os
import re
import shlex

from ignoregen.build.scripts import moved_to

_SPLIT = re.compile(r"&&|\|\||;|\n")
_CD = re.compile(r"\s*\(?\s*(?:builtin\s+)?(?:cd|pushd)(?:\s|$)")
"""A part of a script that changes directory."""
_MAY_WRITE = re.compile(r"mv|cp|curl|wget|tar|unzip|hf|huggingface-cli|gdown|>|[\\'\"]")
"""What a part of a script holds if shell words of it can name one of the tools read: the
tool's name, or quotes and escapes that could spell it ("m\\v" is mv)."""


def written_paths(script: str, workdir: str = ".") -> list[str]:
    """The checkout-relative paths (``""`` for the checkout's root) that ``script``, run in
    ``workdir`` (relative to the checkout), writes. Paths outside the checkout are left
    out."""
    out: list[str] = []
    for part in _SPLIT.split(script.replace("\\\n", " ")):
        if _CD.match(part):
            # 'cd frontend && echo X > .env' writes frontend/.env: a literal relative
            # directory is followed (as a build line's cd is); after any other cd, or one in
            # a subshell, nothing more is read
            moved = None if "(" in part else moved_to(workdir, part)
            if moved is None:
                return out
            workdir = moved
            continue
        if not _MAY_WRITE.search(part):
            continue  # no tool read here can be named in it (quoting would show)
        try:
            words = shlex.split(part, comments=True)
        except ValueError:
            continue
        while words and words[0] in ("sudo", "command", "exec"):
            words = words[1:]
        for place in [*_places(words), *_redirected(words)]:
            if "$" in place or "`" in place or place.startswith(("~", "/")):
                continue
            where = os.path.normpath(os.path.join(workdir, place)).replace(os.sep, "/")
            if where == ".." or where.startswith("../"):
                continue
            out.append("" if where == "." else where)
    return out


def _redirected(words: list[str]) -> list[str]:
    """The files an output redirection writes (``echo ... > env/.env``, ``>>``, ``2>``)."""
    out = []
    for index, word in enumerate(words):
        operator = word.lstrip("0123456789&")
        if operator in (">", ">>", ">|"):
            if index + 1 < len(words):
                out.append(words[index + 1])
        elif operator.startswith((">", ">>")) and not operator.startswith((">&", ">>&")):
            out.append(operator.lstrip(">|"))
    return [place for place in out if place]


def _places(words: list[str]) -> list[str]:
    if not words:
        return []
    tool, args = words[0].rsplit("/", 1)[-1], words[1:]
    operands = [word for word in args if not word.startswith("-")]
    if tool in ("mv", "cp"):
        if "-t" in args or any(word.startswith("--target-directory") for word in args):
            return []  # the destination comes first: not read
        if len(operands) < 2:
            return []
        dest, sources = operands[-1], operands[:-1]
        if dest in (".", "./") or dest.endswith("/"):
            return [os.path.join(dest, source.rstrip("/").rsplit("/", 1)[-1])
                    for source in sources]
        return [dest]
    options = {"curl": ("-o", "--output", "--output-dir"),
               "wget": ("-O", "--output-document", "-P", "--directory-prefix"),
               "tar": ("-C", "--directory"), "unzip": ("-d",), "gdown": ("-O", "--output"),
               "huggingface-cli": ("--local-dir",), "hf": ("--local-dir",)}.get(tool, ())
    out = []
    for index, word in enumerate(args):
        for option in options:
            if word == option and index + 1 < len(args):
                out.append(args[index + 1])
            elif option.startswith("--") and word.startswith(option + "="):
                out.append(word.split("=", 1)[1])
    return out
