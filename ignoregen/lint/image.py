"""Image advice: the other ways an image gets heavy (IG701-IG705).

Only what ships is judged: the stage built (the target, else the last stage), the stages it
is built ``FROM`` (their layers are its layers), and what it ``COPY --from``'s other stages
(:mod:`ignoregen.build.stages`). Development stages and Dockerfiles ship nothing.

* IG701: the base image has a much smaller official variant (sizes from the data, dated).
* IG702: the base image is a build toolchain, and the stage builds or runs with it.
* IG703: the shipped stage installs build tools (or builds with development dependencies)
  and ships them.
* IG704: an install that includes development dependencies reaches the image, and the
  manifest declares some: said with their number and the production-only command.
* IG705: a package manager's cache stays in a shipped layer (no cache mount, no clean-up
  in the same ``RUN``).

Everything about images and installers comes from :mod:`ignoregen.knowledge.images`.
Whatever cannot be known for sure (a word that depends on a build argument, a manifest
the image does not take from the context) makes the advice say nothing: a wrong finding
is worse than a missing one.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ignoregen.build import manifests
from ignoregen.build.shell import UNKNOWN, SimpleCommand, commands
from ignoregen.build.stages import Shipping, Stage, StageGraph, Step, read_graph, ship
from ignoregen.engine.golang import clean
from ignoregen.knowledge.images import (
    Cache,
    Command,
    Image,
    ImageKnowledge,
    Manager,
    Size,
    TagPattern,
    Variant,
    load,
)
from ignoregen.lint.findings import Finding, finding
from ignoregen.render.text import human_bytes

_WORDS = re.compile(r"[-_./\s]+")
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})
_EXTRAS = re.compile(r"^(?P<path>[^\[\]]*)\[(?P<extras>[^\]]+)\]$")
_TREE_VAR = re.compile(r"^\$(\w+)(\?|!)?(.*)$")
_TREE_FLAG = re.compile(r"^\{(--?[\w-]+|argv0-prefix)\}$")
_MAX_COPY_DEPTH = 5


@dataclass(frozen=True)
class Base:
    """The image the shipped stage is built on."""

    reference: str
    """As the Dockerfile names it, build arguments resolved from their defaults."""
    repository: str
    tag: str
    stage: Stage
    """The stage whose FROM names the image."""
    image: Image | None
    variant: Variant | None
    groups: Mapping[str, str]
    """What the variant's tag pattern captured."""
    pattern: TagPattern | None

    @property
    def role(self) -> str | None:
        if self.variant is not None:
            return self.variant.role
        return self.image.role if self.image is not None else None

    @property
    def size(self) -> Size | None:
        return self.variant.size if self.variant is not None else None


@dataclass(frozen=True)
class Advice:
    finding: Finding
    bytes_saved: int | None = None


@dataclass(frozen=True)
class ImageReport:
    dockerfile: str
    """As shown to the user."""
    shipping: Shipping
    base: Base | None
    advice: tuple[Advice, ...]
    note: str = ""
    """Why nothing was judged although a stage ships (a build or base image)."""

    @property
    def findings(self) -> list[Finding]:
        return [item.finding for item in self.advice]


def advise(
    dockerfile: Path,
    context: Path,
    shown: str,
    target: str | None = None,
    *,
    relative: str | None = None,
    context_label: str = ".",
    knowledge: ImageKnowledge | None = None,
) -> ImageReport:
    """The image advice for one build.

    ``shown`` is the Dockerfile as findings name it; ``relative`` its path from the checked
    root (its words tell a development Dockerfile: ``Dockerfile.dev``, ``.devcontainer/``).
    Raises :class:`ignoregen.build.dockerfile.DockerfileError` for a file BuildKit rejects
    or a target that does not exist.
    """
    data = knowledge or load()
    graph = read_graph(dockerfile, base_env=lambda reference: _image_env(data, reference))
    shipping = ship(
        graph, target, lambda stage: _development(data, stage),
        lambda name: bool(_words(name) & data.settings.production_words),
        _file_development(data, relative if relative is not None else shown),
    )
    if shipping.shipped is None:
        return ImageReport(shown, shipping, None, ())
    judge = _Judge(data, graph, shipping, context, shown, context_label)
    note = judge.build_image()
    if note:
        return ImageReport(shown, shipping, judge.base, (), note)
    return ImageReport(shown, shipping, judge.base, tuple(judge.run()))


# -- development stages ----------------------------------------------------------------------


def _words(text: str) -> set[str]:
    return {word for word in _WORDS.split(text.lower()) if word}


def _development(data: ImageKnowledge, stage: Stage) -> str | None:
    named = _words(stage.alias or "") & data.settings.development_words
    if named:
        return f"named {stage.alias!r}"
    if _words(stage.alias or "") & data.settings.builder_words:
        return f"named {stage.alias!r}, a builder"
    for name, values in data.settings.development_env.items():
        value = stage.env.get(name)
        if value is not None and value.lower() in values:
            return f"{name}={value}"
    words: list[str] = []
    if stage.entrypoint is not None:
        words.extend(stage.entrypoint.words)
    if stage.cmd is not None and (stage.entrypoint is None or stage.entrypoint.exec_form):
        words.extend(stage.cmd.words)
    text = " ".join(words)
    for pattern in data.settings.development_commands:
        found = pattern.search(text)
        if found is not None:
            return f"it runs {found.group(0).strip() or text!r}"
    return None


def _file_development(data: ImageKnowledge, relative: str) -> str | None:
    words = _words(relative) & data.settings.development_words
    if words:
        return f"{relative!r} says {sorted(words)[0]!r}"
    return None


# -- image references ------------------------------------------------------------------------


def split_reference(data: ImageKnowledge, reference: str) -> tuple[str, str]:
    """``(repository, tag)`` of an image reference, Docker Hub mirrors folded in."""
    name = reference.split("@", 1)[0]
    tag = "latest"
    slash = name.rfind("/")
    colon = name.rfind(":")
    if colon > slash:
        name, tag = name[:colon], name[colon + 1 :]
    elif "@" in reference:
        tag = ""  # a digest alone: which variant it is cannot be told
    name = name.lower()
    for prefix in data.settings.hub_prefixes:
        if name.startswith(prefix):
            name = name[len(prefix) :]
            break
    return name, tag


def identify(data: ImageKnowledge, reference: str) -> tuple[
    str, str, Image | None, Variant | None, TagPattern | None, dict[str, str]
]:
    repository, tag = split_reference(data, reference)
    image = data.image(repository)
    if image is None or (not tag and "@" in reference):
        return repository, tag, image, None, None, {}
    for variant in image.variants:
        for pattern in variant.tags:
            match = pattern.regex.search(tag)
            if match is not None:
                groups = {k: v or "" for k, v in match.groupdict().items()}
                return repository, tag, image, variant, pattern, groups
    return repository, tag, image, None, None, {}


def _image_env(data: ImageKnowledge, reference: str) -> Mapping[str, str]:
    image = data.image(split_reference(data, reference)[0])
    return image.env if image is not None else {}


def _retag(reference: str, tag: str) -> str:
    name = reference.split("@", 1)[0]
    slash = name.rfind("/")
    colon = name.rfind(":")
    if colon > slash:
        name = name[:colon]
    return f"{name}:{tag}"


def _fill(template: str, groups: Mapping[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: groups.get(m.group(1), ""), template)


def _size(size: Size) -> str:
    return f"about {size.text}"


# -- words of a command ----------------------------------------------------------------------


def _matches(command: Command, argv: Sequence[str]) -> bool:
    """Does a simple command start with the command's words (flags between them skipped)?"""
    words = [argv[0].rsplit("/", 1)[-1]] + [w for w in argv[1:] if not w.startswith("-")]
    if len(words) < len(command.argv):
        return False
    for pattern, word in zip(command.argv, words, strict=False):
        if not fnmatch.fnmatchcase(word, pattern):
            return False
    return True


@dataclass
class _Parsed:
    """A command's flags (``--flag=value`` forms) and operands after its leading words."""

    flags: list[str] = field(default_factory=list)
    operands: list[str] = field(default_factory=list)
    values: dict[str, list[str]] = field(default_factory=dict)

    def has(self, names: Iterable[str]) -> bool:
        wanted = set(names)
        return any(flag in wanted or flag.split("=", 1)[0] in wanted for flag in self.flags)

    def value_of(self, names: Iterable[str]) -> list[str]:
        out: list[str] = []
        for name in names:
            out.extend(self.values.get(name, []))
        return out


def _parse(
    argv: Sequence[str], skip: int, taking: frozenset[str], multi: frozenset[str] = frozenset()
) -> _Parsed:
    """Split ``argv`` after its first ``skip`` non-flag words into flags and operands."""
    parsed = _Parsed()
    rest: list[str] = []
    seen = 0
    for index, word in enumerate(argv):
        if seen >= skip:
            rest = list(argv[index:])
            break
        if index == 0 or not word.startswith("-"):
            seen += 1
        else:
            parsed.flags.append(word)  # a global flag before the subcommand: apk --no-cache add
    index = 0
    while index < len(rest):
        word = rest[index]
        if word == "--":
            parsed.operands.extend(rest[index + 1 :])
            break
        if word.startswith("-") and len(word) > 1:
            name, equals, value = word.partition("=")
            if equals:
                parsed.flags.append(word)
                parsed.values.setdefault(name, []).append(value)
            elif name in multi:
                values = []
                while index + 1 < len(rest) and not rest[index + 1].startswith("-"):
                    index += 1
                    values.append(rest[index])
                parsed.flags.append(f"{name}={' '.join(values)}")
                parsed.values.setdefault(name, []).append(" ".join(values))
            elif name in taking and index + 1 < len(rest):
                index += 1
                parsed.flags.append(f"{name}={rest[index]}")
                parsed.values.setdefault(name, []).append(rest[index])
            else:
                parsed.flags.append(word)
        else:
            parsed.operands.append(word)
        index += 1
    return parsed


def _split_groups(values: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for value in values:
        out.update(part for part in re.split(r"[\s,:]+", value) if part)
    return out


def _env_matches(env: Mapping[str, str | None], table: Mapping[str, Sequence[str]]) -> bool | None:
    """True when a variable has one of its values; None when one of them is not known."""
    unknown = False
    for name, values in table.items():
        if name not in env:
            continue
        value = env[name]
        if value is None or UNKNOWN in value:
            unknown = True
        elif value.lower() in values:
            return True
    return None if unknown else False


# -- paths inside the image ------------------------------------------------------------------


def _under(path: str, ancestor: str) -> bool:
    """Is ``path`` the same as ``ancestor`` or below it? Components of ``ancestor`` may be
    globs."""
    parts = [p for p in path.split("/") if p]
    top = [p for p in ancestor.split("/") if p]
    if len(top) > len(parts):
        return False
    return all(fnmatch.fnmatchcase(part, glob) for part, glob in zip(parts, top, strict=False))


def _covers(source: str, tree: str) -> bool:
    """Does copying ``source`` (a path of another stage) take all of ``tree``?"""
    if UNKNOWN in source or UNKNOWN in tree:
        return False
    return _under(tree, posixpath.normpath("/" + source.lstrip("/")))


def _home_paths(template: str, env: Mapping[str, str | None]) -> list[str]:
    rest = template[2:]
    homes = ["/root", "/home/*"]
    home = env.get("HOME")
    if home:
        homes.insert(0, home)
    return [posixpath.join(home, rest) for home in homes]


def _shown_path(cache: Cache, paths: Sequence[str], step: Step) -> str:
    """Where the cache is, as a message says it: ``~/...`` when another user than root runs
    the command (its home is not known), else the first path."""
    user = (step.user or "root").split(":", 1)[0]
    if user not in ("root", "0"):
        home = next((template for template in cache.paths if template.startswith("~/")), None)
        if home is not None:
            return home
    return next((path for path in paths if "*" not in path), paths[0])


def _removed(later: Sequence[SimpleCommand], paths: Sequence[str]) -> bool:
    """Does a later ``rm`` of the same RUN remove one of the paths (or a directory above)?"""
    for command in later:
        if command.program != "rm":
            continue
        for word in command.argv[1:]:
            if word.startswith("-") or UNKNOWN in word:
                continue
            target = posixpath.normpath(word.removesuffix("/*").removesuffix("/"))
            if target.startswith("~/"):
                targets = _home_paths(target, command.env)
            elif target.startswith("/"):
                targets = [target]
            else:
                targets = [posixpath.join(command.cwd, target)]
            for candidate in targets:
                globs = [part for part in candidate.split("/") if part]
                for path in paths:
                    parts = [part for part in path.split("/") if part]
                    if len(globs) <= len(parts) and all(
                        fnmatch.fnmatchcase(a, b) or fnmatch.fnmatchcase(b, a)
                        for a, b in zip(parts, globs, strict=False)
                    ):
                        return True
    return False


def _cache_paths(cache: Cache, env: Mapping[str, str | None]) -> list[str] | None:
    """Where the cache lives; None when it depends on something unknown."""
    chosen: list[str] = []
    literal: list[str] = []
    for template in cache.paths:
        if template.startswith("$"):
            name, _, rest = template[1:].partition("/")
            if name in env:
                value = env[name]
                if value is None or UNKNOWN in value:
                    return None
                chosen.append(posixpath.join(value, rest) if rest else value)
        elif template.startswith("~/"):
            literal.extend(_home_paths(template, env))
        else:
            literal.append(template)
    return chosen or literal


def _mount_covers(step: Step, paths: Sequence[str]) -> bool:
    """Does a mount of the RUN sit on (or around, or inside) one of the cache's paths?

    Writes under a mount do not reach the layer; one inside the cache is taken as covering
    it too, so as never to report a cache that is (maybe) mounted.
    """
    for mount in step.mounts:
        if not mount.target or UNKNOWN in mount.target:
            continue
        target = [part for part in mount.target.split("/") if part]
        for path in paths:
            globs = [part for part in path.split("/") if part]
            if all(fnmatch.fnmatchcase(a, b) for a, b in zip(target, globs, strict=False)):
                return True
    return False


# -- the judge -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Install:
    """A dependency install that includes development dependencies."""

    stage: Stage
    step: Step
    command: SimpleCommand
    manager: Manager
    project: str
    manifest: str
    """Context-relative."""
    count: int
    groups: tuple[str, ...]
    form: str
    """The production-only form of the command."""
    trees: tuple[str, ...]
    """Absolute paths in the image where the dependencies went (when known)."""
    order: tuple[int, int]
    """Where the install is in its stage chain."""


@dataclass
class _Run:
    """One simple command of a RUN, in order."""

    stage: Stage
    step: Step
    command: SimpleCommand
    position: int
    """Order of the step within its stage chain (the same in every chain that holds it)."""
    index: int
    """Order of the command within its RUN."""
    later: list[SimpleCommand]
    """The commands after it in the same RUN."""

    @property
    def order(self) -> tuple[int, int]:
        return (self.position, self.index)

    @property
    def text(self) -> str:
        """The command with its program's base name (``/usr/local/bin/pip`` is ``pip``)."""
        argv = self.command.argv
        return " ".join([posixpath.basename(argv[0]), *argv[1:]]) if argv else ""


class _Judge:
    def __init__(
        self,
        data: ImageKnowledge,
        graph: StageGraph,
        shipping: Shipping,
        context: Path,
        shown: str,
        context_label: str,
    ) -> None:
        self.data = data
        self.graph = graph
        self.shipping = shipping
        self.context = context
        self.shown = shown
        self.label = context_label
        assert shipping.shipped is not None
        self.shipped: Stage = shipping.shipped
        self.base = self._base()
        self._runs: dict[int, list[_Run]] = {}

    # - facts -

    def _base(self) -> Base | None:
        root = self.graph.image(self.shipped)
        if root.base is None or root.base.lower() == "scratch":
            return None
        repository, tag, image, variant, pattern, groups = identify(self.data, root.base)
        return Base(root.base, repository, tag, root, image, variant, groups, pattern)

    def runs(self, stage: Stage) -> list[_Run]:
        """Every simple command of the stage's chain, in order."""
        if stage.index in self._runs:
            return self._runs[stage.index]
        out: list[_Run] = []
        position = 0
        for member in self.graph.chain(stage):
            for step in member.steps:
                position += 1
                if step.instruction != "RUN" or not step.posix:
                    continue
                if step.script is not None:
                    found = commands(step.script, step.env, step.workdir)
                    if found is None:
                        continue
                else:
                    argv = tuple(step.argv or ())
                    found = [SimpleCommand(argv, step.workdir, dict(step.env), " ".join(argv))]
                for index, command in enumerate(found):
                    if command.argv:
                        out.append(_Run(member, step, command, position, index,
                                        found[index + 1 :]))
        self._runs[stage.index] = out
        return out

    def steps(self, stage: Stage) -> list[Step]:
        return [step for member in self.graph.chain(stage) for step in member.steps]

    def finding(self, rule_id: str, message: str, line: int, hint: str | None = None) -> Finding:
        if hint is not None:
            hint = hint.replace(UNKNOWN, "…")
        return finding(rule_id, message.replace(UNKNOWN, "…"), self.shown, line, hint=hint,
                       context=self.label)

    def build_image(self) -> str:
        """Why the shipped stage is a build or base image rather than an application: it
        has no CMD or ENTRYPOINT and it builds. Empty when it is an application."""
        if self.graph.command(self.shipped):
            return ""
        for run in self.runs(self.shipped):
            if run.command.conditional:
                continue
            for step in self.data.build_steps:
                if step.pattern.search(run.text):
                    return (
                        f"stage {self.shipped.label()} has no CMD or ENTRYPOINT and builds "
                        f"({run.text} at line {run.step.line}): a build or base image, not an "
                        "application; nothing is judged"
                    )
        return ""

    # - the rules -

    def run(self) -> Iterator[Advice]:
        toolchain = self.toolchain()
        if toolchain is not None:
            yield toolchain
        else:
            heavy = self.heavy_base()
            if heavy is not None:
                yield heavy
        installs = list(self.shipped_installs())
        yield from self.dev_dependencies(installs)
        if toolchain is None:
            single = self.single_stage(installs)
            if single is not None:
                yield single
        yield from self.caches()

    def where(self, stage: Stage) -> str:
        """A stage of the shipped chain, as messages name it."""
        if stage is self.shipped:
            return f"the shipped stage {stage.label()}"
        return f"stage {stage.label()} (the shipped stage {self.shipped.label()} is built " \
            "FROM it)"

    # IG701
    def heavy_base(self) -> Advice | None:
        base = self.base
        if base is None or base.image is None or base.variant is None or base.pattern is None:
            return None
        variant = base.variant
        if variant.role != "runtime" or variant.smaller is None or variant.size is None:
            return None
        smaller = base.image.variant(variant.smaller)
        if smaller is None or smaller.size is None or base.pattern.smaller is None:
            return None
        saved = variant.size.bytes - smaller.size.bytes
        if saved < self.data.settings.min_saved:
            return None
        suggestion = _retag(base.reference, _fill(base.pattern.smaller, base.groups))
        message = (
            f"{base.reference} ({_size(variant.size)} compressed) is the base of "
            f"{self.where(base.stage)}; {suggestion} is {_size(smaller.size)}, "
            f"{human_bytes(saved)} less (sizes of {variant.size.of} and {smaller.size.of}, "
            f"linux/amd64, measured {smaller.size.measured})"
        )
        notes = [self.data.caveats[name] for name in smaller.caveats]
        if variant.also:
            notes.append(variant.also)
        hint = f"FROM {suggestion}" + "".join(f"; {note}" for note in notes)
        return Advice(self.finding("IG701", message, base.stage.line, hint), saved)

    # IG702
    def toolchain(self) -> Advice | None:
        base = self.base
        if base is None or base.image is None or base.role != "toolchain":
            return None
        image = base.image
        started = self.graph.command(self.shipped)
        if not started:
            return None  # no CMD/ENTRYPOINT of its own: a base or tool image, not an app
        texts = [run.text for run in self.runs(self.shipped) if not run.command.conditional]
        texts += [_basename_text(instruction.words) for instruction in started]
        used = next(
            (text for text in texts for pattern in image.evidence if pattern.search(text)),
            None,
        )
        if image.evidence and used is None:
            return None
        everything = "\n".join(
            texts + [run.step.text for run in self.runs(self.shipped)]
            + [f"{k}={v}" for k, v in self.shipped.env.items()]
        )
        runtime = next(
            (
                entry for entry in image.runtimes
                if all(base.groups.get(name) for name in entry.requires)
                and (entry.when is None or entry.when.search(everything))
            ),
            None,
        )
        if runtime is None:
            return None
        runtime_ref = _fill(runtime.image, base.groups)
        size = base.size
        saved = None
        weight = f" ({_size(size)} compressed)" if size is not None else ""
        lighter = ""
        if size is not None and runtime.size is not None:
            saved = size.bytes - runtime.size.bytes
            lighter = f", {human_bytes(saved)} less (measured {runtime.size.measured})"
        why = f" ('{used}')" if used is not None else ""
        message = (
            f"{base.reference} is a build toolchain{weight} and it ships as the base of "
            f"{self.where(base.stage)}{why}; {runtime_ref} runs the result{lighter}"
        )
        hint = _fill(runtime.sketch, {**base.groups, "image": base.reference,
                                      "runtime": runtime_ref})
        hint += "".join(f"; {self.data.caveats[name]}" for name in runtime.caveats)
        return Advice(self.finding("IG702", message, base.stage.line, hint), saved)

    # IG703
    def single_stage(self, installs: Sequence[_Install]) -> Advice | None:
        evidence: list[tuple[int, str]] = []
        runs = [run for run in self.runs(self.shipped) if not run.command.conditional]
        for run in runs:
            packages = self._build_packages(run)
            if packages:
                shown = ", ".join(packages[:4]) + (f" and {len(packages) - 4} more"
                                                    if len(packages) > 4 else "")
                evidence.append((run.step.line, f"installs build tools ({shown})"))
        dev_installed = bool(installs)
        for run in runs:
            for step in self.data.build_steps:
                if not step.pattern.search(run.text):
                    continue
                if step.needs == "dev-dependencies" and dev_installed:
                    evidence.append((run.step.line, f"builds ({run.command.text}) with the "
                                     "development dependencies installed there"))
                elif step.needs == "toolchain" and evidence:
                    evidence.append((run.step.line, f"builds ({run.command.text})"))
        if not evidence:
            return None
        evidence.sort()
        line, first = evidence[0]
        rest = "; ".join(f"line {n} {what}" for n, what in evidence[1:4])
        stage = next(run.stage for run in self.runs(self.shipped) if run.step.line == line)
        message = (
            f"{self.where(stage)} {first} at line {line} and ships them with the result"
            + (f"; {rest}" if rest else "")
        )
        hint = (
            "build in a separate stage (FROM ... AS build) and COPY --from=build only the "
            "result into a stage without the tools; or remove them in the same RUN"
        )
        return Advice(self.finding("IG703", message, line, hint))

    def _build_packages(self, run: _Run) -> list[str]:
        for manager in self.data.os_packages:
            if not any(_matches(command, run.command.argv) for command in manager.install):
                continue
            skip = len(next(c for c in manager.install if _matches(c, run.command.argv)).argv)
            parsed = _parse(run.command.argv, skip,
                            frozenset(manager.value_flags + manager.virtual_flags))
            virtual = set(parsed.value_of(manager.virtual_flags))
            names = [re.split(r"[=<>~]", word, maxsplit=1)[0] for word in parsed.operands
                     if UNKNOWN not in word and word not in virtual]
            build = [name for name in names
                     if any(fnmatch.fnmatchcase(name, glob) for glob in manager.build)]
            if not build:
                return []
            removed = any(
                _matches(command, later.argv)
                for later in run.later for command in manager.remove
            )
            return [] if removed else build
        return []

    # IG704
    def shipped_installs(self) -> Iterator[_Install]:
        for run in self.runs(self.shipped):
            if run.command.conditional:
                continue
            install = self._install(run)
            if install is not None:
                yield install

    def dev_dependencies(self, installs: Sequence[_Install]) -> Iterator[Advice]:
        for install in installs:
            yield Advice(self._install_finding(install))
        reported: set[tuple[int, int]] = set()
        whole = {stage.index for stage in self.shipping.whole}
        for step, source in self.shipping.copies:
            if source.index in whole:
                continue  # its layers ship anyway
            for taken in step.sources:
                if taken is None:
                    continue
                for install in self._reaching(source, taken, 0):
                    key = (step.line, install.step.line)
                    if key in reported:
                        continue
                    reported.add(key)
                    yield Advice(self._copy_finding(step, source, taken, install))

    def _install_finding(self, install: _Install) -> Finding:
        pruned = self._pruned_later(install, self.shipped)
        message = (
            f"{install.command.text} installs the {_declared(install)} into "
            f"{self.where(install.stage)}"
        )
        if pruned is not None:
            message += f" (line {pruned} removes them later, but this layer keeps their bytes)"
        hint = f"install production-only: {install.form}"
        if any(step.needs == "dev-dependencies" and step.pattern.search(run.text)
               for run in self.runs(self.shipped) for step in self.data.build_steps):
            hint += "; if the build needs them, build in a separate stage and copy the result"
        return self.finding("IG704", message, install.step.line, hint)

    def _copy_finding(self, step: Step, source: Stage, taken: str, install: _Install) -> Finding:
        message = (
            f"COPY --from={source.name} {taken} brings the {_declared(install)}, installed at "
            f"line {install.step.line} ({install.command.text}), into the shipped stage "
            f"{self.shipped.label()}"
        )
        hint = (
            f"install production-only in the stage copied from: {install.form} (or prune "
            "before the copy)"
        )
        return self.finding("IG704", message, step.line, hint)

    def _reaching(self, stage: Stage, taken: str, depth: int) -> Iterator[_Install]:
        """Development installs of ``stage``'s chain whose tree ``taken`` copies whole."""
        if depth > _MAX_COPY_DEPTH:
            return
        for run in self.runs(stage):
            if run.command.conditional:
                continue
            install = self._install(run)
            if install is None or not any(_covers(taken, tree) for tree in install.trees):
                continue
            if self._pruned_later(install, stage) is None:
                yield install
        for member in self.graph.chain(stage):
            for step in member.steps:
                inner = self.graph.source(step, member.index)
                if inner is None:
                    continue
                for source in step.sources:
                    if source is None:
                        continue
                    if _covers(taken, step.dest):
                        yield from self._reaching(inner, source, depth + 1)
                    elif _under(taken, step.dest) and UNKNOWN not in taken:
                        inside = posixpath.relpath(taken, step.dest)
                        yield from self._reaching(
                            inner, posixpath.join(source, inside), depth + 1
                        )

    def _pruned_later(self, install: _Install, stage: Stage) -> int | None:
        """The line of a later production-only prune or reinstall of the same tree, in the
        chain of ``stage``."""
        for run in self.runs(stage):
            if run.order <= install.order:
                continue
            for manager in self.data.managers:
                for command in manager.commands:
                    if not _matches(command, run.command.argv):
                        continue
                    project = self._project(run.command, manager, command)
                    if project != install.project:
                        continue
                    parsed = _parse(run.command.argv, len(command.argv), manager.taking_value)
                    if command.kind == "prune" and self._production(manager, parsed,
                                                                    run.command.env):
                        return run.step.line
                    if (
                        command.kind == "install" and manager is install.manager
                        and self._install(run) is None
                        and self._production(manager, parsed, run.command.env)
                    ):
                        return run.step.line
        return None

    def _production(self, manager: Manager, parsed: _Parsed, env: Mapping[str, str | None]) -> bool:
        if parsed.has(manager.include_dev_flags):
            return False
        return parsed.has(manager.production_flags) or _env_matches(
            env, manager.production_env
        ) is True

    def _project(self, command: SimpleCommand, manager: Manager, entry: Command) -> str | None:
        if UNKNOWN in command.cwd:
            return None
        parsed = _parse(command.argv, len(entry.argv), manager.taking_value)
        directories = parsed.value_of(manager.dir_flags)
        if directories:
            target = directories[-1]
            if UNKNOWN in target:
                return None
            if posixpath.basename(target) == manager.manifest:
                target = posixpath.dirname(target) or "."
            return posixpath.normpath(posixpath.join(command.cwd, target))
        return command.cwd

    def _install(self, run: _Run) -> _Install | None:
        """The run as a development-inclusive install, or None."""
        candidates = [
            (manager, command) for manager in self.data.managers
            for command in manager.commands
            if command.kind == "install" and _matches(command, run.command.argv)
        ]
        for manager, command in candidates:
            parsed = _parse(run.command.argv, len(command.argv), manager.taking_value,
                            frozenset(manager.multi_value_flags))
            if command.no_operands and parsed.operands:
                continue  # installs named packages, not the project
            if manager.selection == "operands":
                return self._operands_install(run, manager, command, parsed)
            project = self._project(run.command, manager, command)
            if project is None or manager.manifest is None:
                return None
            manifest = self._locate(run, posixpath.join(project, manifest_name(manager)))
            if manifest is None:
                continue  # this manager's manifest is not there; maybe another one's is
            if not self._applies(manager, manifest):
                continue
            return self._groups_install(run, manager, command, parsed, project, manifest)
        return None

    def _applies(self, manager: Manager, manifest: str) -> bool:
        if not manager.when_files and not manager.when_field:
            return True
        folder = self.context / posixpath.dirname(manifest)
        if any((folder / name).exists() or (self.context / name).exists()
               for name in manager.when_files):
            return True
        document = manifests.load(self.context / manifest, manager.format)
        return any(
            isinstance(manifests.lookup(document, key), str)
            and pattern.search(manifests.lookup(document, key)) is not None
            for key, pattern in manager.when_field.items()
        )

    def _locate(self, run: _Run, image_path: str) -> str | None:
        """The context path a file of the image came from, by the COPY steps before ``run``."""
        steps = self.steps(run.stage)
        before = steps[: run.position - 1]
        return locate(before, image_path, self.context)

    def _unknown(self, run: _Run, manager: Manager) -> bool:
        if any(UNKNOWN in word for word in run.command.argv):
            return True
        names = list(manager.production_env) + list(manager.without_env) + list(manager.only_env)
        return any(name in run.command.env and run.command.env[name] is None for name in names)

    def _groups_install(
        self,
        run: _Run,
        manager: Manager,
        command: Command,
        parsed: _Parsed,
        project: str,
        manifest: str,
    ) -> _Install | None:
        if self._unknown(run, manager):
            return None
        path = self.context / manifest
        env = run.command.env
        for config_file, pattern in manager.production_config:
            for folder in {posixpath.dirname(manifest), "."}:
                try:
                    text = (self.context / folder / config_file).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    continue
                if pattern.search(text):
                    return None
        declared: dict[str, tuple[int, bool, bool, bool]] = {}  # count, dev, optional, extra
        shown: dict[str, str] = {}
        members: list[tuple[str, frozenset[str]]] | None = None
        dev_names = self.data.settings.development_groups
        if manager.format == "gemfile":
            members = manifests.gemfile(path)
            if members is None:
                return None
            for _, groups in members:
                for group in groups:
                    count, _, _, _ = declared.get(group, (0, False, False, False))
                    declared[group] = (count + 1, group.lower() in dev_names, False, False)
        else:
            document = manifests.load(path, manager.format)
            if document is None:
                return None
            for key in manager.groups:
                for found in manifests.groups_at(document, key.key, key.name):
                    optional = key.optional_key is not None and manifests.truthy(
                        document, key.optional_key.replace("*", found.name)
                    )
                    dev = key.dev or found.name.lower() in dev_names
                    count = declared.get(found.name, (0, dev, optional, key.extra))[0]
                    declared[found.name] = (count + found.count, dev, optional, key.extra)
                    shown[found.name] = key.key if "*" not in key.key else found.name
        if not declared:
            return None
        selected = self._select(manager, parsed, env, run, declared, manifest)
        if selected is None:
            return None
        if members is not None:
            shipped = [
                (gem, groups) for gem, groups in members
                if groups & selected and all(g.lower() in dev_names for g in groups)
            ]
            count = len(shipped)
            names = sorted({g for _, groups in shipped for g in groups} & selected)
        else:
            chosen = [g for g in sorted(selected) if g in declared and declared[g][1]]
            count = sum(declared[g][0] for g in chosen)
            names = chosen
        labels = tuple(shown.get(name, name) for name in names)
        if count == 0:
            return None
        excluded = sorted(_split_groups(self._without(manager, parsed, env, run)) | set(names))
        form = production_form(manager, run.command.argv, parsed, excluded)
        return _Install(run.stage, run.step, run.command, manager, project, manifest, count,
                        labels, form, self._trees(manager, run.command, parsed, project),
                        run.order)

    def _without(
        self, manager: Manager, parsed: _Parsed, env: Mapping[str, str | None], run: _Run
    ) -> list[str]:
        values = parsed.value_of(manager.without_flags)
        values += [env[name] or "" for name in manager.without_env if env.get(name)]
        values += self._config(manager, run).get("without", [])
        return values

    def _config(self, manager: Manager, run: _Run) -> dict[str, list[str]]:
        """Settings made by earlier config commands (``bundle config set without ...``)."""
        out: dict[str, list[str]] = {}
        if not manager.config_commands:
            return out
        for earlier in self.runs(run.stage):
            if earlier.order >= run.order:
                break
            for command in manager.config_commands:
                if not _matches(command, earlier.command.argv):
                    continue
                parsed = _parse(earlier.command.argv, len(command.argv), frozenset())
                if len(parsed.operands) >= 2 and parsed.operands[0] in manager.config_keys:
                    key = manager.config_keys[parsed.operands[0]]
                    out.setdefault(key, []).append(" ".join(parsed.operands[1:]))
                break
        return out

    def _select(
        self,
        manager: Manager,
        parsed: _Parsed,
        env: Mapping[str, str | None],
        run: _Run,
        declared: Mapping[str, tuple[int, bool, bool, bool]],
        manifest: str,
    ) -> set[str] | None:
        """The groups the command installs; None when that cannot be known."""
        regular = {g for g, (_, _, optional, extra) in declared.items()
                   if not optional and not extra}
        default: str | Sequence[str] = manager.default_groups
        if manager.default_groups_key is not None:
            document = manifests.load(self.context / manifest, manager.format)
            value = manifests.lookup(document, manager.default_groups_key)
            if value == "all" or (isinstance(value, list)
                                  and all(isinstance(v, str) for v in value)):
                default = value
        selected = set(regular) if default == "all" else set(default) & set(declared)
        production = self._production(manager, parsed, env)
        if not production and _env_matches(env, manager.production_env) is None:
            return None
        selected -= _split_groups(self._without(manager, parsed, env, run))
        only = parsed.value_of(manager.only_flags)
        only += [env[name] or "" for name in manager.only_env if env.get(name)]
        only += self._config(manager, run).get("only", [])
        if only:
            selected = _split_groups(only) & set(declared)
        selected |= _split_groups(parsed.value_of(manager.with_flags)) & set(declared)
        if parsed.has(manager.all_flags):
            selected |= {g for g, (_, _, _, extra) in declared.items() if not extra}
        extras = {g for g, (_, _, _, extra) in declared.items() if extra}
        selected |= _split_groups(parsed.value_of(manager.extra_flags)) & extras
        if parsed.has(manager.all_extras_flags):
            selected |= extras
        if parsed.has(manager.include_dev_flags):
            selected |= {g for g, (_, dev, _, extra) in declared.items() if dev and not extra}
        elif production:
            selected -= {g for g, (_, dev, _, _) in declared.items() if dev}
        return selected

    def _operands_install(
        self, run: _Run, manager: Manager, command: Command, parsed: _Parsed
    ) -> _Install | None:
        """pip-style: the requirements files and extras named on the command line."""
        del command
        if any(UNKNOWN in word for word in run.command.argv) or UNKNOWN in run.command.cwd:
            return None
        dev_files = self.data.settings.requirement_files
        dev_names = self.data.settings.development_groups
        count = 0
        found: list[str] = []
        dropped: list[str] = []
        runtime: list[str] = []
        manifest = ""
        for value in parsed.value_of(manager.requirement_flags):
            located = self._locate(run, posixpath.join(run.command.cwd, value))
            if located is None:
                continue
            files = manifests.requirements(self.context / located)
            if files is None:
                continue
            dev_here = False
            for path, lines in files:
                relative = path.relative_to(self.context).as_posix() if path.is_relative_to(
                    self.context) else path.as_posix()
                if lines and _dev_file(relative, dev_files):
                    count += lines
                    found.append(relative)
                    manifest = manifest or relative
                    dev_here = dev_here or path == files[0][0]
                elif dev_here and path != files[0][0]:
                    runtime.append(posixpath.join(posixpath.dirname(value), path.name))
            if dev_here:
                dropped.append(value)
        for operand in parsed.operands + parsed.value_of(manager.operand_flags):
            match = _EXTRAS.match(operand)
            if match is None or manager.extras_manifest is None or manager.extras_key is None:
                continue
            folder = match.group("path") or "."
            if not folder.startswith((".", "/")) and "/" not in folder:
                continue  # a package with extras, not a local project
            image_path = posixpath.join(run.command.cwd, folder, manager.extras_manifest)
            located = self._locate(run, posixpath.normpath(image_path))
            if located is None:
                continue
            document = manifests.load(self.context / located, "toml")
            table = manifests.lookup(document, manager.extras_key)
            if not isinstance(table, dict):
                continue
            for extra in (e.strip() for e in match.group("extras").split(",")):
                if extra.lower() in dev_names and isinstance(table.get(extra), list):
                    count += len(table[extra])
                    found.append(f"[{extra}]")
                    manifest = manifest or located
        if count == 0:
            return None
        form = production_form(manager, run.command.argv, parsed, [], dropped + [
            name for name in found if name.startswith("[")
        ], runtime)
        return _Install(run.stage, run.step, run.command, manager, run.command.cwd, manifest,
                        count, tuple(found), form,
                        self._trees(manager, run.command, parsed, run.command.cwd), run.order)

    def _trees(
        self, manager: Manager, command: SimpleCommand, parsed: _Parsed, project: str
    ) -> tuple[str, ...]:
        """Where the installed dependencies live: the first template that is known."""
        env = command.env
        for template in manager.trees:
            flag = _TREE_FLAG.match(template)
            if flag is not None:
                name = flag.group(1)
                if name == "argv0-prefix":
                    program = command.argv[0]
                    if program.startswith("/") and posixpath.basename(
                        posixpath.dirname(program)
                    ) == "bin":
                        return (posixpath.dirname(posixpath.dirname(program)),)
                    continue
                values = parsed.value_of([name])
                if values and UNKNOWN not in values[-1]:
                    return (posixpath.normpath(posixpath.join(command.cwd, values[-1])),)
                continue
            variable = _TREE_VAR.match(template)
            if variable is not None:
                name, condition, rest = variable.groups()
                value = env.get(name)
                if value is None or UNKNOWN in value:
                    continue
                if condition == "?":
                    if value.lower() in _TRUE:
                        return (posixpath.normpath(posixpath.join(project, rest)),)
                    continue
                if condition == "!":
                    if value.lower() in _FALSE:
                        return (posixpath.normpath(posixpath.join(project, rest)),)
                    continue
                return (posixpath.normpath(posixpath.join(command.cwd, value + rest)),)
            return (posixpath.normpath(posixpath.join(project, template)),)
        return ()

    # IG705
    def caches(self) -> Iterator[Advice]:
        seen: set[tuple[int, str]] = set()
        for run in self.runs(self.shipped):
            if run.command.conditional:
                continue
            for cache in self.data.caches:
                entry = next((c for c in cache.commands if _matches(c, run.command.argv)), None)
                if entry is None or (run.step.line, cache.name) in seen:
                    continue
                advice = self._cache(run, cache, entry)
                if advice is not None:
                    seen.add((run.step.line, cache.name))
                    yield advice

    def _cache(self, run: _Run, cache: Cache, entry: Command) -> Advice | None:
        if any((self.context / name).exists() for name in cache.unless_files):
            return None
        parsed = _parse(run.command.argv, len(entry.argv), frozenset())
        if entry.no_operands and parsed.operands:
            return None
        if parsed.has(cache.disabled_flags):
            return None
        if any(name in run.command.env for name in cache.disabled_env):
            return None
        if cache.trivial_operands and parsed.operands and all(
            operand in cache.trivial_operands for operand in parsed.operands
        ):
            return None
        later = "\n".join(
            text for command in run.later
            for text in (command.text, " ".join(w for w in command.argv if not w.startswith("-")))
        )
        if any(pattern.search(later) for pattern in cache.cleaned_by):
            return None
        paths = _cache_paths(cache, run.command.env)
        moved = _parse(run.command.argv, len(entry.argv), frozenset(cache.location_flags))
        located = moved.value_of(cache.location_flags)
        if located:
            if UNKNOWN in located[-1] or UNKNOWN in run.command.cwd:
                return None
            paths = [posixpath.normpath(posixpath.join(run.command.cwd, located[-1]))]
        if paths is None or _mount_covers(run.step, paths) or _removed(run.later, paths):
            return None
        if not paths and run.step.mounts:
            return None
        shown = located[-1] if located else _shown_path(cache, paths, run.step) if paths else ""
        where = f" ({shown})" if shown else ""
        message = f"{run.command.text} leaves {cache.name}{where} in a layer of " \
            f"{self.where(run.stage)}"
        return Advice(self.finding("IG705", message, run.step.line, cache.fix))


# -- helpers shared with explain and the tests -----------------------------------------------


def _declared(install: _Install) -> str:
    noun = "dependency" if install.count == 1 else "dependencies"
    groups = [g for g in install.groups if g != install.manifest]
    where = f" ({', '.join(groups)})" if groups else ""
    return f"{install.count} development {noun} declared in {install.manifest}{where}"


def _basename_text(words: Sequence[str]) -> str:
    text = " ".join(words)
    if len(words) == 1:
        text = words[0].strip()
    head, _, rest = text.partition(" ")
    return " ".join(part for part in (posixpath.basename(head), rest) if part)


def manifest_name(manager: Manager) -> str:
    return manager.manifest or ""


def _dev_file(path: str, globs: Sequence[str]) -> bool:
    return any(
        fnmatch.fnmatchcase(path, glob) or fnmatch.fnmatchcase(path, "*/" + glob)
        for glob in globs
    )


def locate(steps: Sequence[Step], image_path: str, context: Path) -> str | None:
    """The context-relative file that ``COPY``/``ADD`` put at ``image_path``, if any.

    The latest copy that could have written it and whose source exists wins; a file that
    came from another stage or from nowhere gives None.
    """
    if UNKNOWN in image_path:
        return None
    target = posixpath.normpath(image_path)
    for step in reversed(steps):
        if step.instruction not in ("COPY", "ADD") or step.from_stage is not None:
            continue
        if UNKNOWN in step.dest:
            continue
        for source in step.sources:
            if source is None:
                continue
            for candidate in _candidates(source, step, target, context):
                if (context / candidate).is_file():
                    return candidate
    return None


def _candidates(source: str, step: Step, target: str, context: Path) -> Iterator[str]:
    cleaned = clean(source.lstrip("/")) if source not in ("/", "") else "."
    dest = step.dest
    if any(c in cleaned for c in "*?["):
        folder, _, pattern = cleaned.rpartition("/")
        if posixpath.dirname(target) == dest and fnmatch.fnmatchcase(
            posixpath.basename(target), pattern
        ):
            yield posixpath.join(folder, posixpath.basename(target)) if folder else \
                posixpath.basename(target)
        return
    if cleaned == "." or (context / cleaned).is_dir():
        if _under(target, dest) and target != dest:
            inside = posixpath.relpath(target, dest)
            yield inside if cleaned == "." else posixpath.join(cleaned, inside)
        return
    if target == posixpath.join(dest, posixpath.basename(cleaned)) or (
        target == dest and not step.dest_is_dir
    ):
        yield cleaned


def production_form(
    manager: Manager,
    argv: Sequence[str],
    parsed: _Parsed,
    excluded: Sequence[str],
    dev_operands: Sequence[str] = (),
    runtime_files: Sequence[str] = (),
) -> str:
    """The same command, production-only."""
    production = manager.production
    if production.replace is not None:
        return production.replace
    words = list(argv)
    if production.drop_dev_operands:
        out: list[str] = []
        skip = False
        for index, word in enumerate(words):
            if skip:
                skip = False
                continue
            if word in manager.requirement_flags and index + 1 < len(words) and (
                words[index + 1] in dev_operands
            ):
                skip = True
                continue
            match = _EXTRAS.match(word)
            if match is not None and any(f"[{e.strip()}]" in dev_operands
                                         for e in match.group("extras").split(",")):
                kept = [e.strip() for e in match.group("extras").split(",")
                        if f"[{e.strip()}]" not in dev_operands]
                word = match.group("path") + (f"[{','.join(kept)}]" if kept else "")
                if not word:
                    word = "."
            out.append(word)
        for name in runtime_files:
            if name not in out:
                out.extend([manager.requirement_flags[0], name])
        if len(out) <= len([w for w in out if w.startswith("-")]) + 2 and not runtime_files:
            return " ".join(out) + " (with the runtime requirements only)"
        return " ".join(out)
    removed = set(production.remove)
    out = []
    skip = False
    taking = manager.taking_value
    for word in words:
        if skip:
            skip = False
            continue
        name = word.split("=", 1)[0]
        if word in removed or name in removed:
            skip = "=" not in word and name in taking
            continue
        out.append(word)
    groups = production.join.join(excluded) if excluded else ""
    out.extend(_fill(word, {"groups": groups}) for word in production.append)
    text = " ".join(out)
    if production.prefix is not None:
        text = _fill(production.prefix, {"groups": groups}) + text
    del parsed
    return text
