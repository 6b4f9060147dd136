"""Editorial YAML, read with line numbers and validated against a JSON Schema.

Every message names the file, the line and the key, so that an editor can fix the
YAML without reading Python.
"""

from __future__ import annotations

import copy
import json
import os
import stat
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from jsonschema import Draft202012Validator, FormatChecker

from build_tools.diagnostics import Diagnostic, Diagnostics


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


_OPENING = (yaml.BlockSequenceStartToken, yaml.BlockMappingStartToken, yaml.FlowSequenceStartToken,
            yaml.FlowMappingStartToken)
_CLOSING = (yaml.BlockEndToken, yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)


def _check_depth(loader_class: type[yaml.SafeLoader], text: str) -> None:
    """Refuse nesting beyond the bound before a parser builds it: the parsers recurse once per
    level (libyaml's in C), and `[[[[…` or `- - - …` 100,000 levels deep overflow the stack and
    kill the process without a message. The scanner's tokens are counted instead: no recursion."""
    scanner = loader_class(text)
    try:
        depth = 0
        while (token := scanner.get_token()) is not None:  # type: ignore[no-untyped-call]
            if isinstance(token, _OPENING):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise YamlTooLarge("Y006", f"YAML is nested more than {MAX_YAML_DEPTH} levels deep",
                                       token.start_mark.line + 1)
            elif isinstance(token, _CLOSING):
                depth -= 1
    finally:
        scanner.dispose()


def _compose_and_construct(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the data built from it: one parse, not two."""
    try:
        return _parse_with(_FastLoader, text)
    except yaml.YAMLError:
        return _parse_with(_Loader, text)  # raises again, with the pure-Python loader's message
    except RecursionError:
        raise YamlTooLarge("Y006", "YAML is nested too deeply to be read", 1) from None


def _parse_with(loader_class: type[yaml.SafeLoader], text: str) -> tuple[yaml.Node | None, Any]:
    _check_depth(loader_class, text)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            check_bounds(node)  # before anything walks the data: an alias bomb stops here
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


# Editorial YAML is small (the largest, glossary.yml, is ~1,000 nodes, 5 deep). These bounds
# are far above that and far below what would cost seconds or memory: an alias bomb
# ("billion laughs") is a few lines that expand to billions of nodes when walked.
MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_YAML_NODES = 200_000  # counted with every alias expanded, as the schema check walks them
MAX_YAML_DEPTH = 64


class YamlTooLarge(Exception):
    """The YAML's expanded size or depth exceeds the bounds (code and message in args)."""


def check_bounds(node: yaml.Node) -> None:
    """Walk the node tree as a reader of the data would (aliases expanded), within the bounds."""
    seen = 0
    stack: list[tuple[yaml.Node, int]] = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        seen += 1
        if seen > MAX_YAML_NODES:
            raise YamlTooLarge("Y005", f"YAML expands to more than {MAX_YAML_NODES:,} values (anchors and "
                               "aliases repeated inside each other?)", current.start_mark.line + 1)
        if depth > MAX_YAML_DEPTH:
            raise YamlTooLarge("Y006", f"YAML is nested more than {MAX_YAML_DEPTH} levels deep",
                               current.start_mark.line + 1)
        if isinstance(current, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in current.value for child in pair)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in current.value)


def read_text_file(path: Path, display: str, limit: int, diagnostics: Diagnostics) -> bytes | None:
    """A file's bytes, read only if it is a regular file of at most `limit` bytes (a directory,
    a FIFO or a device where a file belongs, or an unreadable file, is a coded error)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        diagnostics.error("S011", f"cannot look at the file: {exc.strerror}", display,
                          hint="check the path and its permissions")
        return b""
    if not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a FIFO, socket or device)"
        diagnostics.error("S011", f"this is {what} where a file belongs", display,
                          hint="replace it with a plain text file")
        return b""
    if info.st_size > limit:
        diagnostics.error("Y005", f"file is {info.st_size:,} bytes; the limit is {limit:,}", display,
                          hint="editorial YAML is small: check that this is the right file")
        return b""
    try:
        with open(path, "rb") as handle:
            return handle.read(limit + 1)
    except PermissionError as exc:
        diagnostics.error("S012", f"permission denied: {exc.strerror}", display,
                          hint="make the file readable by the user who builds (chmod u+r)")
    except OSError as exc:
        diagnostics.error("S011", f"cannot read the file: {exc.strerror}", display,
                          hint="check the file and the disk")
    return b""


def read_yaml(path: Path, display: str, schema_name: str | None, diagnostics: Diagnostics) -> YamlFile | None:
    """Read and validate one YAML file (`schema_name` None: not validated); on any problem,
    record it and return None."""
    raw = read_text_file(path, display, MAX_YAML_BYTES, diagnostics)
    if raw is None:
        diagnostics.error("S004", "editorial YAML file is missing", display,
                          hint=f"create {display}; README.md, 'Adding a text', shows a minimal one")
        return None
    if raw == b"" and any(d.file == display for d in diagnostics.errors):
        return None
    known = _CLEAN_READS.get((raw, display, schema_name))
    if known is not None:
        return _passed(YamlFile(path, display, copy.deepcopy(known[0]), dict(known[1])), schema_name, diagnostics)
    found_before = len(diagnostics.items)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        diagnostics.error("Y001", f"YAML is not UTF-8 ({exc.reason} at byte {exc.start})", display,
                          hint="save the file as UTF-8")
        return None
    try:
        node, data = _compose_and_construct(text)
    except YamlTooLarge as exc:
        code, message, line = exc.args
        diagnostics.error(code, message, display, line,
                          hint="write the values out; editorial YAML needs neither deep nesting nor nested aliases")
        return None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits, which Python refuses to convert
        diagnostics.error("Y001", f"YAML value cannot be read: {shorten(str(exc))}", display,
                          hint="quote the value if it is text; numbers this long are not data")
        return None
    except RecursionError:  # nesting deeper than the parser's stack, before any bound could be checked
        diagnostics.error("Y006", "YAML is nested too deeply to be read", display,
                          hint="editorial YAML needs a few levels of nesting, not thousands")
        return None
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
    if schema_name is not None:
        validate(loaded, schema_name, diagnostics)
    if len(diagnostics.items) == found_before:  # read cleanly: remembered
        if len(_CLEAN_READS) >= _CLEAN_READS_KEPT:
            _CLEAN_READS.clear()
        _CLEAN_READS[(raw, display, schema_name)] = (copy.deepcopy(loaded.data), dict(lines))
    return _passed(loaded, schema_name, diagnostics)


# Files that were read without a problem, by their bytes (with the name messages give them and
# the schema): reading and validating a text.yml takes a millisecond, and a build reads each
# twice (the seed, then its bibliography record), which at 1,000 texts was a second of the main
# process before any text was built. A changed file has other bytes, so it is read again. Each
# caller gets its own copy of the data.
_CLEAN_READS: dict[tuple[bytes, str, str | None], tuple[Any, dict[KeyPath, int]]] = {}
_CLEAN_READS_KEPT = 8192  # an edition's YAML files, with room for edits under `mkdocs serve`


def _passed(loaded: YamlFile, schema_name: str | None, diagnostics: Diagnostics) -> YamlFile | None:
    """The file, unless the schema was broken (a Y002 about it, maybe from an earlier reading)."""
    if schema_name is not None and any(d.file == loaded.display and d.code == "Y002" for d in diagnostics.errors):
        return None
    return loaded


# Files already read (parsed and validated), by path, name in messages and schema, with their
# stamp (see `_stamp`) and the problems found. Why: a build read the same few profiles once per
# text (1,000 texts: 1,500 reads of three files), and the editorial data read every text.yml
# that the seeds had just read; under `mkdocs serve` (one long-lived process) an edit to one file
# must not make every other one be read again. A file whose stamp changed is read again.
_READ: dict[tuple[Path, str, str | None], tuple[tuple[int, ...], YamlFile | None, list[Diagnostic]]] = {}


def _stamp(path: Path) -> tuple[int, ...] | None:
    """What changes when a file is edited or replaced: its size, times and inode (None: no file)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino


def read_yaml_cached(path: Path, display: str, schema_name: str | None,
                     diagnostics: Diagnostics) -> YamlFile | None:
    """`read_yaml`, reading the file again only once it has changed; its problems are reported
    to every caller, as a fresh read would. Callers must not alter the data (it is shared)."""
    stamp = _stamp(path)
    if stamp is None:  # missing or unreadable: reported as `read_yaml` reports it, nothing kept
        return read_yaml(path, display, schema_name, diagnostics)
    key = (path, display, schema_name)
    known = _READ.get(key)
    if known is None or known[0] != stamp:
        found = Diagnostics()
        known = (stamp, read_yaml(path, display, schema_name, found), list(found.items))
        _READ[key] = known
    diagnostics.items.extend(known[2])
    return known[1]


_FORMATS = FormatChecker()
_URL_UNSAFE = set(" \t\n\r<>\"{}|\\^`")


def is_web_url(value: object) -> bool:
    """`format: uri`: an absolute http(s) URL that a URL parser reads whole, with a host and
    no character a browser or EPUB reader would refuse (space, <, >, quotes, braces…)."""
    if not isinstance(value, str):
        return True
    if any(c in _URL_UNSAFE or ord(c) < 32 or ord(c) == 127 for c in value):
        return False
    parts = urlsplit(value)
    _ = parts.port  # raises ValueError on a port that is not a number
    return parts.scheme in ("http", "https") and bool(parts.hostname)


_FORMATS.checks("uri", raises=ValueError)(is_web_url)


def shorten(value: str, limit: int = 200) -> str:
    """A value for a message: at most `limit` characters (a 700 KB value on one line helps nobody)."""
    return value if len(value) <= limit else value[: limit - 1] + f"… ({len(value):,} characters)"


def validate(loaded: YamlFile, schema_name: str, diagnostics: Diagnostics) -> None:
    validator = Draft202012Validator(schema(schema_name), format_checker=_FORMATS)
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
            message = f"bad value for '{key}': {shorten(error.message, 300)}"
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
