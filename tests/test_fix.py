"""Fixes as edits: each kind applied to bytes, the verification before a fix is printed,
and ``check --fix`` / ``check --diff`` on the samples."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from trees import tree as _write

from ignoregen.cli import cli
from ignoregen.commands.check import CheckOptions, run_check
from ignoregen.commands.fix import run_fix, verify_findings
from ignoregen.engine.dockerignore import parse_bytes, split_lines
from ignoregen.engine.matcher import Matcher
from ignoregen.knowledge.config import config_for, effective_presets
from ignoregen.lint import edits
from ignoregen.lint.edits import Edit, EditKind, Fix, apply_edits, literal
from ignoregen.lint.findings import Finding, finding
from ignoregen.plan.writer import BEGIN, END

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted(
    path for path in (REPO / "samples").glob("**/Dockerfile") if "node_modules" not in path.parts
)

# -- each kind of edit ----------------------------------------------------------------------


def _edit(kind: EditKind, text: str = "", line: int | None = None) -> Edit:
    return Edit(kind, ".dockerignore", text, line)


@pytest.mark.parametrize(
    ("before", "edits", "after"),
    [
        # ADD: into ignoregen's block, made at the top when the file has none.
        (None, [_edit(EditKind.ADD, "**/.env")], f"{BEGIN}\n**/.env\n{END}\n"),
        (b"a\n", [_edit(EditKind.ADD, "**/.env")], f"{BEGIN}\n**/.env\n{END}\n\na\n"),
        (
            f"{BEGIN}\n**/.git\n{END}\nmine\n".encode(),
            [_edit(EditKind.ADD, "**/.env"), _edit(EditKind.ADD, "!keep.env")],
            f"{BEGIN}\n**/.git\n**/.env\n!keep.env\n{END}\nmine\n",
        ),
        # ADD of a line the file already has: nothing to do.
        (b"**/.env\n", [_edit(EditKind.ADD, "**/.env")], "**/.env\n"),
        # REPLACE keeps the line's place and its ending (CRLF here).
        (b"a\r\nnode_modules\r\nb\r\n", [_edit(EditKind.REPLACE, "**/node_modules", 2)],
         "a\r\n**/node_modules\r\nb\r\n"),
        # REPLACE of the first line keeps a byte order mark.
        ("\ufeffx\n".encode(), [_edit(EditKind.REPLACE, "**/x", 1)], "\ufeff**/x\n"),
        # DELETE.
        (b"a\nb\nc\n", [_edit(EditKind.DELETE, "", 2)], "a\nc\n"),
        # EXCEPTION: right after the line, even the last one without a final newline.
        (b"config\nx", [_edit(EditKind.EXCEPTION, "!config/a.toml", 1)],
         "config\n!config/a.toml\nx"),
        (b"a\nconfig", [_edit(EditKind.EXCEPTION, "!config/a.toml", 2)],
         "a\nconfig\n!config/a.toml\n"),
        # Several line edits: numbers refer to the file as it was.
        (
            b"a\nb\nc\n",
            [_edit(EditKind.DELETE, "", 1), _edit(EditKind.EXCEPTION, "!c/d", 3),
             _edit(EditKind.REPLACE, "**/b", 2)],
            "**/b\nc\n!c/d\n",
        ),
        # INIT: the whole file as init plans it.
        (b"old\n", [_edit(EditKind.INIT, "new\n")], "new\n"),
    ],
)
def test_apply_edits(before: bytes | None, edits: list[Edit], after: str) -> None:
    assert apply_edits(before, edits, ".dockerignore") == after.encode()


@pytest.mark.parametrize("path", ["a/[x]*?.env", "plain/.env"])
def test_literal_matches_exactly_its_path(path: str) -> None:
    rules = parse_bytes(literal(path).encode() + b"\n", ".dockerignore")
    matcher = Matcher(rules)
    assert matcher.decide(path).excluded
    assert not matcher.decide(path.replace(".env", "x.env").replace("[x]", "x")).excluded


def test_fix_describes_itself() -> None:
    fix = Fix((_edit(EditKind.REPLACE, "**/x", 3), _edit(EditKind.EXCEPTION, "!a/x", 3)))
    assert fix.describe() == "write '**/x' instead of line 3; add '!a/x' after line 3"
    assert not fix.removes_lines
    assert Fix((_edit(EditKind.DELETE, "", 2),)).removes_lines


# -- verification: small projects, one case each ----------------------------------------------



def _check(root: Path) -> list[Finding]:
    return run_check(root, effective_presets(config_for(root, None)), CheckOptions()).findings


def _one(found: list[Finding], rule_id: str) -> Finding:
    matching = [item for item in found if item.id == rule_id]
    assert len(matching) == 1, found
    return matching[0]


GO_EMBED = {
    "go.mod": "module example.com/site\n\ngo 1.22\n",
    "main.go": 'package main\n\nimport "embed"\n\n//go:embed docs/guide.md\n'
    "var guide embed.FS\n\nfunc main() {}\n",
    "docs/guide.md": "# Guide\n",
    "pkg/README.md": "notes\n",
    "README.md": "readme\n",
    "Dockerfile": "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n",
    ".dockerignore": "*.md\n",
}


def test_root_only_fix_keeps_an_embedded_file_by_an_exception(tmp_path: Path) -> None:
    root = _write(tmp_path, GO_EMBED)
    found = _one(_check(root), "IG301")
    assert found.fix is not None
    assert found.fix.edits == (
        Edit(EditKind.REPLACE, ".dockerignore", "**/*.md", 1),
        Edit(EditKind.EXCEPTION, ".dockerignore", "!docs/guide.md", 1),
    )
    assert "docs/guide.md, which the build needs (go build embeds it" in found.hint


def test_no_finding_when_the_build_needs_what_it_names(tmp_path: Path) -> None:
    """hatch-vcs computes the version from .git: sending it is right, so IG103 is not a
    finding at all (it used to be one with 'no safe fix'; issue #12, psf/black)."""
    root = _write(tmp_path, {
        "pyproject.toml": '[build-system]\nrequires = ["hatchling", "hatch-vcs"]\n'
        'build-backend = "hatchling.build"\n\n[project]\nname = "x"\ndynamic = ["version"]\n'
        '\n[tool.hatch.version]\nsource = "vcs"\n',
        "x/__init__.py": "",
        "Dockerfile": "FROM python:3.12-slim\nCOPY . /src\nRUN pip install /src\n",
        ".dockerignore": "*.pyc\n",
        ".git/HEAD": "ref: refs/heads/main\n",
    })
    assert [item for item in _check(root) if item.id == "IG103"] == []
    (root / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "1"\n')
    assert _one(_check(root), "IG103").fix is not None  # a fixed version: .git is weight


def test_no_fix_excludes_a_secret_that_a_copy_names_itself(tmp_path: Path) -> None:
    """Sylius's Dockerfile copies its committed .env by name: excluding it would make that
    COPY fail ('not found'). The finding stands (it ships a credential) with no fix; the
    nested .env, read only as part of COPY src, is still excluded."""
    root = _write(tmp_path, {
        ".env": "APP_ENV=prod\nJWT_PASSPHRASE=66d45daf91b2ed1031e62d81c81dba2e\n",
        "src/app/.env": "API_TOKEN=8f3a9c1e0b7d4a2f6e5c3b1a9d8e7f6a\n",
        "src/app/main.php": "<?php\n",
        "Dockerfile": "FROM php:8.3\nWORKDIR /app\nCOPY .env ./\nCOPY src src/\n",
        ".dockerignore": "*.log\n",
    })
    found = {item.message.split(": ")[0]: item for item in _check(root) if item.id == "IG101"}
    assert sorted(found) == [".env", "src/app/.env"]
    assert found[".env"].fix is None
    assert "would stop sending .env, which the build needs (Dockerfile:3 COPY .env)" \
        in found[".env"].hint
    nested = found["src/app/.env"].fix
    assert nested is not None
    assert [edit.text for edit in nested.edits] == ["src/app/.env"]


def test_a_name_at_any_depth_is_narrowed_to_the_named_path(tmp_path: Path) -> None:
    """Laravel's resources/views/vendor is source, composer's vendor/ is not: the fix for
    vendor/ must not exclude the views."""
    root = _write(tmp_path, {
        "composer.json": "{}\n",
        "composer.lock": "{}\n",
        "vendor/autoload.php": "<?php\n",
        "resources/views/vendor/mail/html.blade.php": "x\n",
        "Dockerfile": "FROM php:8.3\nCOPY . /app\nRUN composer install\n",
        ".dockerignore": "*.log\n",
    })
    found = _check(root)
    vendor = [item for item in found if item.id == "IG104" and item.message.startswith("vendor")]
    assert len(vendor) == 1
    assert vendor[0].fix is not None
    assert vendor[0].fix.edits == (Edit(EditKind.ADD, ".dockerignore", "vendor"),)
    assert "would stop sending resources/views/vendor, which the build needs" in vendor[0].hint
    views = [item for item in found if item.message.startswith("resources/views/vendor")]
    assert all(item.fix is None for item in views), views


def test_no_ignore_file_offers_init_when_its_plan_keeps_every_need(tmp_path: Path) -> None:
    root = _write(tmp_path, {
        "requirements.txt": "flask\n",
        "app.py": "print()\n",
        "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\n",
        ".git/HEAD": "ref: refs/heads/main\n",
    })
    found = _one(_check(root), "IG001")
    assert found.fix is not None
    assert found.fix.edits[0].kind is EditKind.INIT
    assert "ignoregen init" in found.hint
    assert b".git" in found.fix.edits[0].text.encode()


def test_init_plans_only_the_context_whose_file_the_fix_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """IG001's fix is init's plan of that one context: the other contexts of the repository
    (plane: eight, 1.5 s of a 3.5 s check) are not planned for it."""
    from ignoregen.commands import init

    root = _write(tmp_path, {
        "api/Dockerfile": "FROM python:3.12-slim\nCOPY . /app\n",
        "api/app.py": "print()\n",
        "web/Dockerfile": "FROM node:22-slim\nCOPY . /app\n",
        "web/.dockerignore": "node_modules\n",
        "web/index.js": "1\n",
        "docker-compose.yml": "services:\n  api:\n    build: api\n  web:\n    build: web\n",
    })
    planned: list[Path] = []
    plan_context = init.plan_context

    def recorded(context: Path, *args: object, **kwargs: object) -> init.Outcome:
        planned.append(context)
        return plan_context(context, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(init, "plan_context", recorded)
    found = _one(_check(root), "IG001")
    assert found.context == "api"
    assert found.fix is not None
    assert planned, "init planned nothing"
    assert set(planned) == {(root / "api").resolve()}, planned


# -- check --diff and check --fix -------------------------------------------------------------


@pytest.fixture
def webapp(tmp_path: Path) -> Path:
    dest = tmp_path / "webapp"
    shutil.copytree(REPO / "samples" / "check" / "webapp", dest, symlinks=True)
    return dest


def test_diff_prints_the_fixes_and_writes_nothing(
    webapp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (webapp / ".dockerignore").read_bytes()
    monkeypatch.chdir(webapp.parent)
    result = CliRunner().invoke(cli, ["check", "--diff", "webapp"])
    assert result.exit_code == 1, result.output
    name = "webapp/.dockerignore"
    assert result.stdout == (
        f"--- {name}\n+++ {name}\n"
        "@@ -1,7 +1,13 @@\n"
        f"+{BEGIN}\n"
        "+**/.env\n"
        "+**/node_modules\n"
        f"+{END}\n"
        "+\n"
        " # Written by hand, with the usual slips.\n"
        "-.DS_Store\n"
        "+**/.DS_Store\n"
        " **/node_modules  # installed in the image\n"
        " config\n"
        "+!config/settings.toml\n"
        " # ignoregen: ignore[IG401] logs appear when the app runs locally\n"
        " *.log\n"
        " [._]*.sw[a-p\n"
    )
    assert "Would fix 4 findings in 1 file." in result.stderr
    assert (webapp / ".dockerignore").read_bytes() == before


def test_diff_exits_zero_when_nothing_is_to_fix(tmp_path: Path) -> None:
    root = _write(tmp_path, {"app.py": "", "Dockerfile": "FROM scratch\nCOPY app.py /\n",
                             ".dockerignore": "*.log\n"})
    result = CliRunner().invoke(cli, ["check", "--diff", str(root)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def _lines(data: bytes) -> list[str]:
    return [text for _, text in split_lines(data, "x")]


@pytest.mark.parametrize(
    "dockerfile", SAMPLES, ids=[str(p.parent.relative_to(REPO)) for p in SAMPLES]
)
def test_fix_on_the_samples(dockerfile: Path, tmp_path: Path) -> None:
    """Idempotent, every user line kept (or rewritten in place by its own finding), and the
    findings it fixed are gone."""
    dest = tmp_path / "sample"
    shutil.copytree(dockerfile.parent, dest, symlinks=True)
    presets = effective_presets(config_for(dest, None))
    olds = {p: p.read_bytes() for p in dest.rglob("*ignore") if p.is_file()}
    first = run_fix(dest, presets, CheckOptions())
    for change in first.changes:
        old = _lines(change.old or b"")
        new = _lines(change.new)
        replaced = {
            edit.line for item in change.fixed if item.fix is not None
            for edit in item.fix.edits if edit.kind is EditKind.REPLACE
        }
        for number, text in enumerate(old, start=1):
            if number not in replaced and not any(
                e.kind is EditKind.INIT for i in change.fixed if i.fix for e in i.fix.edits
            ):
                assert text in new, f"{change.file}: line {number} {text!r} lost"
    fixed = {(i.id, i.file, i.message) for c in first.changes for i in c.fixed}
    after = {(i.id, i.file, i.message) for i in first.report.findings}
    assert not fixed & after, fixed & after
    snapshot = {p: p.read_bytes() for p in dest.rglob("*ignore") if p.is_file()}
    second = run_fix(dest, presets, CheckOptions())
    assert second.changes == []
    assert {p: p.read_bytes() for p in dest.rglob("*ignore") if p.is_file()} == snapshot
    assert set(olds) <= set(snapshot)


def test_fix_leaves_your_lines_and_says_what_it_applied(webapp: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--fix", str(webapp)])
    assert "Fixed 4 findings in 1 file." in result.stderr
    text = (webapp / ".dockerignore").read_text()
    assert "!docs/keep.md" in text  # IG403's removal is left to the user
    assert "!config/settings.toml\n" in text
    assert "IG201" not in result.stdout
    assert "IG101" not in result.stdout
    again = CliRunner().invoke(cli, ["check", "--fix", str(webapp)])
    assert "Fixed 0 findings in 0 files." in again.stderr
    assert (webapp / ".dockerignore").read_text() == text


def test_a_fix_that_would_change_nothing_is_not_offered(tmp_path: Path) -> None:
    """The block excludes .git and the user's own line sends it again on purpose: adding
    '**/.git' once more changes nothing, so it is no fix."""
    root = _write(tmp_path, {
        "app.py": "",
        "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\n",
        ".git/HEAD": "ref: refs/heads/main\n",
        ".dockerignore": f"{BEGIN}\n**/.git\n{END}\n!.git\n",
    })
    presets = effective_presets(config_for(root, None))
    item = finding("IG103", ".git/: vcs directory is sent", ".dockerignore",
                   fix=edits.add(".dockerignore", "**/.git", [".git"]))
    (found,) = verify_findings(root, presets, CheckOptions(), [item])
    assert found.fix is None
    assert found.hint.startswith("no fix to add: add '**/.git' to .dockerignore would change "
                                 "nothing")


def test_a_file_that_cannot_be_written_leaves_the_others_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A context directory the user cannot write (made by a container as root): its ignore
    file keeps its findings and the run is an error, as with init; the files after it in
    the same pass are still fixed."""
    files = {}
    for name in ("a", "b", "c"):
        files[f"{name}/Dockerfile"] = "FROM alpine\nCOPY . /app\n"
        files[f"{name}/.dockerignore"] = "node_modules\n"
        files[f"{name}/.env"] = "DATABASE_URL=postgres://u:S3cr3tPassw0rd@db/x\n"
    root = _write(tmp_path, files)
    from ignoregen.plan.writer import write_atomic as real

    def refuse(path: Path, data: bytes) -> None:
        if path.parent.name == "b":
            raise OSError(13, "cannot write: Permission denied", str(path))
        real(path, data)

    monkeypatch.setattr("ignoregen.commands.fix.write_atomic", refuse)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check", "--fix", "--format", "gnu"])
    assert result.exit_code == 2
    assert "**/.env" in (root / "a/.dockerignore").read_text()
    assert "**/.env" in (root / "c/.dockerignore").read_text()
    assert (root / "b/.dockerignore").read_text() == "node_modules\n"
    assert "Fixed 2 findings in 2 files." in result.stderr
    assert ("ignoregen: error: b/.dockerignore: cannot write: Permission denied; left as it is"
            in result.stderr)
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["b/.dockerignore"]


def test_fix_adds_what_a_laptop_finding_names(tmp_path: Path) -> None:
    # awesome-compose's React frontends: .gitignore lists .env.local and its kin, and
    # 'COPY . .' would send them from a developer's machine (IG101). check --fix left them
    # with a hint only, so check failed after it on every checkout.
    from test_check_needed import commit
    from trees import run_in, tree

    tree(tmp_path, {
        "Dockerfile": "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n",
        "package.json": "{\"name\": \"web\", \"version\": \"1.0.0\"}\n",
        ".gitignore": "node_modules\n.env.local\n",
        ".dockerignore": "node_modules\n",
    })
    commit(tmp_path)
    _, out = run_in(tmp_path, "check")
    assert "IG101" in out, out
    _, out = run_in(tmp_path, "check", "--fix")
    assert "**/.env.local" in (tmp_path / ".dockerignore").read_text().splitlines(), out
    _, out = run_in(tmp_path, "check")
    assert "IG101" not in out, out
