"""``ignoregen scan``: goldens for text and JSON, and the command's behaviour.

Set IGNOREGEN_UPDATE_GOLDENS=1 to rewrite the golden files after a deliberate change.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_classify import make_sample

from ignoregen.cli import cli
from ignoregen.render.scan import BAR_WIDTH, Progress, bar, progress_due

GOLDEN = Path(__file__).resolve().parent / "golden" / "scan"
UPDATE = os.environ.get("IGNOREGEN_UPDATE_GOLDENS") == "1"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["scan", *args], catch_exceptions=False)


def check_golden(name: str, output: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(output)
    assert output == path.read_text(), f"{name} differs; IGNOREGEN_UPDATE_GOLDENS=1 rewrites it"


@pytest.mark.parametrize(
    ("sample", "args", "golden"),
    [
        ("monorepo", (), "monorepo.txt"),
        ("monorepo", ("--format", "json"), "monorepo.json"),
        ("node-express", (), "node-express.txt"),
        ("django-app", ("--format", "json", "--top", "3"), "django-app.json"),
        ("go-service", ("--builder", "classic"), "go-service.txt"),
    ],
)
def test_goldens(
    sample: str, args: tuple[str, ...], golden: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_sample(sample, tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run(sample, *args)
    assert result.exit_code == 0, result.output
    check_golden(golden, result.stdout)


def test_json_is_consistent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_sample("monorepo", tmp_path)
    monkeypatch.chdir(tmp_path)
    document = json.loads(run("monorepo", "--format", "json").stdout)
    assert document["version"] == 1
    totals = document["totals"]
    categories = document["categories"]
    unclassified = document["unclassified"]
    for field in ("files", "bytes"):
        for scope in ("all", "sent"):
            assert (
                sum(c[scope][field] for c in categories) + unclassified[scope][field]
                == totals[scope][field]
            )
    assert [c["all"]["bytes"] for c in categories] == sorted(
        (c["all"]["bytes"] for c in categories), reverse=True
    )
    assert {p["name"] for p in document["presets"]} >= {"base", "node", "python"}
    assert len(document["largest_directories"]) == 10


def test_context_defaults_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_sample("rust-cli", tmp_path)
    monkeypatch.chdir(root)
    result = run("--top", "0")
    assert result.exit_code == 0
    assert result.stdout.startswith("context:     .\n")
    assert "largest directories" not in result.stdout
    assert "  rust  Cargo.toml\n" in result.stdout


def test_a_per_dockerfile_ignore_file_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_sample("node-express", tmp_path)
    (root / "docker").mkdir()
    (root / "docker" / "app.Dockerfile").write_text("FROM scratch\n")
    (root / "docker" / "app.Dockerfile.dockerignore").write_text("*\n!app.js\n")
    monkeypatch.chdir(tmp_path)
    result = run("node-express", "-f", "node-express/docker/app.Dockerfile", "--format", "json")
    document = json.loads(result.stdout)
    assert document["ignore_file"] == {
        "path": "node-express/docker/app.Dockerfile.dockerignore", "rules": 2,
    }
    assert document["totals"]["sent"]["files"] == 1


def test_a_bad_config_exits_2_naming_file_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_sample("rust-cli", tmp_path)
    (root / ".ignoregen.toml").write_text("presets = ['pyhton']\ncolour = 1\n")
    monkeypatch.chdir(tmp_path)
    result = run("rust-cli")
    assert result.exit_code == 2
    assert result.stdout == ""
    # Names are checked against the presets once the file itself is valid.
    assert result.stderr.splitlines() == [
        "ignoregen: error: rust-cli/.ignoregen.toml: colour: unknown key 'colour'; expected "
        "one of: presets-dir, presets, skip-presets, keep, exclude, extra-rules, check",
    ]
    (root / ".ignoregen.toml").write_text("presets = ['pyhton']\n")
    result = run("rust-cli")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "ignoregen: error: rust-cli/.ignoregen.toml: presets[0]: no preset is named 'pyhton'"
    )


def test_config_problems_are_all_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_sample("rust-cli", tmp_path)
    (root / ".ignoregen.toml").write_text("keep = ['[x', 'docs/']\n")
    monkeypatch.chdir(tmp_path)
    result = run("rust-cli")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("ignoregen: error: rust-cli/.ignoregen.toml: keep[0]: '[x': ")
    assert lines[1] == (
        "ignoregen: error: rust-cli/.ignoregen.toml: keep[1]: 'docs/': Docker reads this as "
        "'docs'; write it that way"
    )


def test_an_explicit_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_sample("rust-cli", tmp_path)
    (tmp_path / "scan.toml").write_text("presets = ['terraform']\n")
    monkeypatch.chdir(tmp_path)
    result = run("rust-cli", "--config", "scan.toml")
    assert result.exit_code == 0
    assert "config:      scan.toml\n" in result.stdout
    assert "  terraform  set in the config\n" in result.stdout


def test_a_bad_ignore_file_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_sample("rust-cli", tmp_path)
    (root / ".dockerignore").write_text("target\n[\n")
    monkeypatch.chdir(tmp_path)
    result = run("rust-cli")
    assert result.exit_code == 2
    assert result.stderr.startswith("ignoregen: error: rust-cli/.dockerignore:2: ")


def test_names_that_are_not_utf8_survive_json(tmp_path: Path) -> None:
    root = tmp_path / "ctx"
    root.mkdir()
    (root / os.fsdecode(b"caf\xe9")).mkdir()
    (root / os.fsdecode(b"caf\xe9") / "menu.txt").write_bytes(b"x" * 10)
    result = CliRunner().invoke(cli, ["scan", str(root), "--format", "json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout_bytes)
    assert document["largest_directories"][0]["path"] == "caf\udce9"


# -- bars and progress ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "ascii_bar", "unicode_bar"),
    [
        (0.0, "", ""),
        (0.001, "#", "▏"),
        (0.5, "#" * (BAR_WIDTH // 2), "█" * (BAR_WIDTH // 2)),
        (1 / BAR_WIDTH + 1 / (BAR_WIDTH * 2), "##", "█▌"),
        (1.0, "#" * BAR_WIDTH, "█" * BAR_WIDTH),
        (1.5, "#" * BAR_WIDTH, "█" * BAR_WIDTH),
    ],
)
def test_bars(share: float, ascii_bar: str, unicode_bar: str) -> None:
    assert bar(share) == ascii_bar
    assert bar(share, unicode=True) == unicode_bar


@pytest.mark.parametrize(
    ("terminal", "elapsed", "due"),
    [(False, 0.0, False), (False, 5.0, False), (True, 0.5, False), (True, 1.0, True)],
)
def test_progress_only_on_a_terminal_after_a_second(
    terminal: bool, elapsed: float, due: bool
) -> None:
    assert progress_due(terminal, elapsed) is due


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_draws_then_erases_its_line() -> None:
    stream = io.StringIO()
    clock = FakeClock()
    progress = Progress(stream, terminal=True, clock=clock)
    progress(4096)
    assert stream.getvalue() == ""  # the walk is younger than a second
    clock.now += 1.5
    progress(8192)
    assert stream.getvalue() == "\rignoregen: scanning, 8,192 entries so far..."
    progress(12288)  # too soon after the last update
    assert stream.getvalue().count("\r") == 1
    clock.now += 1
    progress(16384)
    progress.finish()
    assert stream.getvalue().endswith("\r" + " " * len(
        "ignoregen: scanning, 16,384 entries so far..."
    ) + "\r")


def test_progress_stays_silent_without_a_terminal() -> None:
    stream = io.StringIO()
    clock = FakeClock()
    progress = Progress(stream, clock=clock)  # StringIO is not a terminal
    clock.now += 10
    progress(4096)
    progress.finish()
    assert stream.getvalue() == ""


def test_the_cli_never_draws_progress_into_a_pipe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_sample("monorepo", tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run("monorepo").stderr == ""


@pytest.mark.parametrize("sample", ["monorepo", "django-app", "node-express"])
@pytest.mark.parametrize(("depth", "wide", "share"), [(1, 64, 32), (1, 2, 1), (2, 3, 2)])
@pytest.mark.parametrize("builder", ["buildkit", "classic"])
def test_a_parallel_scan_reports_the_same(
    sample: str, depth: int, wide: int, share: int, builder: str, tmp_path: Path
) -> None:
    """Worker processes take small subtrees here (the split is forced down to the top
    levels), yet the report is the one a single process makes."""
    from ignoregen.commands.scan import scan
    from ignoregen.engine.pool import SplitPolicy
    from ignoregen.engine.setup import Builder, find_setup
    from ignoregen.knowledge.config import presets_for
    from ignoregen.render.json import dumps, scan_document

    root = make_sample(sample, tmp_path)
    setup = find_setup(root, Builder(builder))
    presets = presets_for(root, None)
    policy = SplitPolicy(depth=depth, wide=wide, share=share, min_tasks=1)
    single = scan(setup, presets, workers=1, top=10)
    parallel = scan(setup, presets, workers=2, top=10, split=policy)
    assert dumps(scan_document(parallel, sample, top=10)) == dumps(
        scan_document(single, sample, top=10)
    )


def test_a_parallel_scan_reports_progress_from_the_parent_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers count what they walk; the parent reports the running total, and no worker
    draws on the terminal itself."""
    from ignoregen.commands.scan import scan
    from ignoregen.engine.pool import SplitPolicy
    from ignoregen.engine.setup import find_setup
    from ignoregen.knowledge.preset import load_presets

    root = make_sample("monorepo", tmp_path)
    policy = SplitPolicy(depth=1, min_tasks=1, progress_interval=0.0)
    log = tmp_path / "progress.log"
    with log.open("a") as stream:

        def progress(entries: int) -> None:
            stream.write(f"{os.getpid()} {entries}\n")
            stream.flush()

        report = scan(
            find_setup(root), load_presets(), progress=progress, workers=2, split=policy
        )
    lines = [line.split() for line in log.read_text().splitlines()]
    assert lines, "no progress was reported"
    assert {pid for pid, _ in lines} == {str(os.getpid())}
    counts = [int(entries) for _, entries in lines]
    assert counts == sorted(counts)
    sent, ignored = report.context.sent_totals, report.context.ignored_totals
    assert 0 < counts[-1] <= sent.files + sent.dirs + ignored.files + ignored.dirs
