"""What a value that is not a secret looks like: the lists of the presets'
``[secret_values]`` tables, merged (:meth:`ignoregen.knowledge.preset.PresetSet.secret_values`)."""

from __future__ import annotations

from dataclasses import dataclass

SECRET_VALUE_KEYS = (
    "public_prefixes", "sensitive_words", "placeholder_words", "local_hosts",
    "test_environments", "credential_shapes", "fixture_words", "account_words",
    "template_marks", "ciphertext_shapes", "sidecar_suffixes", "source_suffixes",
    "document_heads", "test_code_shapes",
)
"""The lists of a preset's ``[secret_values]`` table (:class:`SecretValues`)."""


@dataclass(frozen=True)
class SecretValues:
    """What check needs to tell a file named like a secret from one that holds a secret,
    merged from every preset's ``[secret_values]`` (:mod:`ignoregen.lint.secrets`)."""

    public_prefixes: tuple[str, ...] = ()
    """Variable prefixes that a front-end build inlines into its bundle (``VITE_``)."""
    sensitive_words: tuple[str, ...] = ()
    """Words of a variable's name that make its value a credential (``password``)."""
    placeholder_words: tuple[str, ...] = ()
    """Words of a value that say it is a stand-in (``changeme``, ``example``)."""
    local_hosts: tuple[str, ...] = ()
    """Hosts of a URL whose credentials are a local development database's."""
    test_environments: tuple[str, ...] = ()
    """Environments whose credentials are for tests (``.env.testing``, a ``test:`` section)."""
    credential_shapes: tuple[str, ...] = ()
    """Regular expressions of tokens that are credentials whatever their name says."""
    fixture_words: tuple[str, ...] = ()
    """Words of a committed file's path that make a key in it test or demo data (``seeders``)."""
    account_words: tuple[str, ...] = ()
    """Words of a variable's name that make its value an account name (``DATABASE_USER``):
    a credential that equals one of the file's account names is a default, not a secret."""
    ciphertext_shapes: tuple[str, ...] = ()
    """Regular expressions of a value that is encrypted (sops' ``ENC[AES256_GCM,data:...]``,
    Ansible Vault's ``!vault |``): a committed file of them holds no credential in the
    clear; the key that opens them is elsewhere."""
    template_marks: tuple[str, ...] = ()
    """Words that make a file name a template's (``.env.example``, ``app.key.sample``,
    ``.env-sample``): without the word (and the ``.``, ``-`` or ``_`` before it) the name is
    the file a developer fills in from it (``.env``, ``app.key``), beside it."""
    sidecar_suffixes: tuple[str, ...] = ()
    """Suffixes of a file that describes the file it is named after (the REUSE licence file
    ``.env.license`` beside ``.env``): named like a secret only through that name."""
    source_suffixes: tuple[str, ...] = ()
    """Suffixes of program source files. A committed directory named like a secret that
    holds nothing else is a package named after what it handles (a Go package
    ``pkg/kubeconfig`` that loads kubeconfigs), not a store of credentials."""
    document_heads: tuple[str, ...] = ()
    """A suffix and the first bytes (hex) of a document format that shares it with key
    files, ``".key 504b0304"``: a Keynote presentation is a zip archive, never a key."""
    test_code_shapes: tuple[str, ...] = ()
    """Regular expressions of where a program source file's test code starts (Rust's
    ``#[cfg(test)] mod tests {``): a committed file whose every private key lies below such
    a match keeps them for its tests."""
