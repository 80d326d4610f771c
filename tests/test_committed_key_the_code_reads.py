"""A private key committed to the repository that the shipped program opens by its path
is the application's own, not a leaked secret: RAGFlow commits conf/private.pem (a key
pair whose public half its web client bundles), its Dockerfile copies conf/ and api/, and
api/utils/crypt.py decrypts login passwords with
``os.path.join(base, "conf", "private.pem")``. check called it a secret the image ships
(IG101, error) and offered '**/private.pem', and init wrote '**/*.pem' with no exception:
the image then came up unable to decrypt a password. Everyone who clones the repository
has the key already; the ignore file cannot make it secret, only break the image. A key
no shipped code names, or a developer's own (gitignored) one, is still reported."""

from __future__ import annotations

import subprocess
from pathlib import Path

from trees import run_in, sent, tree

_KEY = ("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
        "DEK-Info: DES-EDE3-CBC,EFF8327C41E531AD\n\n"
        "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n"
        "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n"
        "-----END RSA PRIVATE KEY-----\n")


def _project(root: Path, code: str, gitignore: str = "") -> None:
    tree(root, {
        "pyproject.toml": '[project]\nname = "svc"\nversion = "1.0"\n',
        "conf/private.pem": _KEY,
        "conf/service.yaml": "port: 9380\n",
        "api/__init__.py": "",
        "api/crypt.py": code,
        ".gitignore": gitignore,
        "Dockerfile": (
            "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml ./\n"
            "RUN pip install .\nCOPY conf conf\nCOPY api api\n"
            'CMD ["python", "-m", "api.crypt"]\n'
        ),
    })
    git = ["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)


_READS = ('import os\n\nBASE = os.path.dirname(os.path.dirname(__file__))\n\n\n'
          'def decrypt(line):\n'
          '    path = os.path.join(BASE, "conf", "private.pem")\n'
          '    return open(path).read()\n')


def test_a_committed_key_the_shipped_code_reads_stays(tmp_path: Path) -> None:
    _project(tmp_path, _READS)
    _, output = run_in(tmp_path, "check")
    assert "private.pem" not in output, output
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert sent(tmp_path, "conf/private.pem")


def test_the_whole_path_as_one_literal_counts(tmp_path: Path) -> None:
    _project(tmp_path, 'KEY = "conf/private.pem"\n')
    _, output = run_in(tmp_path, "check")
    assert "private.pem" not in output, output


def test_a_committed_key_no_code_names_is_reported(tmp_path: Path) -> None:
    _project(tmp_path, "def decrypt(line):\n    return line\n")
    code, output = run_in(tmp_path, "check")
    assert code == 1, output
    assert "IG101" in output, output
    assert "conf/private.pem" in output, output
    run_in(tmp_path, "init")
    assert not sent(tmp_path, "conf/private.pem")


def test_a_developers_own_key_is_reported_though_code_reads_it(tmp_path: Path) -> None:
    _project(tmp_path, _READS, gitignore="conf/private.pem\n")
    # (git add -A leaves the listed key out of the index: the developer's own)
    code, output = run_in(tmp_path, "check")
    assert code == 1, output
    assert "IG101" in output, output
    assert "conf/private.pem" in output, output
    run_in(tmp_path, "init")
    assert not sent(tmp_path, "conf/private.pem")


def test_explain_gives_the_reason_init_keeps_it(tmp_path: Path) -> None:
    """explain said 'a secret by its name' of the key init keeps (RAGFlow's conf/private.pem):
    it judged without what the build ships, so the program's reading never counted."""
    _project(tmp_path, _READS)
    code, output = run_in(tmp_path, "explain", "conf/private.pem")
    assert code == 0, output
    assert output.splitlines()[1] == ("  secret: named like a secret, but not one: committed, "
                                      "and the program reads it (api/crypt.py names it)")


def test_explain_still_calls_a_key_no_code_names_a_secret(tmp_path: Path) -> None:
    _project(tmp_path, "def decrypt(line):\n    return line\n")
    _, output = run_in(tmp_path, "explain", "conf/private.pem")
    assert output.splitlines()[1] == (
        "  secret: a secret by its name (check reports it when a build sends it)")
