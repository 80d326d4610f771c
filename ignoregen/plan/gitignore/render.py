"""Docker's spelling: token patterns written as ``.dockerignore`` lines."""

from __future__ import annotations

from collections.abc import Sequence

from ignoregen.engine.golang import GO_SPACE
from ignoregen.plan.gitignore.glob import Token, TokenKind, derive, literal_tokens, rule_tokens
from ignoregen.plan.gitignore.parse import GitRule

_DOCKER_SPECIAL = frozenset("*?[]\\^")
_CLASS_SPECIAL = frozenset("\\]-^[*?")


class Unrepresentable(Exception):
    """Text that no ``.dockerignore`` line can hold (a newline)."""


def _class_char(char: str) -> str:
    return "\\" + char if char in _CLASS_SPECIAL else char


def _render_class(token: Token) -> str:
    members = []
    for lo, hi in token.ranges:
        if lo == hi:
            members.append(_class_char(lo))
        elif ord(hi) == ord(lo) + 1:
            members.append(_class_char(lo) + _class_char(hi))
        else:
            members.append(_class_char(lo) + "-" + _class_char(hi))
    if token.negated:
        members.append("/")  # Docker's [^x] would match a slash; git's never does
        return "[^" + "".join(members) + "]"
    return "[" + "".join(members) + "]"


def render(tokens: Sequence[Token], exception: bool) -> str:
    """The ``.dockerignore`` line for a token pattern (with ``!`` for an exception)."""
    parts: list[str] = []
    last = len(tokens) - 1
    for index, token in enumerate(tokens):
        kind = token.kind
        if kind is TokenKind.LIT:
            char = token.char
            if char == "\n":
                raise Unrepresentable("a newline")
            edge = (index == 0 and char in GO_SPACE + "#!") or (index == last and char in GO_SPACE)
            if edge:
                parts.append("[" + _class_char(char) + "]")  # Docker trims, comments, negates
            elif char in _DOCKER_SPECIAL:
                parts.append("\\" + char)
            else:
                parts.append(char)
        elif kind is TokenKind.ANY:
            parts.append("?")
        elif kind is TokenKind.STAR:
            parts.append("*")
        elif kind is TokenKind.CLASS:
            parts.append(_render_class(token))
        elif kind is TokenKind.DSTAR_SLASH:
            parts.append("**/")
        else:
            parts.append("**")
    return ("!" if exception else "") + "".join(parts)


def docker_literal(path: str, exception: bool = False) -> str:
    """A ``.dockerignore`` line matching exactly ``path`` (and, through it, what is below)."""
    return render(literal_tokens(path), exception)


def translate_rule(rule: GitRule, context: str = "") -> list[str]:
    """The Docker pattern texts (relative to ``context``) for one rule, ignoring dir-only.

    Raises :class:`NeverMatches` for a pattern that matches nothing in git. An empty
    list means that the rule cannot match anything below ``context``.
    """
    tokens = rule_tokens(rule)
    variants = derive(tokens, context + "/") if context else [tokens]
    return [render(variant, rule.negative) for variant in variants]
