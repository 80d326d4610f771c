"""A secret file that a committed template stands beside: the developer copies
``server/.env.example`` to ``server/.env`` (or ``config/app.key.sample`` to
``config/app.key``), and a root ``.gitignore`` line ``.env`` lists the copy at every depth.
A clean checkout lacks the copy; ``check`` predicts it where the template is, as it does
for a name at the gitignore file's own directory. Last, Google's key files by the names they
are downloaded or kept under."""

from __future__ import annotations

from pathlib import Path

from test_findings import FAKE_KEY, make
from trees import run_in, sent

from ignoregen.commands.check import CheckOptions, run_check
from ignoregen.knowledge.config import presets_for
from ignoregen.lint.catalogue import Severity


def laptop_secrets(root: Path) -> list[tuple[Severity, str, str]]:
    found = run_check(root, presets_for(root), CheckOptions()).findings
    return [(item.severity, item.message, item.hint) for item in found if item.id == "IG101"]


MONOREPO = {
    "Dockerfile": "FROM node:22-slim\nCOPY . /app\nRUN cd /app/server && npm ci\n",
    ".gitignore": ".env\nnode_modules/\n",
    # Docker reads '.env' at the context root only: server/.env is not excluded.
    ".dockerignore": ".env\nnode_modules\n**/node_modules\n",
    "server/package.json": "{}",
    "server/.env.example": "DATABASE_URL=\nSESSION_SECRET=\n",
}


def test_a_copy_of_a_deeper_template_is_predicted(tmp_path: Path) -> None:
    make(tmp_path, MONOREPO)
    assert laptop_secrets(tmp_path) == [(
        Severity.WARNING,
        "server/.env: a secret file that .gitignore:1 lists; the ignore file does not exclude "
        "it, so COPY . at Dockerfile:2 would send it on a developer's machine",
        "add '**/.env' to the ignore file",
    )]


def test_a_template_marked_in_the_middle_or_with_a_dash(tmp_path: Path) -> None:
    files = {**MONOREPO, ".gitignore": "*.key\n.env.local\n",
             "config/app.key.sample": "", "web/.env.local-sample": ""}
    del files["server/.env.example"]
    make(tmp_path, files)
    assert [message.split(":")[0] for _, message, _ in laptop_secrets(tmp_path)] == [
        ".env.local, config/app.key, web/.env.local"]  # the first where .gitignore puts it


def test_nothing_when_the_copy_is_excluded_or_not_gitignored(tmp_path: Path) -> None:
    make(tmp_path, {**MONOREPO, ".dockerignore": "**/.env\n**/node_modules\n"})
    assert laptop_secrets(tmp_path) == []
    make(tmp_path, {".dockerignore": ".env\n**/node_modules\n", ".gitignore": "/.env\n"})
    assert laptop_secrets(tmp_path) == []  # git would show server/.env: not one machine's


def test_a_template_whose_copy_is_no_secret_predicts_nothing(tmp_path: Path) -> None:
    files = {**MONOREPO, ".gitignore": "config.yml\n", "server/config.example.yml": "port: 80\n"}
    del files["server/.env.example"]
    make(tmp_path, files)
    assert laptop_secrets(tmp_path) == []


# A copy whose name says nothing: the template has a credential's slot to fill in.
SETTINGS = {
    "Dockerfile": "FROM alpine\nCOPY . /src\nRUN make -C /src\n",
    ".gitignore": "app.conf\n",
    ".dockerignore": "**/.git\n",
    "Makefile": "all:\n",
    "app.example.conf": '[server]\nport = 8080\ndebug = false\n[auth]\nhmacKey = "changeme"\n',
}


def test_a_copy_of_a_template_with_a_credential_slot(tmp_path: Path) -> None:
    make(tmp_path, SETTINGS)
    expected = [(
        Severity.WARNING,
        "app.conf: a secret file that .gitignore:1 lists; the ignore file does not exclude it, "
        "so COPY . at Dockerfile:2 would send it on a developer's machine",
        "add '**/app.conf' to the ignore file",
    )]
    assert laptop_secrets(tmp_path) == expected
    make(tmp_path, {"app.conf": '[auth]\nhmacKey = "3f9a1c07b2d4e5f8"\n'})
    assert laptop_secrets(tmp_path) == expected  # the developer's copy, here


def test_no_slot_no_copy_finding(tmp_path: Path) -> None:
    # Flags, numbers and values the environment gives are no credential to fill in
    # (maybe-finance's compose.example.yml: SECRET_KEY_BASE: ${SECRET_KEY_BASE:-...}).
    make(tmp_path, {**SETTINGS, "app.example.conf":
                    "auth_enabled = false\ntoken_ttl = 3600\napi_key = ${API_KEY:-dev}\n"})
    assert laptop_secrets(tmp_path) == []


def test_init_excludes_the_copy_unless_a_copy_names_it(tmp_path: Path) -> None:
    make(tmp_path, SETTINGS)
    code, _ = run_in(tmp_path, "init")
    assert code == 0
    assert not sent(tmp_path, "app.conf")
    assert sent(tmp_path, "app.example.conf")
    assert laptop_secrets(tmp_path) == []
    named = tmp_path / "named"
    make(named, {**SETTINGS, "Dockerfile": "FROM alpine\nCOPY . /src\nCOPY app.conf /etc/\n"})
    run_in(named, "init")
    assert sent(named, "app.conf")  # the build reads it on purpose: not init's to take


def test_a_downloaded_google_key_file_that_gitignore_lists_is_excluded(tmp_path: Path) -> None:
    # The default name of a Firebase Admin SDK key, and formbricks' 'gcp*.json' line.
    make(tmp_path, {
        "Dockerfile": "FROM node:22-slim\nCOPY . /app\n", "index.js": "",
        ".gitignore": "*-firebase-adminsdk-*.json\ngcp*.json\n",
        "shop-7f3a1-firebase-adminsdk-x9k2p-0c1d2e3f4a.json": '{"type": "service_account"}',
        "gcp-vertex.json": '{"type": "service_account"}',
        "firebase.json": '{"hosting": {}}',
    })
    run_in(tmp_path, "init")
    assert not sent(tmp_path, "shop-7f3a1-firebase-adminsdk-x9k2p-0c1d2e3f4a.json")
    assert not sent(tmp_path, "gcp-vertex.json")
    assert sent(tmp_path, "firebase.json")


SOPS_SECRET = """apiVersion: v1
kind: Secret
metadata:
    name: app
stringData:
    DB_PASSWORD: ENC[AES256_GCM,data:q8Vb3Xo2Lw==,iv:Zm9vYmFyYmF6cXV4eHl6,tag:dGFndGFn,type:str]
sops:
    age:
        - recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
    version: 3.9.0
"""


def test_a_committed_encrypted_secret_manifest_is_no_secret(tmp_path: Path) -> None:
    # sops encrypts each value; the key that opens them is not in the repository.
    import subprocess

    make(tmp_path, {"Dockerfile": "FROM alpine\nCOPY . /app\n", ".dockerignore": "**/.git\n",
                    "deploy/secrets.yaml": SOPS_SECRET,
                    "deploy/vault-secret.yaml": "password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n"
                                                "  6231346134\n"})
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    assert laptop_secrets(tmp_path) == []
    make(tmp_path, {"deploy/secrets.yaml": SOPS_SECRET.replace(
        "ENC[AES256_GCM,data:q8Vb3Xo2Lw==,iv:Zm9vYmFyYmF6cXV4eHl6,tag:dGFndGFn,type:str]",
        "Zq8vR2mK9pL4xT")})
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    assert [message.split(":")[0] for _, message, _ in laptop_secrets(tmp_path)] == [
        "deploy/secrets.yaml"]  # in the clear, it is one


PUBLIC_KEY = (
    "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
    "-----END PUBLIC KEY-----\n"
)


def test_init_keeps_the_public_keys_a_whole_context_copy_takes(tmp_path: Path) -> None:
    # A JWT verifier's public key that the server reads at run time: no secret (check says
    # so), and '**/*.pem' would leave the image without it.
    make(tmp_path, {
        "Dockerfile": "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
        "server.js": "", "package.json": "{}",
        "keys/jwt_public.pem": PUBLIC_KEY,
        "keys/deploy.pub": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB5z1E8ks2 ci@example\n",
        "keys/signing.pem": FAKE_KEY,
    })
    run_in(tmp_path, "init")
    assert sent(tmp_path, "keys/jwt_public.pem")
    assert not sent(tmp_path, "keys/signing.pem")


def test_init_keeps_committed_configuration_without_credentials(tmp_path: Path) -> None:
    # A Rails secrets.yml that only reads the environment is configuration the app loads
    # (check calls it no secret); one with a password in the clear still goes, and so does
    # a committed .env, whatever it holds today.
    import subprocess

    make(tmp_path, {
        "Dockerfile": "FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nCMD [\"bin/rails\", \"s\"]\n",
        "Gemfile": "", "k8s/deploy.yaml": "kind: Deployment\n",
        "config/secrets.yml": "production:\n  secret_key_base: <%= ENV[\"SECRET_KEY_BASE\"] %>\n",
        "deploy/secrets.yml": "db_password: Zq8vR2mK9pL4xT\n",
        ".env": "SECRET_KEY=changeme\n",
    })
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    run_in(tmp_path, "init")
    assert sent(tmp_path, "config/secrets.yml")
    assert not sent(tmp_path, "deploy/secrets.yml")
    assert not sent(tmp_path, ".env")
