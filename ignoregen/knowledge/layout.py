"""What a :class:`~ignoregen.knowledge.classify.Classifier` looks up and never changes,
made once per preset set: a run classifies many contexts with the same presets."""

from __future__ import annotations

from ignoregen.engine.matcher import NameIndex, Pattern, literal_prefix
from ignoregen.knowledge.preset import PresetRule, PresetSet

MARKER = -1
"""The category number of a preset's marker pattern."""
KEEP = -2
"""The category number of a keep rule (a preset's, or the configuration's)."""


class Layout:
    """What a classifier of one preset set looks up and never changes: the presets' and
    categories' numbering, and every pattern's bit (category rules, then markers and keep
    rules) with the index over them. Made once per preset set, for a run classifies many
    contexts with the same presets (quarkus-quickstarts: 106)."""

    def __init__(self, presets: PresetSet) -> None:
        preset_index = {preset.name: i for i, preset in enumerate(presets.presets)}
        self.preset_index = preset_index
        self.cat_preset = [preset_index[c.preset] for c in presets.categories]
        self.preset_cats = [0] * len(presets.presets)
        for ci, pi in enumerate(self.cat_preset):
            self.preset_cats[pi] |= 1 << ci
        self.excl_cats = sum(
            1 << ci for ci, c in enumerate(presets.categories) if c.exclude_by_default
        )
        always = self.always = {p.name for p in presets.presets if p.always}
        self.rank = [
            (-c.priority, c.preset in always, self.cat_preset[ci], ci)
            for ci, c in enumerate(presets.categories)
        ]

        # Every pattern gets a bit: category rules, then markers.
        self.pid_cat: list[int] = []
        self.pid_preset: list[int] = []
        self.pid_exception: list[bool] = []
        self.pid_rule: list[PresetRule] = []
        compiled: list[Pattern] = []
        for ci, category in enumerate(presets.categories):
            for rule in category.rules:
                self.add(compiled, rule, ci, self.cat_preset[ci])
        for pi, preset in enumerate(presets.presets):
            for rule in preset.markers:
                self.add(compiled, rule, MARKER, pi)
            for rule in preset.keep:
                self.add(compiled, rule, KEEP, pi)
        self.config_bit = 1 << len(presets.presets)
        for rule in presets.keep:
            self.add(compiled, rule, KEEP, len(presets.presets))
        self.keep_prefixes = tuple(sorted({
            literal_prefix(rule.rule.pattern)
            for pid, rule in enumerate(self.pid_rule)
            if self.pid_cat[pid] == KEEP and literal_prefix(rule.rule.pattern)
        }))
        self.index = NameIndex(compiled)
        # Local-only categories (see ignoregen.knowledge.local): where their rules claim a
        # path, and the files no category claims that are large enough to be sniffed.
        self.local_pids = sum(
            1 << pid for pid, ci in enumerate(self.pid_cat)
            if ci >= 0 and presets.categories[ci].local_only
        )
        self.magic = any(c.magic for c in presets.categories)

    def add(self, compiled: list[Pattern], rule: PresetRule, category: int, preset: int) -> None:
        compiled.append(Pattern(rule.rule))
        self.pid_cat.append(category)
        self.pid_preset.append(preset)
        self.pid_exception.append(rule.rule.exception)
        self.pid_rule.append(rule)


_LAYOUTS: dict[int, tuple[PresetSet, Layout]] = {}


def layout_of(presets: PresetSet) -> Layout:
    found = _LAYOUTS.get(id(presets))
    if found is None or found[0] is not presets:
        if len(_LAYOUTS) >= 8:
            _LAYOUTS.clear()
        found = _LAYOUTS[id(presets)] = (presets, Layout(presets))
    return found[1]
