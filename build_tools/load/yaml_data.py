"""Editorial YAML, read with line numbers and validated against a JSON Schema.

Every message names the file, the line and the key, so that an editor can fix the
YAML without reading Python.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker

from build_tools.diagnostics import Diagnostics


class _Loader(yaml.SafeLoader):
    """A safe loader that leaves dates as text (the schema checks their format)."""


# libyaml's parser (in the installed PyYAML) when it was built with it: several times faster
# than the pure-Python one. A file it cannot parse is parsed again by the pure-Python loader,
# whose messages (problem and line) are the ones editors and tests know.
_FastBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastLoader(_FastBase):  # type: ignore[valid-type,misc]
    """The same loader on libyaml: dates left as text."""


_NO_TIMESTAMPS = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.yaml_implicit_resolvers = _NO_TIMESTAMPS
_FastLoader.yaml_implicit_resolvers = _NO_TIMESTAMPS


def _compose_and_construct(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the data built from it: one parse, not two."""
    try:
        return _parse_with(_FastLoader, text)
    except yaml.YAMLError:
        return _parse_with(_Loader, text)  # raises again, with the pure-Python loader's message


def _parse_with(loader_class: type[yaml.SafeLoader], text: str) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()

KeyPath = tuple[str | int, ...]


def _line_map(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[(*path, key)] = key_node.start_mark.line + 1
            _line_map(value_node, (*path, key), lines)
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*path, index), lines)


class YamlFile:
    """Parsed YAML data plus the line of every key, for messages."""

    def __init__(self, path: Path, display: str, data: Any, lines: dict[KeyPath, int]) -> None:
        self.path = path
        self.display = display
        self.data = data
        self.lines = lines

    def line_of(self, *path: str | int) -> int:
        """The line of the deepest key of `path` the file has (1 if none)."""
        keys: KeyPath = tuple(path)
        while keys and keys not in self.lines:
            keys = keys[:-1]
        return self.lines.get(keys, 1)


@cache
def schema(name: str) -> dict[str, Any]:
    text = resources.files("build_tools.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def read_yaml(path: Path, display: str, schema_name: str, diagnostics: Diagnostics) -> YamlFile | None:
    """Read and validate one YAML file; on any problem, record it and return None."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        diagnostics.error("S004", "editorial YAML file is missing", display,
                          hint=f"create {display}; README.md, 'Adding a text', shows a minimal one")
        return None
    except UnicodeDecodeError as exc:
        diagnostics.error("Y001", f"YAML is not UTF-8 ({exc.reason} at byte {exc.start})", display,
                          hint="save the file as UTF-8")
        return None
    try:
        node, data = _compose_and_construct(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        col = mark.column + 1 if mark else 0
        problem = getattr(exc, "problem", None) or str(exc)
        diagnostics.error("Y001", f"YAML cannot be parsed: {problem}", display, line, col,
                          hint="check the indentation and quoting on that line")
        return None
    lines: dict[KeyPath, int] = {}
    if node is not None:
        _line_map(node, (), lines)
    loaded = YamlFile(path, display, data if data is not None else {}, lines)
    validate(loaded, schema_name, diagnostics)
    if any(d.file == display and d.code == "Y002" for d in diagnostics.errors):
        return None
    return loaded


def validate(loaded: YamlFile, schema_name: str, diagnostics: Diagnostics) -> None:
    validator = Draft202012Validator(schema(schema_name), format_checker=FormatChecker())
    for error in sorted(validator.iter_errors(loaded.data), key=lambda e: [str(p) for p in e.path]):
        path = tuple(error.path)
        key = ".".join(str(p) for p in path) or "(top level)"
        if error.validator == "additionalProperties":
            unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            for name in unknown:
                allowed = ", ".join(sorted(error.schema.get("properties", {})))
                diagnostics.error("Y002", f"unknown key '{'.'.join([*map(str, path), name])}'", loaded.display,
                                  loaded.line_of(*path, name), hint=f"allowed keys here: {allowed}")
            continue
        if error.validator == "required":
            message = f"missing key at {key}: {error.message}"
            hint = "add the key; see the other texts' YAML for an example"
        else:
            message = f"bad value for '{key}': {error.message}"
            hint = _hint_for(error.schema)
        diagnostics.error("Y002", message, loaded.display, loaded.line_of(*path), hint=hint)


def _hint_for(schema_part: dict[str, Any]) -> str:
    if "enum" in schema_part:
        return "use one of: " + ", ".join(map(str, schema_part["enum"]))
    if "description" in schema_part:
        return str(schema_part["description"])
    if schema_part.get("format") == "date":
        return "write the date as YYYY-MM-DD"
    if "type" in schema_part:
        return f"expected {schema_part['type']}"
    return "see the schema in build_tools/schemas/"
