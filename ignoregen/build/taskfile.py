"""The builds a Taskfile runs (go-task's ``Taskfile.yml``): each task's ``cmds`` (a command
text, or ``cmd:`` of a mapping) run in the Taskfile's directory, or in the task's ``dir:``
relative to it. A ``dir`` that a template fills (``{{.DIR}}``) is not read, nor are a
task's calls of other tasks (``task: build``), which are read where they are defined."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ignoregen.build.discover import Discovery


def _commands(task: Any) -> list[str]:
    """The shell commands of a task: a bare command, a list, or a mapping's ``cmds``/``cmd``."""
    if isinstance(task, str):
        return [task]
    if isinstance(task, dict):
        listed = task.get("cmds")
        if listed is None and isinstance(task.get("cmd"), str):
            return [task["cmd"]]
        task = listed
    if not isinstance(task, list):
        return []
    out: list[str] = []
    for item in task:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict) and isinstance(item.get("cmd"), str):
            out.append(item["cmd"])
    return out


def read_file(path: Path, root: Path, found: Discovery) -> None:
    """Add the builds that the tasks of the Taskfile ``path`` run."""
    from ignoregen.build.scripts import add_builds
    from ignoregen.build.yamlfile import YamlError, key_line, load_yaml_kept

    try:
        data, node = load_yaml_kept(path)
    except (OSError, YamlError, RecursionError):
        return
    tasks = data.get("tasks") if isinstance(data, dict) else None
    if not isinstance(tasks, dict):
        return
    shown = path.relative_to(root).as_posix()
    for name, task in tasks.items():
        directory = task.get("dir") if isinstance(task, dict) else None
        if directory is not None and (not isinstance(directory, str) or "{{" in directory):
            continue
        base = path.parent / directory if directory else path.parent
        line = key_line(node, "tasks", name, "cmds") or key_line(node, "tasks", name) or 1
        for text in _commands(task):  # (add_builds reads only its build lines)
            add_builds(text, base, path, shown, found, line, root=root)
