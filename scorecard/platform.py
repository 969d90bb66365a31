"""platform.yaml: the schema, field by field, and its loading and validation.

The schema is DESIGN.md section 3. Every problem is collected with its key path and
line, then reported together. Unknown keys are warnings (errors with ``--strict``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from .errors import PlatformError, Problem, Problems
from .model import base_print
from .yamlfile import KeyPath, Locations, format_path, load_yaml

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
Rule = Literal["against", "exclude", "half"]


class _Model(BaseModel):
    # extra keys are kept so that they can be reported as warnings (or errors, --strict)
    # every number must be finite: `weight: .inf` would silently erase scores
    model_config = ConfigDict(extra="allow", str_strip_whitespace=True, frozen=False,
                              allow_inf_nan=False)


class Period(_Model):
    """Which votes the scorecard's main score covers. The lifetime score ignores it."""

    sessions: list[str] = Field(default_factory=list, description=(
        "Only bill entries of these sessions are scored (e.g. ['2023-2024']). Empty: all. "
        "Each must be a session of the dataset; a year (2023) names the session it falls in."))
    start: dt.date | None = Field(None, description="Only roll calls on or after this date.")
    end: dt.date | None = Field(None, description="Only roll calls on or before this date.")

    @field_validator("sessions", mode="before")
    @classmethod
    def _sessions_as_text(cls, v: Any) -> Any:
        if isinstance(v, str | int):
            v = [v]
        return [str(s) for s in v] if isinstance(v, list) else v

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start ({self.start}) is after end ({self.end})")
        return self


class Sponsorship(_Model):
    """How sponsoring a platform bill counts."""

    mode: Literal["separate", "bonus", "action", "off"] = Field("separate", description=(
        "separate: tallies beside the score; bonus: +points per supported bill sponsored, "
        "-points per opposed bill, clamped to +-cap; action: each sponsored bill counts as a "
        "vote of its weight; off: ignored."))
    points: float = Field(5, ge=0, description="Points per sponsored entry in bonus mode.")

    @field_validator("mode", mode="before")
    @classmethod
    def _off(cls, v: Any) -> Any:
        # YAML 1.1 reads an unquoted `off` as false
        return "off" if v is False else v
    cap: float = Field(15, ge=0, description="Largest net bonus or penalty in bonus mode.")


DEFAULT_GRADES = {"A": 90.0, "B": 80.0, "C": 70.0, "D": 60.0, "F": 0.0}


class Scoring(_Model):
    """The scoring rules (DESIGN.md section 4)."""

    absent: Rule = Field("against", description=(
        "How absent, not voting and abstain count: against (0, counted), exclude (not "
        "counted) or half (0.5, counted)."))
    excused: Rule = Field("exclude", description=(
        "How excused, paired and other count: against, exclude or half."))
    forgive_absences: int = Field(0, ge=0, description=(
        "Each legislator's first N counted absences (by date) are excluded."))
    min_votes: int = Field(1, ge=0, description=(
        "A legislator with fewer counted votes gets no score ('insufficient record')."))
    incomplete_below: float = Field(0.8, ge=0, le=1, description=(
        "Participation below this fraction flags the score 'incomplete'; it is shown but "
        "left out of party averages."))
    grades: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_GRADES), description=(
        "Grade -> lowest score that earns it; a score gets the highest grade it reaches."))
    sponsorship: Sponsorship = Field(default_factory=Sponsorship)

    @field_validator("grades")
    @classmethod
    def _grades(cls, v: dict[str, float]) -> dict[str, float]:
        if not v:
            raise ValueError("needs at least one grade, e.g. {A: 90, F: 0}")
        for name, threshold in v.items():
            if not 0 <= threshold <= 100:
                raise ValueError(f"threshold of grade {name!r} must be between 0 and 100")
        return dict(sorted(v.items(), key=lambda kv: -kv[1]))


class Entry(_Model):
    """One scored item of a demand: a bill (with companions) or a list of roll calls."""

    number: str | None = Field(None, description=(
        "Print number without amendment letter, e.g. S1747 (letters are dropped)."))
    same_as: list[str] = Field(default_factory=list, description=(
        "Companion prints: a roll call on any of them counts for this entry."))
    session: str | None = Field(None, description=(
        "Legislative session of the bill, as in bills.csv (e.g. 2019-2020; a year such as "
        "2019 names the dataset's session it falls in). Required with number."))
    rollcalls: list[str] = Field(default_factory=list, description=(
        "Roll calls named directly (nominations, amendments, procedural votes) instead of "
        "a bill."))
    position: Literal["support", "oppose"] = Field(description=(
        "The platform's position: support (yes is aligned) or oppose (no is aligned)."))
    weight: float = Field(1.0, gt=0, description="Weight of each vote; key votes 2.")
    votes: Literal["final", "all"] | list[str] = Field("final", description=(
        "final: the last passage roll call in each chamber; all: every passage roll call; "
        "or a list of rollcall_ids."))
    committee: bool = Field(False, description="Also score committee roll calls on the bill.")
    committee_weight: float | None = Field(None, gt=0, description=(
        "How much each committee vote on the bill counts (with committee: true). Default: "
        "the entry's weight, so a committee member votes on the bill more often, and it "
        "weighs more in their score, than a member who only votes on the floor."))
    title: str | None = Field(None, description="Short name shown on pages.")
    note: str | None = Field(None, description="Context shown on pages (chapter, year...).")
    url: str | None = Field(None, description="Link to the bill's official page.")

    @field_validator("number", "session", mode="before")
    @classmethod
    def _text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int | float) else v

    @field_validator("same_as", "rollcalls", mode="before")
    @classmethod
    def _list(cls, v: Any) -> Any:
        if v is None:
            return []
        if isinstance(v, str):
            return [p for p in re.split(r"[;,\s]+", v) if p]
        return [str(x) for x in v] if isinstance(v, list) else v

    @field_validator("weight", mode="before")
    @classmethod
    def _weight_number(cls, v: Any) -> Any:
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise ValueError(f"must be a number greater than 0, not {v!r}")
        return v

    @model_validator(mode="after")
    def _bill_or_rollcalls(self) -> Entry:
        if self.number and self.rollcalls:
            raise ValueError("give either number (a bill) or rollcalls, not both")
        if not self.number and not self.rollcalls:
            raise ValueError("needs a bill number (number: S1747) or rollcalls: [...]")
        if self.number:
            self.number = base_print(self.number)
            self.same_as = [base_print(n) for n in self.same_as]
            if not self.session:
                raise ValueError(f"bill {self.number} needs its session (e.g. session: 2023-2024)")
        return self

    @property
    def numbers(self) -> list[str]:
        """The entry's print number and its companions."""
        return [self.number, *self.same_as] if self.number else []

    @property
    def label(self) -> str:
        if self.number:
            return " / ".join(self.numbers)
        return self.title or ", ".join(self.rollcalls)


class Demand(_Model):
    """One demand of the platform, in its own words, and the bills that carry it."""

    id: Id
    title: str
    text: str | None = Field(None, description="The demand in the platform's own words.")
    note: str | None = Field(None, description="Why no bill is listed, or other context.")
    bills: list[Entry] = Field(default_factory=list, description=(
        "Bills and roll calls scored for this demand. Empty: no bill yet (shown as such)."))


class Section(_Model):
    """A section of the platform."""

    id: Id
    title: str
    text: str | None = None
    demands: list[Demand] = Field(min_length=1)


class Display(_Model):
    """Presentation settings for the site and workbook."""

    chamber_names: dict[str, str] = Field(default_factory=dict, description=(
        "Display names of upper and lower; defaults come from the jurisdiction."))
    party_colors: dict[str, str] = Field(default_factory=dict, description=(
        "Party name -> colour (#rrggbb); defaults are colour-blind safe."))
    site_url: str | None = Field(None, description="Public address of the site, for share cards.")

    @field_validator("party_colors")
    @classmethod
    def _colors(cls, v: dict[str, str]) -> dict[str, str]:
        for party, colour in v.items():
            if not re.fullmatch(r"#[0-9A-Fa-f]{6}", str(colour)):
                raise ValueError(f"colour of {party!r} must look like #1f77b4, not {colour!r}")
        return v


class Review(_Model):
    """The right of reply: what ``scorecard review`` letters tell each legislator."""

    deadline: dt.date | None = Field(None, description=(
        "The date by which replies must reach you (YYYY-MM-DD), printed in every letter."))
    contact: str | None = Field(None, description=(
        "Where to reply: an email or postal address, printed in every letter."))


class PlatformModel(_Model):
    """The whole platform.yaml."""

    title: str = Field(description="Title of the scorecard.")
    organization: str | None = Field(None, description="Shown in headers and the workbook.")
    jurisdiction: str = Field(description="Two-letter state code, or US for Congress.")
    data: str = Field("votes", description="Dataset folder, relative to platform.yaml.")
    period: Period = Field(default_factory=Period)
    scoring: Scoring = Field(default_factory=Scoring)
    display: Display = Field(default_factory=Display)
    review: Review = Field(default_factory=Review)
    sections: list[Section] = Field(min_length=1)

    @field_validator("jurisdiction")
    @classmethod
    def _jurisdiction(cls, v: str) -> str:
        if not re.fullmatch(r"[A-Za-z]{2}", v):
            raise ValueError(f"must be a two-letter state code or US, not {v!r}")
        return v.upper()


# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlatformEntry:
    """An entry with its place in the platform (what scoring iterates over)."""

    key: str  # "<demand_id>#<n>", unique
    section: Section
    demand: Demand
    entry: Entry
    order: int
    path: KeyPath  # ("sections", i, "demands", j, "bills", k), for messages


DEFAULT_CHAMBER_NAMES = {"US": {"upper": "Senate", "lower": "House"},
                         "NE": {"upper": "Legislature", "lower": "Legislature"}}
STATE_LOWER_NAMES = {"NY": "Assembly", "CA": "Assembly", "NV": "Assembly", "WI": "Assembly",
                     "NJ": "General Assembly", "MD": "House of Delegates",
                     "VA": "House of Delegates", "WV": "House of Delegates"}


@dataclass
class Platform:
    """A validated platform, with the paths it was loaded from."""

    model: PlatformModel
    path: Path
    warnings: list[Problem]  # unknown keys, each with its file and line
    locations: Locations = field(default_factory=Locations)

    @property
    def title(self) -> str:
        return self.model.title

    @property
    def scoring(self) -> Scoring:
        return self.model.scoring

    @property
    def data_dir(self) -> Path:
        return (self.path.parent / self.model.data).resolve()

    def chamber_name(self, chamber: str) -> str:
        names = self.model.display.chamber_names
        if chamber in names:
            return names[chamber]
        j = self.model.jurisdiction
        if j in DEFAULT_CHAMBER_NAMES:
            return DEFAULT_CHAMBER_NAMES[j].get(chamber, chamber)
        return "Senate" if chamber == "upper" else STATE_LOWER_NAMES.get(j, "House")

    def entries(self) -> Iterator[PlatformEntry]:
        """Every entry of every demand, in file order."""
        order = 0
        for si, section in enumerate(self.model.sections):
            for di, demand in enumerate(section.demands):
                for i, entry in enumerate(demand.bills):
                    path: KeyPath = ("sections", si, "demands", di, "bills", i)
                    yield PlatformEntry(f"{demand.id}#{i + 1}", section, demand, entry, order, path)
                    order += 1

    def where(self, path: KeyPath) -> str:
        """``line N`` of a key path in the platform file, for messages."""
        line = self.locations.line(path)
        return f"line {line}" if line else ""

    def bill_entries(self) -> Iterator[PlatformEntry]:
        """The entries that name a bill (not roll calls directly)."""
        return (e for e in self.entries() if e.entry.number)


def _items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(key) if isinstance(data, dict) else None
    return [(i, x) for i, x in enumerate(value) if isinstance(x, dict)] if isinstance(
        value, list) else []


def _check_unique(data: Any, locs: Locations, problems: Problems, file: str) -> None:
    """Duplicate section, demand and bill ids (checked on the raw data, beside the schema)."""
    sections: dict[str, KeyPath] = {}
    demands: dict[str, KeyPath] = {}
    for si, section in _items(data, "sections"):
        path: KeyPath = ("sections", si, "id")
        sid = str(section.get("id"))
        if "id" in section and sid in sections:
            problems.error(file, f"section id {sid!r} is used twice (also "
                           f"{format_path(sections[sid])}); ids must be unique.", _line(locs, path))
        sections.setdefault(sid, path)
        for di, demand in _items(section, "demands"):
            dpath: KeyPath = ("sections", si, "demands", di, "id")
            did = str(demand.get("id"))
            if "id" in demand and did in demands:
                problems.error(file, f"demand id {did!r} is used twice (also "
                               f"{format_path(demands[did])}); ids must be unique.",
                               _line(locs, dpath))
            demands.setdefault(did, dpath)
            bills: dict[tuple[str, str], KeyPath] = {}
            for bi, entry in _items(demand, "bills"):
                if not entry.get("number"):
                    continue
                key = (str(entry.get("session", "")), base_print(str(entry["number"])))
                bpath: KeyPath = ("sections", si, "demands", di, "bills", bi, "number")
                if key in bills:
                    problems.error(file, f"bill {key[1]} ({key[0]}) is listed twice in demand "
                                   f"{did!r} (also {format_path(bills[key])}).", _line(locs, bpath))
                bills.setdefault(key, bpath)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside ``Model``, ``list[Model]`` or ``Model | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _unknown_keys(data: Any, cls: type[BaseModel], path: KeyPath, out: list[KeyPath]) -> None:
    """Keys of the raw data that the schema does not know."""
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        field = cls.model_fields.get(str(key))
        if field is None:
            out.append((*path, key))
            continue
        sub = _model_of(field.annotation)
        if sub is None:
            continue
        if isinstance(value, list):
            for i, item in enumerate(value):
                _unknown_keys(item, sub, (*path, key, i), out)
        else:
            _unknown_keys(value, sub, (*path, key), out)


def _describe(err: ErrorDetails) -> str:
    kind, msg = err["type"], err["msg"]
    if kind == "missing":
        return "is required but missing"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"must be one of {expected}, not {err.get('input')!r}"
    if kind in ("greater_than", "greater_than_equal", "less_than_equal"):
        return f"must be {msg.lower().removeprefix('input should be ')}, not {err.get('input')!r}"
    if kind == "finite_number":
        return f"must be a finite number, not {err.get('input')!r}"
    if kind == "too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        return (f"{err.get('input')!r} is not a valid id: use letters, digits, '-', '_' or '.', "
                "starting with a letter or digit")
    msg = msg.removeprefix("Value error, ")
    return msg[0].lower() + msg[1:] if msg else kind


def _error_path(loc: tuple[Any, ...]) -> KeyPath:
    # pydantic puts union/literal branch names into loc; drop the non-key parts
    return tuple(p for p in loc if isinstance(p, int) or not str(p).startswith(("literal[",
                 "list[", "function-")))


def _line(locs: Locations, path: KeyPath) -> str:
    line = locs.line(path)
    return f"line {line}" if line else ""


def load_platform(path: Path | str, strict: bool = False) -> Platform:
    """Load and validate platform.yaml; raise PlatformError listing every problem."""
    path = Path(path)
    file = str(path)
    data, locs = load_yaml(path, "platform file")
    problems = Problems()
    if not isinstance(data, dict):
        raise PlatformError(f"{file}, line 1: the platform file must be a mapping with title, "
                            "jurisdiction and sections (see README.md, 'platform.yaml').")
    extra: list[KeyPath] = []
    _unknown_keys(data, PlatformModel, (), extra)
    for p in extra:
        problems.warn(file, f"unknown key {format_path(p)!r} is ignored (check its spelling)",
                      _line(locs, p))
    model: PlatformModel | None = None
    try:
        model = PlatformModel.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            p = _error_path(err["loc"])
            problems.error(file, f"{format_path(p)} {_describe(err)}", _line(locs, p))
    _check_unique(data, locs, problems, file)
    problems.items.sort(key=lambda pr: int(pr.where.split()[-1]) if pr.where else 0)
    problems.raise_if_errors(PlatformError, f"{file} is not a valid platform", strict=strict)
    assert model is not None
    return Platform(model=model, path=path.resolve(), warnings=list(problems.warnings),
                    locations=locs)
