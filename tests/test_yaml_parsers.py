"""YAML is read with libyaml's parser when PyYAML has it, and its errors are told by the
pure-Python parser: the same values and lines either way, the clearer message on error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ignoregen.build import yamlfile
from ignoregen.build.yamlfile import YamlError, load_yaml, load_yaml_all

CORPUS = Path(__file__).resolve().parent / "corpus"
YAML_FILES = sorted(
    path for pattern in ("*.yml", "*.yaml") for path in CORPUS.glob(f"*/files/**/{pattern}")
)


def _lines(node: yaml.Node) -> list[tuple[str, int, int]]:
    """Every node's tag and start line and column, depth first."""
    out = [(node.tag, node.start_mark.line, node.start_mark.column)]
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out.extend(_lines(key))
            out.extend(_lines(value))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            out.extend(_lines(item))
    return out


def _read(text: str, fast: bool) -> list[tuple[Any, list[tuple[str, int, int]]]]:
    return [(value, _lines(node)) for value, node in yamlfile._documents(text, False, fast)]


def test_the_corpus_has_yaml_files() -> None:
    assert len(YAML_FILES) >= 50


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML without libyaml")
def test_both_parsers_give_the_same_values_and_lines() -> None:
    compared = 0
    for path in YAML_FILES:
        text = path.read_text(encoding="utf-8-sig")
        try:
            slow = _read(text, fast=False)
        except yaml.YAMLError:  # a template, not YAML: libyaml must say so too
            with pytest.raises(yaml.YAMLError):
                _read(text, fast=True)
            continue
        assert _read(text, fast=True) == slow, path
        compared += 1
    assert compared >= 50


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("\tkey: 1\n", 1, "found character '\\t' that cannot start any token"),
        ("a: [1, 2", 1, "expected ',' or ']', but got '<stream end>'"),
        ("a: *unknown\n", 1, "found undefined alias 'unknown'"),
        ("services:\n  app:\n    image: x\n   build: .\n", 4, ""),
        ("x: !foo 1\n", 1, "could not determine a constructor for the tag '!foo'"),
    ],
)
def test_an_error_names_its_line_and_what_is_wrong(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "compose.yaml"
    path.write_text(text)
    with pytest.raises(YamlError) as caught:
        load_yaml(path)
    assert caught.value.line == line
    assert caught.value.message.startswith("not valid YAML: ")
    assert message in caught.value.message


def test_merge_tags_and_documents_read_alike(tmp_path: Path) -> None:
    path = tmp_path / "compose.override.yaml"
    path.write_text("services:\n  app:\n    ports: !reset []\n    environment: !override\n"
                    "      A: 1\n---\nsecond: 2\n")
    (first, node), (second, _) = load_yaml_all(path)
    assert first["services"]["app"]["ports"] is yamlfile.RESET
    assert isinstance(first["services"]["app"]["environment"], yamlfile.Overriding)
    assert second == {"second": 2}
    assert yamlfile.key_line(node, "services", "app", "environment") == 4


def test_key_lines_of_a_big_mapping_read_it_once(tmp_path: Path) -> None:
    """The line of each of 1,000 jobs is found without going through the jobs again for
    each (check on a workflow of 5,000 jobs: 11 s, 2.6 s with an index); the first of two
    keys of one name and a merge key's values are still found."""
    jobs = "".join(f"  j{i}:\n    runs-on: x\n" for i in range(1000))
    path = tmp_path / "ci.yml"
    path.write_text("base: &base\n  extra: 1\njobs:\n" + jobs + "  j0:\n    again: 1\n"
                    "  <<: *base\n")
    (_, node), = load_yaml_all(path)
    mapping = node.value[1][1]

    class Counted(list):  # type: ignore[type-arg]
        passes = 0

        def __iter__(self):  # type: ignore[no-untyped-def]
            Counted.passes += 1
            return super().__iter__()

    mapping.value = Counted(mapping.value)
    assert [yamlfile.key_line(node, "jobs", f"j{i}") for i in range(0, 1000, 100)] == list(
        range(4, 2004, 200))
    assert yamlfile.key_line(node, "jobs", "extra") == 2
    assert Counted.passes <= 2


def _laughs(levels: int, fan_out: int = 9) -> str:
    """A few lines whose aliases expand to fan_out ** levels values."""
    lines = ["l0: &l0 [" + ", ".join(["x"] * fan_out) + "]"]
    for level in range(1, levels + 1):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * fan_out) + "]")
    return "\n".join(lines) + "\nservices:\n  web:\n    build: .\n"


def test_aliases_that_expand_past_go_yaml_s_limit_are_an_error(tmp_path: Path) -> None:
    # go-yaml (compose's reader) stops with "excessive aliasing"; walking the values of such
    # a file here did not end (check ran past a minute on eight levels).
    path = tmp_path / "compose.yaml"
    path.write_text(_laughs(8))
    with pytest.raises(YamlError) as caught:
        load_yaml(path)
    assert caught.value.line == 8  # l7's anchor: its nine aliases give the most values
    assert "excessive aliasing" in caught.value.message


def test_aliases_under_the_limit_and_merge_keys_read(tmp_path: Path) -> None:
    path = tmp_path / "compose.yaml"
    path.write_text(_laughs(2))  # 81 values through aliases: under go-yaml's floor of 100
    value, _ = load_yaml(path)
    assert len(value["l2"]) == 9
    shared = "x-base: &base\n  image: a\n" + "".join(
        f"s{n}:\n  <<: *base\n  command: run\n" for n in range(300))
    path.write_text(shared)  # 300 aliases, each of one small mapping: no excess
    assert load_yaml(path)[0]["s299"]["image"] == "a"


def test_an_anchor_holding_itself_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "compose.yaml"
    path.write_text("a: 1\nb: &b\n  c: *b\n")
    with pytest.raises(YamlError) as caught:
        load_yaml(path)
    assert caught.value.line == 2  # the anchor's line, as go-yaml names the anchor
    assert "holds an alias of itself" in caught.value.message


def test_a_check_of_such_a_compose_file_ends(tmp_path: Path) -> None:
    from trees import run_in, tree

    tree(tmp_path, {"Dockerfile": "FROM scratch\nCOPY . /ctx/\n",
                    "compose.yaml": _laughs(8).replace("build: .", "build: .\n    command: *l8")})
    code, out = run_in(tmp_path, "check")
    assert code == 1
    assert "compose.yaml:9: error IG004 not valid YAML: excessive aliasing" in out
