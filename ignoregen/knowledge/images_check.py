"""The checks of the image knowledge that look across its entries (references between
them, names used twice), run once the files are read (:func:`~.images.parse_files`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ignoregen.errors import ConfigProblem

if TYPE_CHECKING:
    from ignoregen.knowledge.image_records import Cache, Image, Manager


def cross_check(
    images: Sequence[Image],
    managers: Sequence[Manager],
    caches: Sequence[Cache],
    caveats: Mapping[str, str],
    files: Sequence[tuple[str, str]],
    problems: list[ConfigProblem],
) -> None:
    """References between entries: caveats, smaller variants, unique names."""
    origin = files[0][0] if files else "images"
    seen: dict[str, str] = {}
    for image in images:
        where = f"image {image.name!r}"
        for repository in image.repositories:
            if repository in seen:
                problems.append(ConfigProblem(
                    image.origin, where,
                    f"repository {repository!r} is already described in {seen[repository]}"))
            seen[repository] = image.origin
        names = [v.name for v in image.variants]
        for variant in image.variants:
            for caveat in variant.caveats:
                if caveat not in caveats:
                    problems.append(ConfigProblem(
                        image.origin, f"{where}, variant {variant.name!r}",
                        f"no caveat is named {caveat!r}"))
            if variant.smaller is not None and variant.smaller not in names:
                problems.append(ConfigProblem(
                    image.origin, f"{where}, variant {variant.name!r}",
                    f"smaller names no variant of this image: {variant.smaller!r}"))
            if variant.smaller is not None and variant.size is None:
                problems.append(ConfigProblem(
                    image.origin, f"{where}, variant {variant.name!r}",
                    "a variant with a smaller one needs its own size"))
        for runtime in image.runtimes:
            for caveat in runtime.caveats:
                if caveat not in caveats:
                    problems.append(ConfigProblem(
                        image.origin, f"{where}, runtime {runtime.image!r}",
                        f"no caveat is named {caveat!r}"))
        toolchain = image.role == "toolchain" or any(v.role == "toolchain" for v in image.variants)
        if toolchain and not image.runtimes:
            problems.append(ConfigProblem(image.origin, where,
                                          "a toolchain needs at least one runtime"))
    names = [m.name for m in managers] + [c.name for c in caches]
    for name in {n for n in names if names.count(n) > 1}:
        problems.append(ConfigProblem(origin, "", f"the name {name!r} is used twice"))
