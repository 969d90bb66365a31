"""A dataset's ``dataset.yaml``: where its data came from (DESIGN.md section 2), read, and
merged as imports accumulate it. Written by :func:`scorecard.tables.write_meta` (staged
with the tables)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, Problems, ScorecardError
from .model import DATASET_META
from .yamlfile import load_yaml


def read_meta(folder: Path, problems: Problems) -> dict[str, Any]:
    """Read ``dataset.yaml`` (provenance). Absent: an empty mapping and a warning."""
    path = folder / DATASET_META
    if not path.exists():
        problems.warn(str(path), "is missing: the methodology page will not name the data's "
                      "source or date. Add source, jurisdiction, sessions, fetched_at, notes.")
        return {}
    try:
        meta = load_yaml(path, DATASET_META, DataError)[0] or {}
    except ScorecardError as exc:
        problems.extend(Problems(list(exc.problems)))
        return {}
    if not isinstance(meta, dict):
        problems.error(str(path), "must be a mapping of keys (source, jurisdiction, ...).")
        return {}
    return meta


def merged_meta(folder: Path, meta: Mapping[str, Any]) -> dict[str, Any]:
    """dataset.yaml's keys after ``meta`` is merged into the folder's: sources and sessions
    accumulate, other keys are replaced."""
    path = Path(folder) / DATASET_META
    current: dict[str, Any] = {}
    if path.exists():
        current = load_yaml(path, DATASET_META, DataError)[0] or {}
    out = dict(current)
    for key, value in meta.items():
        if key in ("sessions",) and key in out:
            merged = list(dict.fromkeys([*(out[key] or []), *(value or [])]))
            out[key] = sorted(merged, key=str)
        elif key == "source" and out.get("source") and out["source"] != value:
            sources = out["source"] if isinstance(out["source"], list) else [out["source"]]
            out["source"] = list(dict.fromkeys([*sources, value]))
        else:
            out[key] = value
    return out


def meta_text(meta: Mapping[str, Any]) -> str:
    """dataset.yaml's text: keys in the order given, any characters as they are."""
    return yaml.safe_dump(dict(meta), sort_keys=False, allow_unicode=True, width=100)
