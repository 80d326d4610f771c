"""Image advice, records: the base image, one piece of advice, and a build's report."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from ignoregen.build.stages import Shipping, Stage
from ignoregen.knowledge.image_records import Image, Size, TagPattern, Variant
from ignoregen.lint.findings import Finding

_WORDS = re.compile(r"[-_./\s]+")
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})
_EXTRAS = re.compile(r"^(?P<path>[^\[\]]*)\[(?P<extras>[^\]]+)\]$")
_TREE_VAR = re.compile(r"^\$(\w+)(\?|!)?(.*)$")
_TREE_FLAG = re.compile(r"^\{(--?[\w-]+|argv0-prefix)\}$")
_MAX_COPY_DEPTH = 5


class Base(NamedTuple):
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


class Advice(NamedTuple):
    finding: Finding
    bytes_saved: int | None = None


class ImageReport(NamedTuple):
    dockerfile: str
    """As shown to the user."""
    shipping: Shipping
    base: Base | None
    advice: tuple[Advice, ...]
    note: str = ""
    """Why nothing was judged although a stage ships (a build or base image)."""
    built: str = ""
    """For ``explain --image``: the definitions whose context, target and commands the
    report takes (``nginx-golang/compose.yaml: services.backend``); empty when none did."""

    @property
    def findings(self) -> list[Finding]:
        return [item.finding for item in self.advice]
