"""What every pass receives besides the document: the seed it came from and a diagnostics sink."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from build_tools.diagnostics import Diagnostics
from build_tools.load.seeds import Seed

if TYPE_CHECKING:
    from build_tools.apparatus.indexes import Indexes


@dataclass
class PassContext:
    seed: Seed
    diagnostics: Diagnostics
    indexes: Indexes | None = None  # glossary and registers, for link_terms / link_entities
    # A source line of a two-column page holds text of both columns: `split_columns` records here
    # the halves it cut it into, so a pass that finds printed lines again reads each half
    line_pieces: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # A column's block may skip source lines (the other column's, where the baselines do not line
    # up): the source line of each of its lines, by the block's id, for the layout pass
    line_numbers: dict[int, list[int]] = field(default_factory=dict)

    @property
    def file(self) -> str:
        return self.seed.source_display

    @cached_property
    def source_lines(self) -> list[str]:
        """The source's lines, split once per text for every pass that reads them (read only:
        the passes share the list). Passes ask for a line per diagnostic, and a hostile text can
        raise one per word (splitting the whole text each time made that quadratic)."""
        return self.seed.text.split("\n")

    def source_line(self, line: int) -> str:
        lines = self.source_lines
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def printed_lines(self, line: int) -> tuple[str, ...]:
        """What a source line printed, as the reading order has it: its column halves, or the line."""
        return self.line_pieces.get(line) or (self.source_line(line).strip(),)

    def column_of(self, line: int, needle: str) -> int:
        """1-based column of `needle` on a source line (0 if it is not there)."""
        index = self.source_line(line).find(needle)
        return index + 1 if index >= 0 else 0
