"""Image advice, judging: what each shipped RUN installs and ships, the findings IG701-IG705,
and the production-only form of an install."""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from ignoregen import fileio
from ignoregen.build import manifests
from ignoregen.build.shell import UNKNOWN, SimpleCommand, commands
from ignoregen.build.stages import Shipping, Stage, StageGraph, Step
from ignoregen.knowledge.image_records import Cache, Command, ImageKnowledge, Manager
from ignoregen.lint.findings import Finding, finding
from ignoregen.lint.image.installs import (
    _basename_text,
    _declared,
    _dev_file,
    _Install,
    _Run,
    locate,
    manifest_name,
    mounted_from_context,
    production_form,
    workspace_member,
)
from ignoregen.lint.image.offered import offered_smaller
from ignoregen.lint.image.reading import (
    _cache_paths,
    _covers,
    _dev_libraries,
    _env_matches,
    _fill,
    _matches,
    _mount_covers,
    _mounted_over,
    _parse,
    _Parsed,
    _removed,
    _retag,
    _set_by_env,
    _shown_path,
    _size,
    _split_groups,
    _under,
    identify,
)
from ignoregen.lint.image.records import (
    _EXTRAS,
    _FALSE,
    _MAX_COPY_DEPTH,
    _TREE_FLAG,
    _TREE_VAR,
    _TRUE,
    Advice,
    Base,
)
from ignoregen.lint.image.start_needs import (
    boots_through_dev,
    run_scripts,
    scripts_note,
    start_needs_dev,
    start_note,
)
from ignoregen.lint.image.unjudged import built_elsewhere, starts_build_tool, toolchain_image
from ignoregen.render.text import human_bytes


class _Judge:
    def __init__(
        self,
        data: ImageKnowledge,
        graph: StageGraph,
        shipping: Shipping,
        context: Path,
        shown: str,
        context_label: str,
        started_by_compose: bool = False,
    ) -> None:
        self.data = data
        self.graph = graph
        self.shipping = shipping
        self.context = context
        self.shown = shown
        self.label = context_label
        self.started_by_compose = started_by_compose
        """A compose service runs a command in the image: an application even without a
        CMD or ENTRYPOINT of its own."""
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

    # - the rules -

    def run(self) -> Iterator[Advice]:
        toolchain = self.toolchain()
        if toolchain is not None:
            yield toolchain
        else:
            heavy = self.heavy_base()
            if heavy is not None:
                yield heavy
        installs = [i for i in self.shipped_installs() if not self._started(i)]
        yield from self.dev_dependencies(installs)
        if toolchain is None and not toolchain_image(self):  # IG702's ground, or the point
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
        if offered_smaller(self.data, self.graph, base.image, variant):
            return None  # the project publishes the smaller variant too: a choice offered
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
        shown = " ".join(used.split()) if used is not None else ""  # one line, as evidence
        shown = shown if len(shown) <= 72 else shown[:69] + "..."
        why = f" ('{shown}')" if used is not None else ""
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
        libraries = False
        only_libraries = True  # every build tool a library's -dev package (saleor's libxslt1-dev)
        tools: dict[int, list[str]] = {}  # a RUN's installs, said once (jumpserver's two)
        named: dict[str, str] = {}  # the hint's words, in the first library manager's names
        for run in runs:
            packages = self._build_packages(run)
            library, words = _dev_libraries(packages, run.command.argv, self.data.os_packages)
            named = named or words
            libraries = libraries or bool(library)
            only_libraries = only_libraries and len(library) == len(packages)
            said = tools.setdefault(run.step.line, [])
            said += [name for name in packages if name not in said]
        for at, packages in tools.items():
            if packages:
                shown = ", ".join(packages[:4]) + (f" and {len(packages) - 4} more"
                                                    if len(packages) > 4 else "")
                evidence.append((at, f"installs build tools ({shown})"))
        dev_installed = {install.manager.origin for install in installs}
        for run in runs:
            for step in self.data.build_steps:
                if not step.pattern.search(run.text):
                    continue
                if step.needs == "dev-dependencies" and step.origin in dev_installed:
                    evidence.append((run.step.line, f"builds ({run.command.text}) with the "
                                     "development dependencies installed there"))
                elif step.needs in ("toolchain", "build-tools") and evidence:
                    evidence.append((run.step.line, f"builds ({run.command.text})"))
        if not evidence or starts_build_tool(self):
            return None
        if not self.graph.command(self.shipped) and not self.started_by_compose:
            return None  # nothing of its own starts: a build agent, SDK or base image
        if not any(what.startswith("builds") for _, what in evidence) and built_elsewhere(
            self, min(line for line, _ in evidence)
        ):
            return None
        evidence.sort(key=lambda item: item[0])  # on one line, the install comes first
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
        whole = {stage.index for stage in self.shipping.whole}
        builder = next((step for step, source in self.shipping.copies
                        if source.index not in whole), None)
        if (libraries and only_libraries and builder is not None
                and not any(what.startswith("builds") for _, what in evidence)
                and "dev-libraries-built-elsewhere" in self.data.caveats):
            # it builds in a separate stage already: the -dev package is the only thing to change
            hint = (f"it builds in another stage already (COPY --from at line {builder.line}); "
                    + _fill(self.data.caveats["dev-libraries-built-elsewhere"], named))
        elif libraries and "dev-libraries" in self.data.caveats:
            hint += "; " + _fill(self.data.caveats["dev-libraries"], named)
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
                    if key in reported or self._started(install):
                        continue
                    reported.add(key)
                    yield Advice(self._copy_finding(step, source, taken, install))

    def _started(self, install: _Install) -> bool:
        """The start runs a dev dependency, or it or a later RUN needs one's file (start_needs)."""
        words = [*(self.shipped.entrypoint.words if self.shipped.entrypoint else []),
                 *(self.shipped.cmd.words if self.shipped.cmd else [])]
        steps = [step for stage in self.graph.chain(self.shipped) for step in stage.steps]
        later = [(r.command.argv, r.command.cwd) for r in self.runs(self.shipped)
                 if r.order > install.order]
        found = start_needs_dev(self.context, install, words, steps, self.shipped.workdir)
        return found is not None or any(boots_through_dev(self.context, install, a, steps, c)
                                        for a, c in [(words, self.shipped.workdir), *later])

    def _install_finding(self, install: _Install) -> Finding:
        pruned = self._pruned_later(install, self.shipped)
        message = (
            f"{install.command.text} installs the {_declared(install)} into "
            f"{self.where(install.stage)}"
        )
        if pruned is not None:
            message += f" (line {pruned} removes them later, but this layer keeps their bytes)"
        hint = (f"install production-only: {install.form}{self._start_note(install)}"
                f"{scripts_note(self.context, install)}")
        if any(step.needs == "dev-dependencies" and step.origin == install.manager.origin
               and step.pattern.search(run.text)
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
            f"before the copy){self._start_note(install)}{scripts_note(self.context, install)}"
        )
        return self.finding("IG704", message, step.line, hint)

    def _start_note(self, install: _Install) -> str:
        """What else the fix needs when the shipped image starts through a runner that
        installs the default groups again (``CMD uv run app``), or nothing."""
        return start_note(self.context, self.graph.chain(self.shipped), install)

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
                        found = self._reaching(inner, source, depth + 1)
                    elif _under(taken, step.dest) and UNKNOWN not in taken:
                        inside = posixpath.relpath(taken, step.dest)
                        found = self._reaching(inner, posixpath.join(source, inside), depth + 1)
                    else:
                        continue
                    for install in found:
                        if not self._pruned_after_copy(install, stage, step, source):
                            yield install

    def _pruned_after_copy(self, install: _Install, stage: Stage, step: Step, source: str) -> bool:
        """Does ``stage``'s chain prune ``install``'s tree to production after ``step`` copies
        it in from another stage (``source`` there)? epic-stack's production-deps stage takes
        node_modules from the stage that ran 'npm ci --include=dev', then runs 'npm prune
        --omit=dev' in the same directory: what the shipped stage copies from it is pruned."""
        if UNKNOWN in source or UNKNOWN in step.dest:
            return False
        where = posixpath.normpath("/" + source.lstrip("/"))
        position = next((index + 1 for index, one in enumerate(self.steps(stage))
                         if one is step), None)
        if position is None:
            return False
        for tree in install.trees:
            inside = posixpath.relpath(tree, install.project)
            if not _under(tree, where) or inside.startswith(".."):
                continue
            landed = posixpath.normpath(posixpath.join(step.dest, posixpath.relpath(tree, where)))
            if landed == inside or not landed.endswith("/" + inside):
                continue
            project = landed[: -len(inside) - 1] or "/"
            if self._pruned_later(install, stage, project, (position, 0)) is not None:
                return True
        return False

    def _pruned_later(self, install: _Install, stage: Stage, project: str | None = None,
                      after: tuple[int, int] | None = None) -> int | None:
        """The line of a later production-only prune or reinstall of the same tree, in the
        chain of ``stage``: the install's own project after the install, or ``project``
        after the step at ``after`` (where a COPY --from put the tree)."""
        project = install.project if project is None else project
        after = install.order if after is None else after
        for run in self.runs(stage):
            if run.order <= after:
                continue
            for manager in self.data.managers:
                for command in manager.commands:
                    if not _matches(command, run.command.argv):
                        continue
                    if self._project(run.command, manager, command) != project:
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
        """The run as a development-inclusive install, or None; None too when the same RUN
        removes the tree it installed (onyx's sandbox image runs ``bun install
        --frozen-lockfile && rm -rf node_modules`` to fill bun's cache: no dependency is
        left in the layer), or installs it into a mount (pgadmin4's tmpfs node_modules)."""
        install = self._found_install(run)
        if install is not None and install.trees and (
                _removed(run.later, install.trees) or _mounted_over(run.step, install.trees)):
            return None
        return install

    def _found_install(self, run: _Run) -> _Install | None:
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
            if parsed.has(command.unless_flags):
                continue  # links or places the project without installing its groups
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
            members = parsed.value_of(manager.member_flags)
            if members:
                member = (workspace_member(self.context, manifest, manager, members[-1])
                          if len(set(members)) == 1 else None)
                if member is None:
                    return None  # which member's groups install is not known here
                manifest = member
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
        """The context path a file of the image came from: a bind mount of the context
        on the RUN itself (ArchiveBox's ``--mount=type=bind,source=pyproject.toml,
        target=/app/pyproject.toml`` for ``uv sync``), else the COPY steps before it."""
        mounted = mounted_from_context(run.step, image_path, self.context)
        if mounted is not None:
            return mounted
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
                    text = fileio.read_text(self.context / folder / config_file, encoding="utf-8")
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
                    count, _, _, extra = declared.get(found.name, (0, dev, optional, key.extra))
                    # a name is an extra only when no group has it too (uv's "dev" of both)
                    declared[found.name] = (count + found.count, dev, optional,
                                            extra and key.extra)
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
        leave_out = _split_groups(self._without(manager, parsed, env, run)) | set(names)
        extras = {name for name in leave_out if name in declared and declared[name][3]}
        form = production_form(manager, run.command.argv, parsed, sorted(leave_out - extras),
                               dev_extras=sorted(extras))
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
        # Default groups name groups, never extras (an extra named "dev" waits for --extra).
        selected = set(regular) if default == "all" else set(default) & {
            g for g, (_, _, _, extra) in declared.items() if not extra}
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
        steps = self.steps(run.stage)  # (and the scripts they run: photoprism's cleanup.sh)
        later = "\n".join(
            text for command in run.later
            for text in (command.text, " ".join(w for w in command.argv if not w.startswith("-")),
                         *run_scripts(self.context, steps, run.step, command))
        )
        if any(pattern.search(later) for pattern in cache.cleaned_by):
            return None
        # A later rm whose path a command substitution gives ('rm -rf $(poetry config
        # cache-dir)'): the words hold an unknown part, the RUN's own text says what it is.
        if run.step.script is not None and any(
            command.program == "rm" and any(UNKNOWN in word for word in command.argv[1:])
            for command in run.later
        ) and any(pattern.search(run.step.script) for pattern in cache.cleaned_by):
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
        fix = cache.fix
        user = (run.step.user or "").split(":", 1)[0]
        if shown.startswith("/") and _set_by_env(cache, run.step.env):  # COMPOSER_HOME=/composer
            owner = ",uid=<its uid>" if user not in ("", "root", "0") else ""
            fix = re.sub(r"target=/[^\s,]*", f"target={shown}{owner}", fix)
        elif shown.startswith("~/"):
            # Another user than root runs it (wger's USER wger): a cache mount at root's
            # home is one its command never uses, and the user's home is not known here.
            # Yarn 1's root cache is not under /root: the mount goes where `shown` is.
            fix = re.sub(r"target=/[^\s,]*",
                         lambda found: f"target=<the home of USER {user}>/{shown[2:]}"
                         ",uid=<its uid>", fix)
        return Advice(self.finding("IG705", message, run.step.line, fix))


# -- helpers shared with explain and the tests -----------------------------------------------
