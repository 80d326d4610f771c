"""IG101 findings that issue #12's precision harness judged false, each on a small tree:
committed configuration that holds no credential (a Kubernetes example Secret, a Helm
template, Rails' config/secrets.yml, direnv's ``use flake``, a Laravel env template, a test
environment's file) is not a secret, while a committed file with a real-looking credential,
and a file ``.gitignore`` lists, are still reported. Each case shows the finding before
(outside git, a name is all there is) and after."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_check_needed import COPY_ALL, commit, found, make, subjects
from test_findings import FAKE_KEY

from ignoregen.errors import ConfigError
from ignoregen.knowledge.classify import Classifier
from ignoregen.knowledge.config import presets_for
from ignoregen.knowledge.preset import build_set, builtin_files
from ignoregen.lint.maybe import may_exist
from ignoregen.lint.pulled import Pulled
from ignoregen.lint.secrets import not_a_secret

# -- IG101: committed configuration without a credential -------------------------------------

K8S_EXAMPLE = (  # atuin's k8s/secrets.yaml
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-secrets\ntype: Opaque\nstringData:\n"
    "  APP_DB_USERNAME: app\n  APP_DB_PASSWORD: seriously-insecure\n  APP_HOST: \"127.0.0.1\"\n"
    "  APP_DB_URI: \"postgres://app:seriously-insecure@localhost/app\"\n"
)
HELM_TEMPLATE = (  # requarks/wiki's dev/helm/templates/postgresql-secret.yaml
    "{{- if .Values.postgresql.enabled -}}\napiVersion: v1\nkind: Secret\nmetadata:\n"
    "  name: {{ include \"wiki.fullname\" . }}\ndata:\n"
    "  postgresql-password: {{ .Values.postgresql.postgresqlPassword | b64enc | quote }}\n"
    "{{- end }}\n"
)
RAILS_SECRETS = (  # docuseal's config/secrets.yml: generated development and test keys
    "development:\n  secret_key_base: 5e626815c7ef00cc5d7b46ff3099160f25e5271b00ced3b8eb\n"
    "\ntest:\n  secret_key_base: 7d754998067691dc61859c6c3109966c44e1756a46fd2409f1d81403599605\n"
    "\nproduction:\n  secret_key_base: <%= ENV[\"SECRET_KEY_BASE\"] %>\n"
)
LARAVEL_TEMPLATE = (  # pixelfed's .env.docker
    "APP_NAME=\nAPP_DOMAIN=\"example.com\"\nAPP_URL=\"https://${APP_DOMAIN}\"\nAPP_KEY=\n"
    "DB_PASSWORD=\nINSTANCE_CONTACT_EMAIL=\"__CHANGE_ME__\"\n"
    "DOCKER_DB_COMMAND=\"--default-authentication-plugin=mysql_native_password\"\n"
)
TEST_ENV = "APP_ENV=local\nAPP_KEY=base64:lwX95GbNWX3XsucdMe0XwtOKECta3h/B+p9NbH2jd0E=\n"
HELM_PRINTF = (  # formbricks's charts/formbricks/templates/secrets.yaml
    "apiVersion: v1\nkind: Secret\ndata:\n  DATABASE_URL: {{ printf "
    '"postgresql://formbricks:%s@formbricks-postgresql/formbricks" $postgresUserPassword'
    " | b64enc }}\n  credential: {{ printf \"Bearer %s\" $hubApiKey | b64enc }}\n"
)
VITE_AND_MORE = "VITE_API_URL=http://localhost:8000\nMAILPIT_HOST=http://localhost:8025\n"
SYMFONY_DEFAULTS = (  # Sylius's src/Sylius/Bundle/ApiBundle/Tests/Application/.env, and more
    "APP_ENV=dev\nAPP_SECRET=EDITME\n"
    "DATABASE_URL=mysql://root@127.0.0.1/app_%kernel.environment%?charset=utf8mb4\n"
    "JWT_SECRET_KEY=%kernel.project_dir%/config/jwt/private.pem\n"
    "MESSENGER_TRANSPORT_DSN=sync://\n"
)
CRA_DASHBOARD = (  # novu's apps/web/.env.dashboard: public settings, a publishable key, flags
    "SKIP_PREFLIGHT_CHECK=true\nREACT_APP_API_URL=http://localhost:3000\nREACT_APP_SEGMENT_KEY=\n"
    "REACT_APP_CLERK_PUBLISHABLE_KEY=pk_test_ZXhhbXBsZS1jbGVyay5hY2NvdW50cy5kZXYk\n"
    "IS_TEMPLATE_STORE_ENABLED=false\nFRONT_BASE_CONTEXT_PATH=\n"
)
LITESTAR_DOCKER = (  # litestar-fullstack's tools/deploy/docker/.env.docker, committed
    "SECRET_KEY='secret-key'\nLITESTAR_DEBUG=true\nDATABASE_USER=app\nDATABASE_PASSWORD=app\n"
    "DATABASE_HOST=db\nDATABASE_URL=postgresql://${DATABASE_USER}:${DATABASE_PASSWORD}@db/app\n"
)


@pytest.mark.parametrize(("name", "content"), [
    ("k8s/secrets.yaml", K8S_EXAMPLE),
    ("dev/helm/templates/postgresql-secret.yaml", HELM_TEMPLATE),
    ("config/secrets.yml", RAILS_SECRETS),
    (".envrc", "use flake"),
    (".env.docker", LARAVEL_TEMPLATE),
    (".env.testing", TEST_ENV),
    (".env.unit-tests", TEST_ENV),  # snipe-it's .env.unit-tests and .env.testing-ci
    (".env.testing-ci", TEST_ENV),
    (".env.travis", TEST_ENV),  # 2FAuth's: what its Travis CI runs the tests with
    # Part-DB's .env.dev: Symfony's recipe (7.2 on) commits the dev APP_SECRET there, so
    # that .env holds none; production does not load it.
    (".env.dev", "###> symfony/framework-bundle ###\n"
                 "APP_SECRET=318b5d659e07a0b3f96d9b3a83b254ca\n"),
    ("charts/app/templates/secrets.yaml", HELM_PRINTF),
    ("frontend/.env", VITE_AND_MORE),
    # a variable the front-end build publishes (REACT_APP_, VITE_...) is public whatever
    # its name says, beside settings without a public prefix
    ("apps/web/.env.dashboard", CRA_DASHBOARD),
    (".env", SYMFONY_DEFAULTS),  # a placeholder word, a path built from a %parameter%
    # a password that is the account's name: the default of a local database
    ("tools/deploy/docker/.env.docker", LITESTAR_DOCKER),
    (".env.db", "POSTGRES_USER: postgres\nPOSTGRES_PASSWORD: postgres\n"),
])
def test_committed_configuration_without_credentials_is_not_a_secret(
    tmp_path: Path, name: str, content: str
) -> None:
    make(tmp_path, {"Dockerfile": COPY_ALL, ".dockerignore": "**/.git\n", "main.py": "",
                    name: content})
    assert subjects(tmp_path, "IG101") == [name]  # not in git: a name is all there is
    commit(tmp_path)
    assert subjects(tmp_path, "IG101") == []
    presets = presets_for(tmp_path)
    reason = not_a_secret(tmp_path, name, Classifier(presets), Pulled(True),
                          may_exist(tmp_path, tmp_path, presets))
    assert reason is not None
    assert reason.startswith(("committed configuration", "configuration of the "))
    if reason.startswith("configuration of the "):
        assert reason.startswith(f"configuration of the {name[5:]} environment")


def test_explain_says_why_a_path_is_not_a_secret(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ignoregen.cli import cli

    make(tmp_path, {"Dockerfile": COPY_ALL, ".envrc": "use flake", ".env.example": "A=1\n",
                    ".env": "SECRET_KEY=8f3a9c1e0b7d4a2f6e5c3b1a9d8e7f6a5b4c3d2e\n"})
    commit(tmp_path)
    result = CliRunner().invoke(cli, ["explain", "-C", str(tmp_path), ".envrc", ".env.example",
                                       ".env", "Dockerfile"])
    secrets = [line.strip() for line in result.output.splitlines() if "secret:" in line]
    assert secrets == [
        "secret: named like a secret, but not one: committed configuration that sets no value "
        "(no credential in it)",
        "secret: named like a secret, but not one: an example or template ('!**/.env.example' "
        "of the presets' secret rules)",
        "secret: a secret by its name (check reports it when a build sends it)",
    ]


@pytest.mark.parametrize(("name", "content"), [
    (".env", "DEBUG=false\nSECRET_KEY=8f3a9c1e0b7d4a2f6e5c3b1a9d8e7f6a5b4c3d2e\n"),
    (".env.production", "DATABASE_URL=postgres://app:Zq8vN2kLp4@db.internal.example.net/app\n"),
    ("k8s/secrets.yaml", K8S_EXAMPLE.replace("seriously-insecure", "hT7#qLw9xV2p")),
    ("config/secrets.yml", RAILS_SECRETS.replace(
        "<%= ENV[\"SECRET_KEY_BASE\"] %>", "0f1e2d3c4b5a69788796a5b4c3d2e1f0")),
    (".envrc", "use flake\nexport GITHUB_TOKEN=ghp_" + "a1B2c3D4e5" * 4 + "\n"),
    ("k8s/secret.yaml", "kind: Secret\nstringData:\n  password: |\n    hT7qLw9xV2p\n"),
    ("deploy/server.key", "-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----\n"),
    (".env.db", "POSTGRES_USER=postgres\nPOSTGRES_PASSWORD=hT7qLw9xV2p\n"),
    # a public prefix does not excuse a credential's shape (a Stripe secret key in the bundle)
    (".env.production", "IS_ENABLED=true\nREACT_APP_STRIPE_KEY=sk_live_" + "a1B2c3D4" * 3 + "\n"),
])
def test_committed_file_with_a_real_looking_credential_is_still_reported(
    tmp_path: Path, name: str, content: str
) -> None:
    make(tmp_path, {"Dockerfile": COPY_ALL, ".dockerignore": "**/.git\n", "main.py": "",
                    name: content})
    commit(tmp_path)
    assert subjects(tmp_path, "IG101") == [name]


def test_content_never_excuses_a_file_gitignore_lists(tmp_path: Path) -> None:
    """A developer's own .env: placeholders today, a token tomorrow."""
    make(tmp_path, {"Dockerfile": COPY_ALL, ".dockerignore": "**/.git\n", "main.py": "",
                    ".gitignore": ".env\n"})
    commit(tmp_path)
    make(tmp_path, {".env": "DB_URI=postgres://app:not-a-password@localhost/app\n"})
    assert subjects(tmp_path, "IG101") == [".env"]


def test_a_file_git_tracks_although_gitignore_lists_it_is_the_repositorys(
    tmp_path: Path,
) -> None:
    """pterodactyl lists '.env*' and force-added .env.ci (the CI environment's values): the
    file is in git, its content public; it was reported as a developer's secret (IG101
    error). A .env beside it that git does not track still is."""
    import subprocess

    make(tmp_path, {"Dockerfile": COPY_ALL, ".dockerignore": "**/.git\n", "main.py": "",
                    ".gitignore": ".env*\n", ".env.ci": TEST_ENV})
    commit(tmp_path)
    assert subjects(tmp_path, "IG101") == [".env.ci"]  # not in git: a developer's own
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "add", "-f", ".env.ci"], check=True)
    subprocess.run([*git, "commit", "-qm", "ci env"], check=True)
    assert subjects(tmp_path, "IG101") == []
    make(tmp_path, {".env": "DB_URI=postgres://app:not-a-password@localhost/app\n"})
    assert subjects(tmp_path, "IG101") == [".env"]


def test_secret_values_are_preset_data() -> None:
    """Names and words live in presets/*.toml; a bad pattern is reported at its key."""
    files = [(name, text, True) for name, text in builtin_files()]
    values = build_set(files).secret_values
    assert "VITE_" in values.public_prefixes
    assert "changeme" in values.placeholder_words
    bad = '[preset]\nname = "x"\ndescription = "x"\n[detect]\nalways = true\n' \
        '[secret_values]\ncredential_shapes = ["(unclosed"]\n'
    with pytest.raises(ConfigError) as caught:
        build_set([*files, ("x.toml", bad, False)])
    assert "secret_values.credential_shapes[0]" in str(caught.value)


# -- committed test fixtures -------------------------------------------------------------------

@pytest.mark.parametrize(("name", "content", "rule"), [
    # Tautulli ships CherryPy's and future's test certificates under lib/**/test/
    ("lib/cherrypy/test/test.pem", FAKE_KEY, "IG101"),
    # saleor's tests sign tokens with a key written in the test code
    ("saleor/tests/settings.py", f"PRIVATE = '''{FAKE_KEY}'''\n", "IG102"),
    # caddy's admin_test.go: the test file itself (here a Python one)
    ("test_admin.py", f"KEY = '''{FAKE_KEY}'''\n", "IG102"),
    # docker/compose's e2e fixtures: a path word of the presets' fixture_words
    ("pkg/e2e/fixtures/certs/server.pem", FAKE_KEY, "IG101"),
    # postal's docker/ci-config/signing.key: the key its CI compose mounts as /config
    ("docker/ci-config/signing.key", FAKE_KEY, "IG101"),
    # hydra's cmd/stub/rsa.key: the key its import tests read (a stub, like a mock)
    ("cmd/stub/rsa.key", FAKE_KEY, "IG101"),
    # grafana/tempo-operator's tests/Dockerfile copies its directory, where
    # e2e/generate/00-storage-secret.yaml is an e2e run's Secret: 'e2e' is one word
    ("e2e/generate/00-storage-secret.yaml", "kind: Secret\nstringData:\n  key: abc\n",
     "IG101"),
])
def test_committed_test_fixture_is_not_a_secret(
    tmp_path: Path, name: str, content: str, rule: str
) -> None:
    make(tmp_path, {"Dockerfile": COPY_ALL, ".dockerignore": "**/.git\n", "main.py": "",
                    name: content})
    assert subjects(tmp_path, rule) == [name]  # outside git: nobody knows whose it is
    commit(tmp_path)
    assert subjects(tmp_path, rule) == []
    make(tmp_path, {"deploy/server.pem": FAKE_KEY, "deploy/keys.py": f"K = '''{FAKE_KEY}'''\n"})
    commit(tmp_path)
    shipped = "deploy/server.pem" if rule == "IG101" else "deploy/keys.py"
    assert subjects(tmp_path, rule) == [shipped]


@pytest.mark.parametrize("name", [
    "database/seeders/PrivateKeySeeder.php",  # coolify: seeds its SSH test container's key
    "database/factories/PrivateKeyFactory.php",  # ...and a model factory makes it
    "packages/connectors/alipay/src/mock.ts",  # logto: a connector's mock
    "pkg/e2e/fixtures/build-test/ssh/fake_rsa",  # docker/compose: an e2e test's key
    ".dev/testing-host-key",  # coolify: the key of the local test host
])
def test_committed_test_or_demo_key_is_not_reported(tmp_path: Path, name: str) -> None:
    """A key that a committed file holds, whose path says it is seed data, a mock or a
    fixture: published with the repository, and excluding the file breaks the application.
    The same key in a file whose path says nothing of the kind is still reported."""
    embedded = f"KEY = '''{FAKE_KEY}'''\n"
    content = embedded if "." in name.rpartition("/")[2].lstrip(".") else FAKE_KEY
    make(tmp_path, {"Dockerfile": COPY_ALL, ".dockerignore": "**/.git\n", "main.py": "",
                    name: content})
    assert subjects(tmp_path, "IG102") == [name]  # outside git: nobody knows whose it is
    commit(tmp_path)
    assert subjects(tmp_path, "IG102") == []
    make(tmp_path, {"src/keys.php": embedded, "config/latest_deploy": FAKE_KEY})
    commit(tmp_path)
    assert subjects(tmp_path, "IG102") == ["config/latest_deploy", "src/keys.php"]


def test_a_key_gitignore_lists_in_a_test_suite_is_still_reported(tmp_path: Path) -> None:
    """A developer's own key kept beside the tests and shipped by COPY . is theirs, not the
    repository's fixture."""
    make(tmp_path, {"Dockerfile": COPY_ALL, ".dockerignore": "**/.git\n", "main.py": "",
                    ".gitignore": "tests/local.pem\n"})
    commit(tmp_path)
    make(tmp_path, {"tests/local.pem": FAKE_KEY})
    assert subjects(tmp_path, "IG101") == ["tests/local.pem"]


def test_a_repository_without_a_dockerfile_ships_nothing(tmp_path: Path) -> None:
    """caddy has no Dockerfile: with no ignore file either, nothing builds the directory
    and there is nothing to check; with one, check looks at the directory as a context,
    but no image is known to take anything from it, so a secret there is a warning, not
    an error."""
    make(tmp_path, {"main.go": "package main\n", "deploy/server.pem": FAKE_KEY})
    commit(tmp_path)
    assert found(tmp_path, "IG101") == []
    make(tmp_path, {".dockerignore": "*.log\n"})
    assert [item.severity.value for item in found(tmp_path, "IG101")] == ["warning"]
    make(tmp_path, {"Dockerfile": COPY_ALL})
    assert [item.severity.value for item in found(tmp_path, "IG101")] == ["error"]


def test_committed_vendored_source_is_not_a_secret_of_the_project(tmp_path: Path) -> None:
    """docker/buildx vendors github.com/digitorus/pkcs7, whose verify_test_dsa.go (not a
    *_test.go name) holds a test key: third-party source, published with its library (the
    names here hold no fixture word, so only the vendoring excuses them). The same key in
    the project's own source is still reported, and so is a vendored file outside git
    (nobody knows whose it is)."""
    make(tmp_path, {
        "go.mod": "module example.com/x\n\ngo 1.22\n", "main.go": "package main\n",
        "Dockerfile": "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /x .\n",
        ".dockerignore": "**/.git\n",
        "vendor/github.com/acme/pkcs7/verify_dsa.go": f"var k = `{FAKE_KEY}`\n",
        "vendor/github.com/acme/pkcs7/server.pem": FAKE_KEY,
    })
    vendored = ["vendor/github.com/acme/pkcs7/server.pem",
                "vendor/github.com/acme/pkcs7/verify_dsa.go"]
    assert sorted(subjects(tmp_path, "IG101") + subjects(tmp_path, "IG102")) == vendored
    commit(tmp_path)
    assert subjects(tmp_path, "IG101") + subjects(tmp_path, "IG102") == []
    make(tmp_path, {"keys.go": f"var k = `{FAKE_KEY}`\n"})
    commit(tmp_path)
    assert subjects(tmp_path, "IG102") == ["keys.go"]


def test_a_committed_key_that_a_copy_names_is_shipped_on_purpose(tmp_path: Path) -> None:
    """penpot's devenv Dockerfile copies its committed files/selfsigned.key by name: the
    ignore file cannot keep it out without breaking that COPY, and every clone has it.
    The same key copied as part of its directory, or not committed, is still reported."""
    make(tmp_path, {
        "Dockerfile": "FROM nginx\nCOPY files/selfsigned.key /etc/ssl/\nCOPY conf /etc/app/\n",
        ".dockerignore": "**/.git\n", "files/selfsigned.key": FAKE_KEY,
        "conf/server.key": FAKE_KEY,
    })
    assert subjects(tmp_path, "IG101") == ["conf/server.key", "files/selfsigned.key"]
    commit(tmp_path)
    assert subjects(tmp_path, "IG101") == ["conf/server.key"]


def test_a_key_committed_in_a_php_bundles_tests_directory_is_a_fixture(
    tmp_path: Path,
) -> None:
    """Symfony bundles keep their tests in Tests/ (Sylius's
    src/Sylius/Bundle/ApiBundle/Tests/Application/config/jwt/private-test.pem); init
    leaves Tests/ alone (a classmap may list it), check knows a key there as a fixture."""
    from ignoregen.commands.init import plan_builds

    make(tmp_path, {
        "Dockerfile": "FROM php:8.3\nCOPY composer.json ./\nCOPY src src/\n",
        ".dockerignore": "**/.git\n", "composer.json": "{}\n", "src/Bundle/A.php": "<?php\n",
        "src/Bundle/Tests/config/jwt/private-test.pem": FAKE_KEY,
    })
    commit(tmp_path)
    assert subjects(tmp_path, "IG101") == []
    report = plan_builds(tmp_path, presets_for(tmp_path), None, None)
    assert report.outcomes
    assert all(b"Tests" not in outcome.new for outcome in report.outcomes)


def test_a_key_committed_for_an_integration_suite_is_a_fixture(tmp_path: Path) -> None:
    """authelia's internal/suites/common/pki/*.pem: the certificates and keys of its
    integration test suites, committed; a builder stage's COPY / sends them."""
    make(tmp_path, {
        "Dockerfile": "FROM golang:1.22 AS build\nCOPY / /src\nRUN go build ./...\n"
                      "FROM scratch\nCOPY --from=build /src/app /app\n",
        ".dockerignore": "**/.git\n", "main.go": "package main\n",
        "internal/suites/common/pki/private.backend.pem": FAKE_KEY,
    })
    assert subjects(tmp_path, "IG101") == ["internal/suites/common/pki/private.backend.pem"]
    commit(tmp_path)
    assert subjects(tmp_path, "IG101") == []


REUSE_SIDECAR = (  # the REUSE specification's licence file for a file that cannot hold one
    "SPDX-FileCopyrightText: 2024 The authors\n\nSPDX-License-Identifier: CC0-1.0\n"
)


@pytest.mark.parametrize("in_git", [False, True])
def test_a_reuse_licence_file_beside_an_env_file_is_not_a_secret(
    tmp_path: Path, in_git: bool
) -> None:
    # hedgedoc's docker/.env.license and frontend/.env.test.license: copyright and licence
    # of the file they are named after, read outside git (a source archive, a CI job
    # without a clone) they were warnings IG101 "a secret file is sent".
    make(tmp_path, {"Dockerfile": COPY_ALL, ".dockerignore": "**/.git\n", "main.py": "",
                    ".env.license": REUSE_SIDECAR, "deploy/.env.prod.license": REUSE_SIDECAR,
                    "deploy/.env.prod": "API_TOKEN=9f8e7d6c5b4a39281706f5e4d3c2b1a0\n",
                    "old/.env.license": FAKE_KEY})  # a key under that name is still one
    if in_git:
        commit(tmp_path)
    assert sorted(subjects(tmp_path, "IG101")) == ["deploy/.env.prod", "old/.env.license"]


def test_a_keynote_presentation_is_not_a_key(tmp_path: Path) -> None:
    # ggml-org/llama.cpp commits docs/development/llama-star/idea-arch.key, a Keynote
    # presentation (a zip archive), beside its PDF export; with `COPY . .` in
    # .devops/*.Dockerfile, check warned IG101 "a secret file is sent to the builder".
    make(tmp_path, {"Dockerfile": COPY_ALL, ".dockerignore": "**/.git\n", "main.py": "",
                    "docs/idea-arch.key": "PK\x03\x04\x14\x00\x00\x00Data/mt-E2A8",
                    "deploy/tls.key": FAKE_KEY})  # a PEM key under that suffix is still one
    assert sorted(subjects(tmp_path, "IG101")) == ["deploy/tls.key"]


def test_a_users_exception_copied_into_a_dockerfiles_ignore_file_is_theirs(
    tmp_path: Path,
) -> None:
    # Skyvern-AI/skyvern: .dockerignore has '*.env*' then '!/.env' (the image ships the
    # .env it reads). Check respected that before init; init then wrote
    # Dockerfile.dockerignore with the user's lines copied into its block, and check said
    # IG101 (an error) of the copy's .env, since lines of ignoregen's block are no intent.
    # Once the user's file no longer has '!/.env', the block's stale copy of it is no
    # intent of theirs: reported.
    header = ("# Your lines of .dockerignore, copied: BuildKit reads this file instead of "
              ".dockerignore when it\n# builds Dockerfile. Edit them in .dockerignore and "
              "run ignoregen init again\n# (init --check fails while this copy differs).\n")
    ours = "**/.env\n**/.env.*\n"
    theirs = "*.env*\n!/.env\n"
    block = ours + "\n" + header + theirs  # (the user's lines below the block's, as skyvern's)
    make(tmp_path, {
        "Dockerfile": COPY_ALL, "main.py": "", ".env": "API_KEY=s3cr3t-value-1234\n",
        ".dockerignore": theirs,
        "Dockerfile.dockerignore": "# >>> ignoregen: this block is generated; edit outside "
                                   f"it >>>\n{block}# <<< ignoregen <<<\n",
    })
    assert subjects(tmp_path, "IG101") == []
    make(tmp_path, {".dockerignore": "*.env*\n"})
    assert subjects(tmp_path, "IG101") == [".env"]
