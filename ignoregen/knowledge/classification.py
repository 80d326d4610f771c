"""The records of a classification: what the classifier found, by category, rule and
directory (:class:`Classification`), and the part of one that a worker process sends back
(:class:`ClassifierPart`)."""

from __future__ import annotations

from typing import NamedTuple

from ignoregen.knowledge.preset import Category, Preset, PresetRule


class Tally(NamedTuple):
    """Non-directory entries and their content bytes."""

    files: int = 0
    bytes: int = 0


class RuleTally(NamedTuple):
    """What one preset rule classified: the evidence behind a category."""

    rule: PresetRule
    all: Tally
    sent: Tally


class CategoryTally(NamedTuple):
    category: Category
    all: Tally
    """Everything in the directory."""
    sent: Tally
    """What the ignore file lets through."""
    rules: tuple[RuleTally, ...]
    """The rules that classified something, by bytes (largest first)."""
    kept: Tally = Tally()
    """Of ``all``, what a keep rule of an applying preset (or the config) protects."""
    kept_sent: Tally = Tally()
    """Of ``sent``, what a keep rule protects."""

    @property
    def excludable_sent(self) -> Tally:
        """Sent, excluded by default, and not protected by a keep rule."""
        if not self.category.exclude_by_default:
            return Tally()
        return Tally(
            self.sent.files - self.kept_sent.files, self.sent.bytes - self.kept_sent.bytes
        )


class DirTally(NamedTuple):
    path: str
    all: Tally
    sent: Tally
    category: Category | None
    """The category claiming the directory as a whole, if any."""


class Detection(NamedTuple):
    """A preset that applies, and why."""

    preset: Preset
    reason: str
    """``always``, ``config`` (forced), ``markers`` or ``required`` (by another preset)."""
    markers: tuple[str, ...]
    """Every entry that matched a marker (directories end in ``/``), shallowest first, then
    by path."""
    required_by: tuple[str, ...] = ()


class Classification(NamedTuple):
    presets: tuple[Detection, ...]
    categories: tuple[CategoryTally, ...]
    """Categories that hold anything, by bytes in the directory (largest first), then id."""
    unclassified: tuple[Tally, Tally]
    """(everything, sent) for paths no applying category claims."""
    all: Tally
    sent: Tally
    directories: tuple[DirTally, ...]
    """Candidates for "largest directories", largest first: directories not inside a
    claimed directory, where a directory that is almost all one subdirectory is left
    out in favour of that subdirectory. Only the first ``top`` when the result was
    asked for with ``top``."""


class ClassifierPart(NamedTuple):
    """A worker's classification of one subtree (see :meth:`Classifier.export`)."""

    keys: tuple[tuple[tuple[int, ...], int, tuple[tuple[int, int], ...]], ...]
    """Each key's claims (one mask of deciding pattern ids per level), keep mask, and
    shadowed keep masks."""
    dirs: tuple[tuple[str, int, int, tuple[tuple[int, int, int, int, int], ...]], ...]
    """(path, parent index or -1, key index, groups as (key index, files, bytes, sent
    files, sent bytes)); the first is the subtree's own directory."""
    evidence: tuple[tuple[int, str], ...]
    """(preset index, path) for every marker found."""
    entries: int
    record: tuple[tuple[str, int], ...] = ()
    local: tuple[tuple[str, bool], ...] = ()
    """Where a local-only category's rule matched (path, is a directory)."""
    unclaimed: tuple[tuple[str, int], ...] = ()
    """Large files no category claims (path, size)."""
