"""Reading a matter file, with one clear message per problem naming the field path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from apportion.model.matter import Matter


class InputError(Exception):
    """Bad input: each problem is ``(field path, reason)``; the CLI exits 2 on it."""

    def __init__(self, source: str, problems: list[tuple[str, str]]):
        self.source, self.problems = source, problems
        super().__init__("\n".join(f"{source}: {path}: {reason}" for path, reason in problems))


def read_document(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), [("(file)", exc.strerror or str(exc))]) from exc
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise InputError(str(path), [("(file)", f"not valid YAML/JSON: {exc}")]) from exc


def load_matter(path: Path | str) -> Matter:
    path = Path(path)
    return parse_matter(read_document(path), str(path))


def parse_matter(document: Any, source: str = "matter") -> Matter:
    if not isinstance(document, dict):
        raise InputError(source, [("(root)", "a matter is a mapping of fields")])
    try:
        return Matter.model_validate(document)
    except ValidationError as exc:
        raise InputError(source, describe(exc)) from exc


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
