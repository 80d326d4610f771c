"""The short cuts of committed build output (build/prebuilt.py) give what the slow path
gives. Whether a preset is in use (``_in_use``) is asked of the files that
hold a marker's plain text, found in the files joined: the answer is the one a test of
every file gives, for the built-in presets' markers and for odd user markers (classes,
'?', '**' in the middle, names with a newline or a backslash).

committed_needs asks it for every preset with build output: on the 304,000-entry bench
tree (74,000 files) it took 2 s by testing each file against each preset's markers. The
directories above the files are found once a run from the files' own directories."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from ignoregen.build.prebuilt import _directories, _in_use, _Joined
from ignoregen.knowledge.preset import load_presets

ODD = [
    "**/build.sbt", "**/project/build.properties", "copilot", "*.py", "**/requirements*.txt",
    "**/x[ab].cfg", "src/**/gen/*.out", "**/a?c.txt", "docs/**", "**/*", "*", "deep/x",
    "**/*.csproj", "**/odd\\*name", "lib/*/meta.json", "**/.env*", "conf", "**/a/**/b",
    "**/x[!.]ini", "**/sp ace.txt", "**/ü.txt", "a\\b", "**/[a-c]*.lock",
]


def _presets(tmp_path: Path) -> object:
    user = tmp_path / "presets"
    user.mkdir()
    for at, marker in enumerate(ODD):
        escaped = marker.replace("\\", "\\\\")
        (user / f"odd{at}.toml").write_text(
            f'[preset]\nname = "odd{at}"\ndescription = "odd"\n'
            f'[detect]\nmarkers = ["{escaped}"]\n'
            f'[categories.out]\ndescription = "out"\nrole = "build-output"\n'
            f'exclude_by_default = true\nrules = ["**/odd-out-{at}"]\n')
    (user / "mixed.toml").write_text(
        '[preset]\nname = "mixed"\ndescription = "mixed"\n'
        '[detect]\nmarkers = ["**/project/build.properties", "keep/*/project", "**/x*y/z"]\n'
        '[categories.out]\ndescription = "out"\nrole = "build-output"\n'
        'exclude_by_default = true\nrules = ["**/mixed-out"]\n')
    return load_presets([user])


def _paths(presets: object, seed: int) -> list[str]:
    """Paths made from the markers themselves (the wildcards filled in, at the root, below
    directories, below a directory with a newline, with text glued on either side) and
    paths that have nothing to do with them."""
    rng = random.Random(seed)
    stems: list[str] = []
    for preset in presets.presets:  # type: ignore[attr-defined]
        for marker in preset.markers:
            stem = marker.rule.pattern.removeprefix("**/")
            for fill in ("", "x", "a/b"):
                stems.append(stem.replace("**", fill).replace("*", fill).replace("?", "q")
                             .replace("[ab]", "a").replace("[!.]", "_").replace("[a-c]", "b")
                         .replace("\\", ""))
    out: list[str] = []
    for stem in stems:
        stem = stem.strip("/") or "f"
        out.extend([stem, f"sub/{stem}", f"a\nb/{stem}", f"x{stem}", f"{stem}x",
                    f"{stem}/child", f"deep/er/{stem}/inner.txt"])
    out.extend(f"src/mod{i}/file{i}.{ext}" for i in range(40)
               for ext in ("ts", "go", "rs", "txt"))
    rng.shuffle(out)
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_in_use_from_the_joined_files_is_the_answer_of_every_file(
    tmp_path: Path, seed: int
) -> None:
    presets = _presets(tmp_path)
    paths = _paths(presets, seed)
    rng = random.Random(seed)
    names = [preset.name for preset in presets.presets]  # type: ignore[attr-defined]
    lists = [[], paths, *(rng.sample(paths, k) for k in (1, 2, 5, 30, 200))]
    lists.extend([path] for path in rng.sample(paths, 150))
    asked = 0
    for files, name in itertools.product(lists, names):
        slow = _in_use(presets, name, files)  # type: ignore[arg-type]
        fast = _in_use(presets, name, files, _Joined(files))  # type: ignore[arg-type]
        assert fast == slow, (name, files)
        asked += 1
    assert asked > 5_000


def test_the_joined_files_give_each_holder_once_in_order() -> None:
    files = ["ab", "", "xabab", "b/a", "aab", "a\nb/ab"]
    joined = _Joined(files)
    assert list(joined.holding("ab")) == [0, 2, 4, 5]
    assert list(joined.holding("b/a")) == [3, 5]
    assert list(joined.holding("zz")) == []


def _directories_one_by_one(files: list[str]) -> list[str]:
    """The directories above the files as committed_needs found them before, from each file."""
    seen: set[str] = set()
    for path in files:
        while "/" in path:
            path = path.rsplit("/", 1)[0]
            if path in seen:
                break
            seen.add(path)
    return sorted(seen)


@pytest.mark.parametrize("seed", [0, 1])
def test_the_directories_of_the_files_are_those_found_from_each_file(seed: int) -> None:
    rng = random.Random(seed)
    parts = ["a", "b", "a-b", "", "c.d", "x y"]
    files = ["/".join(rng.choice(parts) for _ in range(rng.randint(1, 6))) for _ in range(3000)]
    files.extend(["/x", "//", "a//b", "plain", "a/", "/"])
    rng.shuffle(files)
    assert _directories(files) == _directories_one_by_one(files)
    assert _directories([]) == []
