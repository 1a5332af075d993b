"""Reading a matter file, with one clear message per problem naming the field path.

The document is read as bounded, plain data before the matter model sees it: at most
``MAX_BYTES``, strict UTF-8, nested at most ``MAX_DEPTH`` deep, at most ``MAX_NODES``
values once YAML aliases are expanded, no key twice in one mapping, and every YAML date a
real one. Each refusal names the field path (or the line) and the reason.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from apportion.model.matter import Matter

MAX_BYTES = 8 * 2**20
MAX_DEPTH = 32
"""A matter nests six deep (candidates.0.facts.name); anything far deeper is not one."""
MAX_NODES = 200_000


class InputError(Exception):
    """Bad input: each problem is ``(field path, reason)``; the CLI exits 2 on it."""

    exit_code = 2

    def __init__(self, source: str, problems: list[tuple[str, str]]):
        self.source, self.problems = source, problems
        super().__init__("\n".join(f"{source}: {path}: {reason}" for path, reason in problems))


class OutputError(InputError):
    """An output could not be written (a full disk, a lost directory): the input is not
    at fault, nothing was replaced, and the CLI exits 1."""

    exit_code = 1

    def __init__(self, target: Path | str, reason: str):
        super().__init__(str(target), [("(file)", f"cannot write it: {reason}")])

    @classmethod
    def from_os(cls, error: OSError, targets: Sequence[Path]) -> OutputError:
        """The target an OS error is about (else the first), and nothing replaced."""
        where = error.filename if isinstance(error.filename, str) else ""
        named = next((t for t in targets if where.startswith(str(t.parent / f".{t.name}"))), None)
        target = named or (targets[0] if targets else where or "(output)")
        return cls(target, f"{error.strerror or error}; nothing was replaced")


def read_document(path: Path) -> Any:
    """The plain data in a YAML or JSON file, bounded and checked (see the module)."""
    source = str(path)
    try:
        if not path.is_file():
            reason = (
                "is a directory"
                if path.is_dir()
                else "not a regular file"
                if path.exists()
                else "no such file"
            )
            raise InputError(source, [("(file)", reason)])
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(source, [("(file)", exc.strerror or str(exc))]) from exc
    if len(data) > MAX_BYTES:
        raise InputError(source, [("(file)", f"larger than {MAX_BYTES // 2**20} MiB")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reason = f"line {line}: byte {exc.start + 1} is not UTF-8 (save the file as UTF-8)"
        raise InputError(source, [("(file)", reason)]) from None
    if path.suffix.lower() == ".json":
        return parse_json(text, source)
    return parse_yaml(text, source)


def parse_json(text: str, source: str) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in items:
            if key in found:
                raise _Duplicate(key)
            found[key] = value
        return found

    try:
        document = json.loads(text, object_pairs_hook=pairs)
    except _Duplicate as exc:
        reason = f"the key {exc.key!r} appears twice in one object"
        raise InputError(source, [("(file)", reason)]) from None
    except json.JSONDecodeError as exc:
        reason = f"not valid JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise InputError(source, [("(file)", reason)]) from None
    except RecursionError:
        raise InputError(source, [("(file)", _too_deep())]) from None
    _check_plain(document, source)
    return document


class _Duplicate(Exception):
    def __init__(self, key: str):
        self.key = key


def _check_plain(document: Any, source: str) -> None:
    """Depth and size of parsed JSON, without recursion."""
    stack, seen = [(document, 1)], 0
    while stack:
        value, depth = stack.pop()
        seen += 1
        if depth > MAX_DEPTH:
            raise InputError(source, [("(file)", _too_deep())])
        if seen > MAX_NODES:
            raise InputError(source, [("(file)", _too_many())])
        children = value.values() if isinstance(value, dict) else value
        if isinstance(value, dict | list):
            stack.extend((child, depth + 1) for child in children)


def _too_deep() -> str:
    return f"nested more than {MAX_DEPTH} levels deep"


def _too_many() -> str:
    return f"more than {MAX_NODES:,} values (YAML aliases count each time they are used)"


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing deep nesting while it composes (its composer and
    constructor recurse: 2,000 nested lists are a RecursionError)."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _TooDeep(Exception):
    def __init__(self, mark: Any):
        self.mark = mark


def parse_yaml(text: str, source: str) -> Any:
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_nodes(node, source, loader)
        return loader.construct_document(node)
    except _TooDeep as exc:
        reason = f"line {exc.mark.line + 1}: {_too_deep()}"
        raise InputError(source, [("(file)", reason)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        reason = f"not valid YAML: {where}{exc.problem or exc.context}"
        raise InputError(source, [("(file)", reason)]) from None
    except yaml.YAMLError as exc:
        reason = f"not valid YAML: {' '.join(str(exc).split())}"
        raise InputError(source, [("(file)", reason)]) from None
    finally:
        loader.dispose()


def _check_nodes(root: yaml.Node, source: str, loader: yaml.SafeLoader) -> None:
    """Walk the composed document (no recursion): count values as expanded, refuse a key
    given twice in one mapping and a date that is not on the calendar, by field path."""
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    seen = 0
    while stack:
        node, path = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            raise InputError(source, [("(file)", _too_many())])
        where = path or "(root)"
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
                line = key.start_mark.line + 1
                if name in first and isinstance(key, yaml.ScalarNode) and name != "<<":
                    reason = f"given twice (lines {first[name]} and {line}); keep one"
                    raise InputError(source, [(_join(path, name), reason)])
                first[name] = line
                stack.append((value, _join(path, name)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, _join(path, str(i))) for i, item in enumerate(node.value))
        elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
            try:
                loader.construct_yaml_timestamp(node)
            except ValueError as exc:
                reason = f"{node.value} is not a date on the calendar ({exc})"
                raise InputError(source, [(where, reason)]) from None


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def load_matter(path: Path | str) -> Matter:
    path = Path(path)
    return parse_matter(read_document(path), str(path))


def parse_matter(document: Any, source: str = "matter") -> Matter:
    if not isinstance(document, dict):
        raise InputError(source, [("(root)", "a matter is a mapping of fields")])
    try:
        matter = Matter.model_validate(document)
    except ValidationError as exc:
        raise InputError(source, describe(exc)) from exc
    matter._source = source
    return matter


def describe(exc: ValidationError) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for error in exc.errors():
        path = ".".join(str(part) for part in error["loc"]) or "(root)"
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown field (check its spelling against `apportion schema`)"
        if path == "(root)" and ": " in message:
            # Cross-reference checks report several "path: reason" problems at once.
            for part in message.split("; "):
                where, _, why = part.partition(": ")
                problems.append((where, why))
            continue
        problems.append((path, message))
    return problems
