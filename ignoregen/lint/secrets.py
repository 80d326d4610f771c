"""Files named like secrets that are not: why ``check`` leaves them alone.

A name is only a hint. Four kinds of files that look like secrets hold none:

* examples and templates (``.env.example.complete``, ``*.sample``, ``*.template``): the
  presets' secret category re-includes them, and the deciding exception says so;
* public build-time configuration: a ``.env`` that Vite, Next or Nuxt reads while building,
  every variable of which carries the framework's public prefix (``VITE_``,
  ``NEXT_PUBLIC_``); the bundle publishes those values by design;
* committed configuration with no credential in it: a file git tracks (inside a work
  tree, not listed by ``.gitignore``) whose every value is empty, a placeholder
  (``changeme``, ``seriously-insecure``), a template expression (``${DB_PASSWORD}``,
  ``{{ .Values.password }}``, ``<%= ENV["KEY"] %>``), an account name of the same file
  (``DATABASE_USER=app``, ``DATABASE_PASSWORD=app``), a URL without a password or to a
  local database, or no assignment at all (direnv's ``use flake``); values of the
  development and test environments (``.env.testing``, a ``test:`` section) are for
  tests. Its content is what everyone who clones the repository has. A file
  ``.gitignore`` lists is a developer's own: what it holds today says nothing of tomorrow,
  so its content never excuses it;
* test fixtures: a key under a test suite's directory that is committed (a library's
  test certificates), or that reaches no shipped image; a key that a committed file
  embeds whose path names it test or demo data (a seeder, a mock, an e2e fixture), or
  whose every key the code names so (bitwarden's Rust seeder ``const
  TEST_FAKE_RSA_KEY_0``);
* vendored third-party source, committed (Go's ``vendor/``): the library's own files;
* a committed file that a COPY names by its own path: shipped on purpose, and public to
  whoever clones the repository (the ignore file cannot keep it out without breaking
  that COPY);
* a committed key that the shipped program opens by its path (RAGFlow's conf/private.pem,
  which api/utils/crypt.py reads as ``os.path.join(base, "conf", "private.pem")``): the
  application's own, public to whoever clones the repository; excluding it breaks the
  image, it keeps nothing secret.

What a credential and a placeholder look like is preset data (``[secret_values]`` in
``presets/*.toml``). :func:`not_a_secret` returns the reason (for the finding that is not
reported, and for ``explain``), or None for a file that is treated as a secret.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection
from pathlib import Path

from ignoregen import fileio
from ignoregen.knowledge.classify import Classifier
from ignoregen.knowledge.preset import Role
from ignoregen.knowledge.secret_values import SecretValues
from ignoregen.lint.content import keys_below
from ignoregen.lint.maybe import MayExist, repository_root
from ignoregen.lint.pulled import Pulled

_ASSIGNMENT = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=")
_LIMIT = 64 * 1024


def not_a_secret(
    context: Path,
    path: str,
    classifier: Classifier,
    pulled: Pulled | None,
    may: MayExist | None = None,
) -> str | None:
    """Why the context path ``path``, named like a secret, is not one; None when it is.
    ``may`` (what ``.gitignore`` lists) is needed to read a committed file's content."""
    values = classifier.presets.secret_values
    file = context / path
    public = public_env_file(file, values) or certificates_only(file) \
        or sidecar(file, values) or document(file, values)
    if public is not None:
        return public
    if may is not None and committed(context, path, may):
        reason = no_credentials(file, values) or source_package(file, values) \
            or committed_fixture(path, classifier) or vendored_code(path, classifier) \
            or named_by_copy(path, pulled) or (
                read_by_program(context, path, pulled.ships, values,
                                classifier.presets.skip_dirs)
                if pulled is not None and pulled.ships(path) else None)
        if reason is not None:
            return reason
    if pulled is None or pulled.ships(path):
        return None
    suite = test_suite(path, classifier)
    if suite is not None:
        return f"a test fixture in {suite} that no shipped image copies"
    return None


def test_suite(path: str, classifier: Classifier) -> str | None:
    """The test file or directory that ``path`` is or lies in (``admin_test.go (go tests)``,
    ``lib/cherrypy/test/ (base tests)``), or None."""
    parts = path.split("/")
    for end in range(len(parts), 0, -1):
        part = "/".join(parts[:end])
        category = classifier.category_of(part)
        if category is not None and category.role is Role.TESTS:
            shown = part if end == len(parts) else part + "/"
            return f"{shown} ({category.preset} {category.name})"
    return None


def committed_fixture(path: str, classifier: Classifier) -> str | None:
    """Why a committed key or credential file is not a secret, or None: it lies in a test
    suite (a library's test certificates, a JWT key for the tests), or a word of its path
    is one of the presets' ``fixture_words`` (compose's ``pkg/e2e/fixtures/.../*-secret.yaml``).
    Call it only for a committed file: what a developer keeps there is theirs."""
    suite = test_suite(path, classifier)
    if suite is not None:
        return f"a test fixture committed in {suite}: everyone who clones the repository " \
            "has it, and it opens nothing outside the tests"
    words = {word.lower() for word in [*_PATH_WORDS.findall(path), *_PATH_PARTS.split(path)]}
    named = sorted(words.intersection(classifier.presets.secret_values.fixture_words))
    if named:
        return f"committed test or demo data (its path says {named[0]!r}): everyone who " \
            "clones the repository has it"
    return None


def vendored_code(path: str, classifier: Classifier) -> str | None:
    """Why a committed file inside vendored third-party modules (Go's ``vendor/``) is not a
    secret of the project's, or None: it is the library's published source (docker/buildx
    vendors github.com/digitorus/pkcs7, whose verify_test_dsa.go holds a test key). Call
    it only for a committed file."""
    parts = path.split("/")
    for end in range(len(parts) - 1, 0, -1):
        part = "/".join(parts[:end])
        category = classifier.category_of(part)
        if category is not None and category.role is Role.VENDORED:
            return f"third-party source vendored in {part}/ ({category.preset} " \
                f"{category.name}): published with its library, it opens nothing of yours"
    return None


def named_by_copy(path: str, pulled: Pulled | None) -> str | None:
    """Why a committed file that a COPY or ADD names by its own path is not reported, or
    None: the Dockerfile ships it on purpose (penpot's devenv copies its self-signed
    files/selfsigned.key), no ignore file can keep it out without breaking that COPY, and
    everyone who clones the repository has it already. Call it only for a committed file."""
    if pulled is None:
        return None
    source = next((s for s in pulled.sources if not s.whole_context and not s.has_glob
                   and s.pattern == path), None)
    if source is None:
        return None
    where = pulled.where.get(source)
    named = f"{source.instruction} {source.text}" + (f" at {where}:{source.line}" if where
                                                     else "")
    return f"committed, and {named} names it: the Dockerfile ships it on purpose, and " \
        "everyone who clones the repository has it"


_PROGRAM_FILES = 3000
"""At most so many program files are read to find the one that opens a committed key."""


def read_by_program(
    context: Path, path: str, shipped: Callable[[str], bool], values: SecretValues,
    skip: Collection[str] = (),
) -> str | None:
    """Why the committed file ``path``, which the image ships, is the program's own and no
    secret to keep out, or None: a program source file (a preset's ``source_suffixes``)
    that the image ships too names it, as one string (``"conf/private.pem"``) or as its
    directory's and its own name (``os.path.join(base, "conf", "private.pem")``). Call it
    only for a committed file."""
    if not values.source_suffixes or not (context / path).is_file():
        return None
    quote = "[\"'`]"
    directory, _, name = path.rpartition("/")
    whole = re.compile(f"[\"'`/]{re.escape(path)}{quote}")
    own = re.compile(f"{quote}{re.escape(name)}{quote}")
    parent = directory.rpartition("/")[2]
    around = re.compile(f"{quote}{re.escape(parent)}/?{quote}") if parent else None
    read = 0
    for base, dirs, files in os.walk(context):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in skip)
        for file in sorted(files):
            if not file.endswith(tuple(values.source_suffixes)):
                continue
            relative = os.path.relpath(os.path.join(base, file), context).replace(os.sep, "/")
            if not shipped(relative):
                continue
            read += 1
            if read > _PROGRAM_FILES:
                return None
            text = _small_text(Path(base) / file)
            if text is None or name not in text:
                continue
            if whole.search(text) or (own.search(text) and (around is None
                                                             or around.search(text))):
                return f"committed, and the program reads it ({relative} names it)"
    return None


def committed_test_key(
    context: Path, path: str, classifier: Classifier, may: MayExist | None
) -> bool:
    """Is ``path`` (a file holding a key) test or demo data published with the repository
    (IG102's counterpart of :func:`not_a_secret`'s test)? It is committed, and it lies in a
    test suite or its path says what it is with a word of the presets' ``fixture_words``:
    coolify's ``database/seeders/*Seeder.php`` and ``database/factories/PrivateKeyFactory.php``
    hold the key of its SSH test container, logto's connector ``src/mock.ts`` a mock key,
    compose's ``pkg/e2e/fixtures/.../fake_rsa`` an end-to-end test's. Excluding such files
    breaks the application (seeders and mocks are code), and the key they hold is everyone's
    who clones the repository. So is vendored third-party source (:func:`vendored_code`).
    So is a key the code names test or demo data, each key of the file:
    bitwarden's ``util/RustSdk/rust/src/rsa_keys.rs`` holds a hundred ``const
    TEST_FAKE_RSA_KEY_N`` for its seeder; and so are keys that all lie in the file's test
    code (the presets' ``test_code_shapes``: vector's Rust sinks keep a mock service
    account's key in their ``#[cfg(test)] mod test``). A key in any other committed file is
    still reported."""
    return may is not None and committed(context, path, may) and (
        committed_fixture(path, classifier) is not None
        or vendored_code(path, classifier) is not None
        or _keys_named_fixtures(context / path, classifier)
        or keys_below(context / path, classifier.presets.secret_values.test_code_shapes)
    )


def _keys_named_fixtures(file: Path, classifier: Classifier) -> bool:
    """Does a word of the presets' ``fixture_words`` name every private key of ``file``?"""
    from ignoregen.lint.content import key_names

    words = classifier.presets.secret_values.fixture_words
    names = key_names(file)
    return bool(names) and all(
        {word.lower() for word in [*_PATH_WORDS.findall(name), *_PATH_PARTS.split(name)]}
        .intersection(words) for name in names
    )


_PATH_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
"""The words of a path: split at separators and at camel case (``PrivateKeySeeder``)."""
_PATH_PARTS = re.compile(r"[^A-Za-z0-9]+")
"""What separates the words of a path that hold digits (``e2e``), kept whole."""


def committed(context: Path, path: str, may: MayExist) -> bool:
    """Is ``path`` part of the repository: inside a git work tree, and either not listed
    by its gitignore files or in git's index all the same (pterodactyl force-added its
    ``.env.ci`` under a ``.env*`` line: its content is the repository's, public)? git is
    asked only for a listed file."""
    repo = repository_root(context, context)
    if not os.path.lexists(repo / ".git"):
        return False
    if may.gitignored(path) is None and not may.unknown(path):
        return True  # (a gitignore file that cannot be read might list it: git is asked)
    from ignoregen.knowledge.local import tracked

    return path in tracked(context, [path])


_PACKAGE_LIMIT = 200
"""At most so many files are read to tell a package of source code from a secret store."""


def source_package(directory: Path, values: SecretValues) -> str | None:
    """Why ``directory``, named like a secret (``kubeconfig``), is a package of program
    source, or None: every file below it (at most :data:`_PACKAGE_LIMIT`) has one of the
    presets' ``source_suffixes``, is small text, and holds no credential's shape. Call it
    only for a committed directory: what a developer keeps there is theirs."""
    if not values.source_suffixes or directory.is_symlink() or not directory.is_dir():
        return None
    suffixes: set[str] = set()
    count = 0
    for base, _, files in os.walk(directory):
        for name in files:
            count += 1
            suffix = next((end for end in values.source_suffixes if name.endswith(end)), None)
            text = _small_text(Path(base) / name)
            if count > _PACKAGE_LIMIT or suffix is None or text is None \
                    or any(re.search(shape, text) for shape in values.credential_shapes):
                return None
            suffixes.add(suffix)
    if not count:
        return None
    return f"a package of program source ({count} {'/'.join(sorted(suffixes))} " \
        f"file{'s' if count > 1 else ''}) named after what it handles, not credentials"


def public_env_file(file: Path, values: SecretValues) -> str | None:
    """The reason a ``.env``-style file is public build configuration, or None."""
    prefixes = values.public_prefixes
    if not prefixes:
        return None
    name = file.name
    if not (name == ".env" or name.startswith(".env.")):
        return None
    try:
        text = fileio.read_bytes(file, _LIMIT)[:_LIMIT].decode("utf-8", "replace")
    except OSError:
        return None
    names = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _ASSIGNMENT.match(stripped)
        if match is None:
            return None
        names.append(match.group(1))
    if not names or not all(variable.startswith(prefixes) for variable in names):
        return None
    used = sorted({p for p in prefixes for v in names if v.startswith(p)})
    return (
        f"public build-time configuration: every variable starts with {', '.join(used)}, "
        "which the front-end build publishes in its bundle"
    )


_CERTIFICATE = b"-----BEGIN CERTIFICATE-----"
_PRIVATE = b"PRIVATE KEY-----"
_PUBLIC_KEY = re.compile(rb"-----BEGIN (?:[A-Z0-9]+ )*PUBLIC KEY(?: BLOCK)?-----")
_SSH_PUBLIC = re.compile(
    rb"(?:ssh-[a-z0-9]+|ecdsa-sha2-[a-z0-9]+) AAAA[A-Za-z0-9+/=]+(?: [^\r\n]*)?"
)


def certificates_only(file: Path) -> str | None:
    """The reason a ``.pem``, ``.crt`` or ``.pub`` that holds certificates or public keys
    and no private key (a CA bundle, the public half of a JWT or deploy key) is public, or
    None."""
    try:
        head = fileio.read_bytes(file, _LIMIT * 16)[:_LIMIT * 16]
    except OSError:
        return None
    if _PRIVATE in head:
        return None
    if _CERTIFICATE in head:
        return "public certificates only (no private key)"
    if _PUBLIC_KEY.search(head) or _SSH_PUBLIC.fullmatch(head.strip()):
        return "a public key only (no private key)"
    return None


# -- committed configuration without credentials ----------------------------------------------

_PAIR = re.compile(
    r"""(?:export\s+|-\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*(?::=|=|:(?=\s|$))\s*(.*)"""
)
_SECTION = re.compile(r"([A-Za-z_][\w.-]*):\s*(?:#.*)?")
# ${VAR}, {{ .Values.x }}, {% tag %}, <%= erb %>, $(command), $VAR, and a parameter
# between percent signs (Symfony's %kernel.project_dir%, Windows' %APPDATA%).
_TEMPLATE = re.compile(
    r"\$\{[^}]*\}|\{\{.*?\}\}|\{%.*?%\}|<%.*?%>|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*"
    r"|%[A-Za-z_][\w.]*%"
)
_URL_CREDENTIAL = re.compile(r"[A-Za-z][\w+.-]*://([^:/@\s]*):([^@/\s]*)@([^:/?#\s]+)")
_NAME_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_HUMPS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
"""The words of a camel-case value, letters only (``defaultSecretKey``: default, secret, key)."""
_BLOCKS = frozenset({"|", "|-", "|+", ">", ">-", ">+"})
_FLAGS = frozenset({"true", "false", "yes", "no", "on", "off", "null", "none", "nil", "~"})


def _small_text(file: Path) -> str | None:
    """The text of ``file`` when it is a regular file (not a link), small and not binary."""
    try:
        if file.is_symlink() or not file.is_file() or file.stat().st_size > _LIMIT:
            return None
        data = fileio.read_bytes(file)
    except OSError:
        return None
    return None if b"\0" in data else data.decode("utf-8", "replace")


def sidecar(file: Path, values: SecretValues) -> str | None:
    """Why ``file``, named like a secret only through the file it describes (hedgedoc's
    ``docker/.env.license``: REUSE's copyright and licence lines for ``docker/.env``), is
    not a secret, or None: its suffix is none of the presets' ``sidecar_suffixes``, or a
    credential's shape is in it, or it cannot be read as text."""
    suffix = next((end for end in values.sidecar_suffixes
                   if file.name.endswith(end) and len(file.name) > len(end)), None)
    if suffix is None:
        return None
    text = _small_text(file)
    if text is None or any(re.search(shape, text) for shape in values.credential_shapes):
        return None
    return f"the {suffix} file of {file.name.removesuffix(suffix)}: it says whose that " \
        "file is and under which licence, and holds no credential"


def document(file: Path, values: SecretValues) -> str | None:
    """Why ``file``, whose suffix a key file's shares, is a document of another kind (its
    first bytes are one of the presets' ``document_heads`` for that suffix), or None.
    llama.cpp commits docs/development/llama-star/idea-arch.key, a Keynote presentation."""
    heads = [bytes.fromhex(head) for suffix, _, head in
             (entry.partition(" ") for entry in values.document_heads)
             if file.name.endswith(suffix) and len(file.name) > len(suffix)]
    if not heads or not file.is_file():
        return None
    try:
        first = fileio.read_bytes(file, 16)[:16]
    except OSError:
        return None
    if not any(first.startswith(head) for head in heads):
        return None
    return f"a document in another format that ends in {file.suffix} (its first bytes " \
        "say so), not a key"


def no_credentials(file: Path, values: SecretValues) -> str | None:
    """Why the committed ``file`` holds no credential (see the module's docstring), or
    None: it holds one, or its content cannot be read as text, or it is too large."""
    text = _small_text(file)
    if text is None:
        return None
    if any(re.search(shape, text) for shape in values.credential_shapes):
        return None
    tests = {word.lower() for word in values.test_environments}
    name = file.name
    if name.startswith(".env.") and all(
        word in tests for word in re.split(r"[-._]", name[5:].lower())
    ):  # .env.testing, .env.unit-tests, .env.testing-ci
        return f"configuration of the {name[5:]} environment, committed: its values are " \
            "for tests, not credentials of a deployment"
    section: str | None = None
    skipped: set[str] = set()
    pairs = 0
    accounts = {
        _value(pair.group(2)) for pair in map(_PAIR.match, map(str.strip, text.splitlines()))
        if pair is not None and _words(pair.group(1)) & set(values.account_words)
    }
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "//", ";")):
            continue
        if not line[:1].isspace():
            head = _SECTION.fullmatch(stripped)
            section = head.group(1) if head else None
        elif section is not None and section.lower() in tests:
            skipped.add(section)
            continue  # a development or test environment's values
        pair = _PAIR.match(stripped)
        if pair is None:
            continue
        pairs += 1
        if pair.group(1).startswith(tuple(values.public_prefixes)):
            continue  # the front-end build publishes it in its bundle (CRA's REACT_APP_...)
        value = _value(pair.group(2))
        if value not in accounts and _credential(pair.group(1), value, values):
            return None
    if not pairs:
        return "committed configuration that sets no value (no credential in it)"
    what = "every value is empty, a placeholder, a template expression, encrypted " \
        "or a public setting"
    if skipped:
        what += f" (besides those of the {', '.join(sorted(skipped))} environments)"
    return f"committed configuration with no credential in it: {what}"


def credential_slot(file: Path, values: SecretValues) -> str | None:
    """The first setting of the committed template ``file`` whose name says it holds a
    credential (``hmacKey = "..."``, ``system.secret-key: '!!changeme!!'``,
    ``DB_PASSWORD=``): the copy a developer fills in from the template holds one there.
    None when it has none (a flag, a number or a path is no credential's slot, nor a value
    the environment gives: maybe's compose.example.yml ``${SECRET_KEY_BASE:-...}``)."""
    text = _small_text(file)
    for line in (text or "").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "//", ";")):
            continue
        pair = _PAIR.match(stripped)
        if pair is None or not _words(pair.group(1)) & set(values.sensitive_words):
            continue
        value = _value(pair.group(2))
        if value.lower() in _FLAGS or value in _BLOCKS or value.isdigit() \
                or value.startswith(("/", "./", "~/")) or _TEMPLATE.search(value):
            continue  # (a template expression: the copy takes the value from elsewhere too)
        return pair.group(1)
    return None


def _value(raw: str) -> str:
    text = raw.strip()
    if text[:1] in "\"'" and text[-1:] == text[:1] and len(text) > 1:
        return text[1:-1]
    text = re.split(r"\s+#", text, maxsplit=1)[0].rstrip(",").strip()
    return text.strip("\"'")


def _words(text: str) -> set[str]:
    return {word.lower() for word in _NAME_WORDS.findall(text)}


def _credential(key: str, value: str, values: SecretValues) -> bool:
    """Does ``key = value`` set a credential?"""
    # Inside a template expression, a URL is a format to fill ({{ printf
    # "postgresql://app:%s@db/app" .password }}), not a credential.
    url = _URL_CREDENTIAL.search(_TEMPLATE.sub("", value))
    if url is not None:
        password, host = url.group(2), url.group(3).lower()
        return bool(password) and not _stand_in(password, values) \
            and host not in values.local_hosts
    if not _words(key) & set(values.sensitive_words):
        return False
    if any(re.match(shape, value) for shape in values.ciphertext_shapes):
        return False  # encrypted (sops, Ansible Vault): the key is not in the repository
    if value in _BLOCKS:
        return True  # a YAML block scalar: the value is on the lines below, unread
    return not _stand_in(value, values)


def _stand_in(value: str, values: SecretValues) -> bool:
    """Is ``value`` empty, a flag, a small number, a path, a placeholder or made of
    template expressions only?"""
    rest = _TEMPLATE.sub("", value).strip()
    if not any(char.isalnum() for char in rest):
        return True  # empty, '***', or only ${...} / {{ ... }} / <%= ... %>
    if rest.lower() in _FLAGS or (rest.isdigit() and len(rest) < 6):
        return True
    if rest.startswith(("/", "./", "~/")) and not any(char.isspace() for char in rest):
        return True  # a file that holds the secret (PASSWORD_FILE=/run/secrets/db)
    if rest.startswith("<") and rest.endswith(">"):
        return True  # <your token>
    words = {word.lower() for word in re.findall(r"[A-Za-z]+", rest)}
    # and at case changes: teable's committed plugins/.env holds the default its source
    # falls back to, PLUGIN_CHART_SECRET=defaultSecretKey (as 'default_secret_key' would be)
    humps = {word.lower() for word in _HUMPS.findall(rest)}
    if (words | humps) & set(values.placeholder_words):
        return True
    return any(len(word) >= 3 and len(set(word)) == 1 for word in words)  # xxxx
