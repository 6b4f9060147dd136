"""The registers: persons, places and organisations named in the texts.

One YAML file per register (`seeds/apparatus/persons.yml`, `places.yml`, `organisations.yml`),
each entry with a one-line identification and the forms of the name the texts use. The
`link_entities` pass links names in the texts to their entry (identification on hover); each
register page lists its entries alphabetically, with a link to every paragraph naming them.

All three registers share one matcher, so that the longest name wins across registers:
"University College London" is an organisation, not the place London.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_tools.apparatus.entry_pages import Entry, capped_references, places_by_text
from build_tools.apparatus.glossary import TextLabel
from build_tools.apparatus.mentions import MatchEntry, Matcher, Place
from build_tools.diagnostics import Diagnostics
from build_tools.load.yaml_data import YamlFile, read_yaml
from build_tools.passes.typography import typeset
from build_tools.render.markdown_escape import escape_text


@dataclass(frozen=True)
class RegisterKind:
    kind: str  # person / place / organisation: the `register:` value and the anchor prefix
    file: str
    page: str
    title: str
    intro: str


KINDS: tuple[RegisterKind, ...] = (
    RegisterKind("person", "persons.yml", "persons.md", "Persons",
                 "Persons named in the texts, with a one-line identification and every paragraph that names "
                 "them, including their citations as authors. The register’s policy on cited authors: every "
                 "author of a work the texts cite or name is here, whether or not the texts discuss them (their "
                 "works are in the Bibliography); the editors of the books cited are not."),
    RegisterKind("place", "places.yml", "places.md", "Places",
                 "Cities, regions and countries named in the texts, with every paragraph that names them."),
    RegisterKind("organisation", "organisations.yml", "organisations.md", "Organisations",
                 "Institutions, networks, programmes and movements named in the texts, with every paragraph "
                 "that names them."),
)
KIND_BY_NAME = {k.kind: k for k in KINDS}


def entity_key(kind: str, entity_id: str) -> str:
    """The key of an entry across registers, as themes.yml writes it: `person/sassen`."""
    return f"{kind}/{entity_id}"


def entity_anchor(kind: str, entity_id: str) -> str:
    return f"{kind}-{entity_id}"


def entity_page(kind: str) -> str:
    return KIND_BY_NAME[kind].page


@dataclass(frozen=True)
class Entity:
    kind: str
    id: str
    name: str
    sort_as: str
    identification: str
    variants: tuple[str, ...]  # the name first
    exclude: tuple[str, ...]
    line: int

    @property
    def key(self) -> str:
        return entity_key(self.kind, self.id)


@dataclass(frozen=True)
class Register:
    kind: RegisterKind
    file: str  # display path
    entities: tuple[Entity, ...]


@dataclass(frozen=True)
class Registers:
    registers: tuple[Register, ...]

    def entities(self) -> list[Entity]:
        return [e for r in self.registers for e in r.entities]

    def by_key(self) -> dict[str, Entity]:
        return {e.key: e for e in self.entities()}

    def matcher(self) -> Matcher:
        # Names are matched exactly as written: "Mason" the author, never "mason".
        return Matcher((MatchEntry(e.key, e.variants, e.exclude) for e in self.entities()), fold_first_letter=False)


def parse_register(kind: RegisterKind, loaded: YamlFile, diagnostics: Diagnostics) -> Register | None:
    if loaded.data["register"] != kind.kind:
        diagnostics.error("G009", f"{kind.file} declares register '{loaded.data['register']}', expected '{kind.kind}'",
                          loaded.display, loaded.line_of("register"), hint=f"write `register: {kind.kind}`")
        return None
    entities: list[Entity] = []
    for index, item in enumerate(loaded.data["entries"]):
        variants = tuple(dict.fromkeys([item["name"], *item.get("variants", [])]))
        entities.append(Entity(kind.kind, item["id"], item["name"], item.get("sort_as", item["name"]),
                               typeset(" ".join(item["identification"].split())), variants,
                               tuple(item.get("exclude", [])), loaded.line_of("entries", index)))
    return Register(kind, loaded.display, tuple(entities))


def load_registers(apparatus_dir: Path, display_dir: str, diagnostics: Diagnostics) -> Registers | None:
    """Every register that has a file (None if there is none)."""
    registers: list[Register] = []
    for kind in KINDS:
        path = apparatus_dir / kind.file
        if not path.exists():
            continue
        loaded = read_yaml(path, f"{display_dir}/{kind.file}", "register", diagnostics)
        register = parse_register(kind, loaded, diagnostics) if loaded is not None else None
        if register is not None:
            registers.append(register)
    return Registers(tuple(registers)) if registers else None


# --- the register pages -------------------------------------------------------------------


def _initial(entity: Entity) -> str:
    first = entity.sort_as[:1].upper()
    return first if first.isalpha() else "#"


def render_register_page(register: Register, places: dict[str, list[Place]], texts: list[TextLabel],
                         entry_pages: dict[str, str] | None = None) -> str:
    """One register: entries alphabetical under letter headings, each anchored `#<kind>-<id>` (an
    entry named in many texts: its first texts, and its own page, added to `entry_pages`)."""
    kind = register.kind
    extra: dict[str, str] = {} if entry_pages is None else entry_pages
    # Out of the search index (every reader downloads it on a first visit; page weight): the
    # entries are lists of places in the texts, and the names are found in the texts themselves.
    out = ["---", f"title: {kind.title}", "search:", "  exclude: true", "---", "", f"# {kind.title}", "",
           kind.intro, ""]
    letter = ""
    for entity in sorted(register.entities, key=lambda e: e.sort_as.casefold()):
        if _initial(entity) != letter:
            letter = _initial(entity)
            out += [f"## {letter} {{ #{kind.kind}-letter-{letter.lower()} }}", ""]
        entry = Entry(kind.kind, entity.id, entity.sort_as, f"{kind.page}#{entity_anchor(kind.kind, entity.id)}",
                      f"Every paragraph of the texts that names {entity.name}, text by text.")
        refs = capped_references(entry, places_by_text(places.get(entity.key, []), texts), extra)
        named = f"Named in {refs}." if refs else "Not named in the texts."
        out += [f"**{escape_text(entity.sort_as)}** — {escape_text(entity.identification)}  ",
                named, f"{{: #{entity_anchor(kind.kind, entity.id)} .register-entry }}", ""]
    return "\n".join(out).rstrip() + "\n"
