"""The cache of parsed presets and image knowledge: never stale, never in the way.

Each test gets a cache directory of its own (``XDG_CACHE_HOME``) and counts how often the
real parser runs, so "the cache was used" and "the files were read afresh" are facts the
tests observe, not assumptions."""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ignoregen.errors import ConfigError
from ignoregen.knowledge import cache, images, preset
from ignoregen.knowledge.image_records import ImageKnowledge
from ignoregen.knowledge.preset import load_presets
from ignoregen.knowledge.regex import Regex

DEMO = """\
[preset]
name = "demo"
description = "A demo."

[detect]
markers = ["**/demo.json"]

[categories.stuff]
description = "Stuff."
role = "other"
exclude_by_default = true
rules = ["**/stuff"]
"""


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    return home / "ignoregen"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The kinds parsed for real, in order (``presets``, ``images``)."""
    seen: list[str] = []
    build_set, parse_files = preset.build_set, images.parse_files

    def counting_build_set(*args: object, **kwargs: object) -> preset.PresetSet:
        seen.append("presets")
        return build_set(*args, **kwargs)  # type: ignore[arg-type]

    def counting_parse_files(*args: object, **kwargs: object) -> ImageKnowledge:
        seen.append("images")
        return parse_files(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(preset, "build_set", counting_build_set)
    monkeypatch.setattr(images, "parse_files", counting_parse_files)
    images.load.cache_clear()
    yield seen
    images.load.cache_clear()


def load_images() -> ImageKnowledge:
    images.load.cache_clear()  # once per process otherwise
    return images.load()


def files(folder: Path, kind: str) -> list[Path]:
    return sorted(folder.glob(f"{kind}-*.pickle"))


def test_the_second_load_comes_from_the_cache_and_equals_a_fresh_parse(
    cache_home: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, first_images = load_presets(), load_images()
    assert parses == ["presets", "images"]
    assert len(files(cache_home, "presets")) == 1
    assert len(files(cache_home, "images")) == 1
    second, second_images = load_presets(), load_images()
    assert parses == ["presets", "images"], "the second load parsed again"
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    fresh, fresh_images = load_presets(), load_images()
    assert parses == ["presets", "images"] * 2
    assert first == second == fresh
    assert first_images == second_images == fresh_images
    # Fields left out of ==, and what is derived from them, survive too.
    assert second["python"] is second.presets[[p.name for p in second].index("python")]
    assert second.secret_values == fresh.secret_values
    assert second.needs == fresh.needs
    assert second.skip_dirs == fresh.skip_dirs


def test_regular_expressions_survive_the_cache_whole(cache_home: Path) -> None:
    load_presets(), load_images()
    cached_set, cached_images = load_presets(), load_images()
    patterns = [
        value
        for source in cached_set.needs
        for value in (source.regex, source.unless, source.command)
        if value is not None
    ]
    assert patterns, "the presets have [[needs]] with regular expressions"
    for pattern in patterns:
        assert isinstance(pattern, Regex)
        assert pattern.compiled == re.compile(pattern.pattern)
        assert pattern.groupindex == re.compile(pattern.pattern).groupindex
    commands = cached_images.settings.development_commands
    assert commands
    assert all(isinstance(item, Regex) for item in commands)


def test_a_cached_regex_is_compiled_when_first_used() -> None:
    made = Regex.compile(r"npm (?P<script>run|ci)\b")
    loaded = pickle.loads(pickle.dumps(made))
    assert loaded == made
    assert hash(loaded) == hash(made)
    assert loaded._compiled is None, "unpickling compiled the expression"
    found = loaded.search("then npm ci --omit=dev")
    assert found is not None
    assert found.group("script") == "ci"
    assert loaded._compiled is not None
    assert loaded.match("npm ci") is not None
    assert loaded.fullmatch("npm run") is not None
    assert loaded.fullmatch("npm run x") is None
    assert [m.group(0) for m in loaded.finditer("npm ci; npm run")] == ["npm ci", "npm run"]
    assert loaded.groups == 1
    assert dict(loaded.groupindex) == {"script": 1}
    with pytest.raises(re.error):
        Regex.compile("(unclosed")


def test_no_cache_env_reads_and_writes_nothing(
    cache_home: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    load_presets(), load_presets()
    assert parses == ["presets", "presets"]
    assert not cache_home.exists()


def test_an_edited_user_preset_is_seen_on_the_next_load(
    cache_home: Path, parses: list[str], tmp_path: Path
) -> None:
    user = tmp_path / "presets"
    user.mkdir()
    (user / "demo.toml").write_text(DEMO)
    assert load_presets([user])["demo"].categories[0].rules[0].pattern == "**/stuff"
    assert load_presets([user])["demo"].categories[0].rules[0].pattern == "**/stuff"
    assert parses == ["presets"]
    # Same size, and the same modification time: only the contents tell.
    stat = (user / "demo.toml").stat()
    (user / "demo.toml").write_text(DEMO.replace("**/stuff", "**/thing"))
    os.utime(user / "demo.toml", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert load_presets([user])["demo"].categories[0].rules[0].pattern == "**/thing"
    assert parses == ["presets", "presets"]
    # Without the user's directory the built-in set is its own entry.
    assert "demo" not in load_presets()
    assert "demo" in load_presets([user])
    assert parses == ["presets", "presets", "presets"]


def test_a_preset_with_an_error_is_reported_every_time(
    cache_home: Path, tmp_path: Path
) -> None:
    user = tmp_path / "presets"
    user.mkdir()
    (user / "demo.toml").write_text(DEMO)
    load_presets([user])  # the good version is cached
    (user / "demo.toml").write_text(DEMO.replace('role = "other"', 'role = "nonsense"'))
    for _ in range(2):
        with pytest.raises(ConfigError, match=r"demo\.toml: categories\.stuff\.role"):
            load_presets([user])


def test_a_changed_ignoregen_does_not_reuse_old_objects(
    cache_home: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_presets(), load_presets()
    assert parses == ["presets"]
    stamp = cache.code_stamp()
    changed = (("/knowledge/preset.py", stamp[0][1] + 1, stamp[0][2]), *stamp[1:])
    monkeypatch.setattr(cache, "_code_stamp", changed)
    load_presets()
    assert parses == ["presets", "presets"]


def test_two_installs_sharing_a_cache_do_not_rebuild_each_other(
    cache_home: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """pre-commit's environment and the user's own install take turns on one machine:
    each keeps its own file, so neither parses again after its first run."""
    stamp = cache.code_stamp()
    other = (("/knowledge/preset.py", stamp[0][1] + 1, stamp[0][2]), *stamp[1:])
    for turn in (stamp, other, stamp, other, stamp):
        monkeypatch.setattr(cache, "_code_stamp", turn)
        load_presets()
    assert parses == ["presets", "presets"]
    assert len(files(cache_home, "presets")) == 2


def test_old_versions_files_are_removed(
    cache_home: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stamp = cache.code_stamp()
    for version in range(cache.KEPT + 3):
        changed = (("/knowledge/preset.py", stamp[0][1] + version, stamp[0][2]), *stamp[1:])
        monkeypatch.setattr(cache, "_code_stamp", changed)
        load_presets()
        kept = files(cache_home, "presets")
        assert len(kept) == min(version + 1, cache.KEPT)
    # the newest stays: its next run reads it
    load_presets()
    assert parses == ["presets"] * (cache.KEPT + 3)


@pytest.mark.parametrize(
    "damage",
    [b"", b"not a pickle at all", b"\x80\x05K\x01.", None],
    ids=["empty", "garbage", "another-key", "truncated"],
)
def test_a_damaged_cache_file_is_ignored_and_rewritten(
    cache_home: Path, parses: list[str], damage: bytes | None
) -> None:
    good = load_presets()
    (path,) = files(cache_home, "presets")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if damage is None else damage)
    assert load_presets() == good
    assert parses == ["presets", "presets"]
    assert path.read_bytes() == data, "rewritten"
    assert load_presets() == good
    assert parses == ["presets", "presets"]


def test_a_cache_file_others_may_write_is_never_unpickled(
    cache_home: Path, parses: list[str]
) -> None:
    load_presets()
    (path,) = files(cache_home, "presets")
    key = pickle.load(path.open("rb"))
    # A planted file with the right key, writable by the group.
    path.write_bytes(pickle.dumps(key) + pickle.dumps(preset.PresetSet(())))
    path.chmod(0o664)
    assert len(load_presets()) > 1
    assert parses == ["presets", "presets"]
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_cache_of_the_wrong_type_is_not_used(cache_home: Path, parses: list[str]) -> None:
    load_presets()
    (path,) = files(cache_home, "presets")
    key = pickle.load(path.open("rb"))
    path.write_bytes(pickle.dumps(key) + pickle.dumps({"not": "a preset set"}))
    assert "python" in load_presets()
    assert parses == ["presets", "presets"]


def test_an_unusable_cache_directory_is_no_error(
    tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert "python" in load_presets()
    # A directory where the cache file would be: neither read nor replaced.
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    load_presets()
    (path,) = files(home / "ignoregen", "presets")
    path.unlink()
    path.mkdir()
    assert "python" in load_presets()
    assert parses == ["presets"] * 3


def test_a_relative_xdg_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", "/home/someone")
    assert cache.directory() == "/home/someone/.cache/ignoregen"


def run_cli(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ignoregen", *args], cwd=cwd, env=env,
        capture_output=True, text=True, timeout=120,
    )


def test_check_gives_the_same_results_with_and_without_the_cache(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parent.parent / "samples" / "python-service"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg"), "NO_COLOR": "1"}
    env.pop(cache.NO_CACHE_ENV, None)
    cold = run_cli("check", "--format", "json", str(repo), cwd=tmp_path, env=env)
    assert files(tmp_path / "xdg" / "ignoregen", "presets"), "the first run filled the cache"
    warm = run_cli("check", "--format", "json", str(repo), cwd=tmp_path, env=env)
    off = run_cli("check", "--format", "json", str(repo), cwd=tmp_path,
                  env={**env, cache.NO_CACHE_ENV: "1"})
    assert cold.returncode == warm.returncode == off.returncode
    assert cold.stdout == warm.stdout == off.stdout
    assert '"findings"' in cold.stdout


def test_check_reports_a_broken_user_preset_with_a_warm_cache(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "presets").mkdir(parents=True)
    (repo / "Dockerfile").write_text("FROM scratch\nCOPY app /app\n")
    (repo / "app").write_text("x\n")
    (repo / ".dockerignore").write_text("**/stuff\n")
    (repo / ".ignoregen.toml").write_text('presets-dir = "presets"\n')
    (repo / "presets" / "demo.toml").write_text(DEMO)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg"), "NO_COLOR": "1"}
    env.pop(cache.NO_CACHE_ENV, None)
    assert run_cli("check", cwd=repo, env=env).returncode in (0, 1)
    assert run_cli("check", cwd=repo, env=env).returncode in (0, 1)
    (repo / "presets" / "demo.toml").write_text(DEMO.replace("exclude_by_default = true\n", ""))
    for _ in range(2):
        done = run_cli("check", cwd=repo, env=env)
        assert done.returncode == 2, done.stderr
        assert "demo.toml: categories.stuff.exclude_by_default" in done.stderr
        assert "Traceback" not in done.stderr


def test_presets_from_the_cache_compile_no_pattern_until_used(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unpickling a compiled regex compiles it again: the cache keeps none of the patterns'
    regexes, and a pattern compiles its own when first asked, matching as one compiled
    from presets read afresh."""
    from ignoregen.engine import golang
    from ignoregen.engine.matcher import Pattern

    fresh = load_presets()
    monkeypatch.setattr(golang, "_compiled", {})
    presets = load_presets()  # from the cache
    assert presets == fresh
    assert golang._compiled == {}
    rules = [rule.rule for category in presets.categories for rule in category.rules]
    paths = ["a/node_modules", ".venv/lib", "x/__pycache__/m.pyc", "coverage/lcov.info",
             ".env.local", "id_rsa", "docs/index.md", "Thumbs.db", "src/app.py"]
    cached_matches = [[Pattern(rule).match(path) for path in paths] for rule in rules]
    assert len(golang._compiled) > 50  # compiled now, when used
    monkeypatch.setattr(golang, "_compiled", {})
    fresh_rules = [rule.rule for category in fresh.categories for rule in category.rules]
    assert cached_matches == [[Pattern(rule).match(path) for path in paths] for rule in fresh_rules]


def test_a_cached_value_is_unpickled_with_the_collector_off(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #13, start-up: unpickling the presets makes tens of thousands of objects that
    the run keeps; no collection starts while they are made, the collector is on again
    after the load, and the value is the one stored."""
    import gc

    value = {"rules": [[f"rule {i}", i] for i in range(20000)]}
    assert cache.cached("demo", ("a",), dict, lambda: value) == value
    loading = [False]
    collected: list[int] = []
    load = pickle.load

    def watched_load(stream: object) -> object:
        loading[0] = True
        try:
            return load(stream)  # type: ignore[arg-type]
        finally:
            loading[0] = False

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and loading[0]:
            collected.append(info["generation"])

    monkeypatch.setattr(pickle, "load", watched_load)
    gc.callbacks.append(watch)
    try:
        found = cache.cached("demo", ("a",), dict, lambda: {})
    finally:
        gc.callbacks.remove(watch)
    assert found == value
    assert found is not value
    assert collected == []
    assert gc.isenabled()
