"""Files that a compose file declares as secrets (top-level ``secrets: NAME: file: PATH``),
lying in a build context: a ``COPY .`` sends them to the builder and into the image,
although compose hands them to the containers at run time (``/run/secrets/NAME``).

The declaration alone is not taken as proof (a public CA certificate may be declared one):
the file's name or the secret's name must hold a word of the presets' ``sensitive_words``
(``db/password.txt``, ``db-password``), and a small text file must hold more than a
stand-in (``changeme``, ``<your password>``, nothing)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from ignoregen.engine.records import Item, Kind
from ignoregen.knowledge.secret_values import SecretValues
from ignoregen.lint.secrets import _small_text, _stand_in, _words


def declared_secrets(
    context: Path, sent: Iterable[Item], declared: Mapping[str, tuple[str, str]],
    values: SecretValues,
) -> dict[str, str]:
    """The sent files among ``declared`` (context path -> the secret's name, and where it
    is declared) that are secrets: path -> what says so."""
    words = set(values.sensitive_words)
    out: dict[str, str] = {}
    for item in sent:
        if item.path not in declared or item.kind is not Kind.FILE:
            continue
        secret, where = declared[item.path]
        if not (_words(item.path.rpartition("/")[2]) | _words(secret)) & words:
            continue
        text = _small_text(context / item.path)
        if text is not None and _stand_in(text.strip(), values):
            continue
        out[item.path] = f"{where} declares it the compose secret '{secret}'"
    return out
