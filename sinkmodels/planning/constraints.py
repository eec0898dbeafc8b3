"""The three control lines and the rules table: where which action is allowed.

Zones come from polygons (ecological protection red line with ``zone`` core/general, permanent
basic farmland, urban development boundary), rasterized on the analysis grid; a pixel may lie in
several zones. ``constraint_rules.csv`` says, per row, whether an action (a kind such as
``afforestation`` or an action id, or ``*``) is allowed in a zone (``redline_core``,
``redline_general``, ``farmland``, ``urban``, ``outside_urban``, ``none`` = in no zone, ``any``)
on a land class (legend name with spaces as underscores, e.g. ``tidal_flat``, or ``*``).

How a decision is made for one pixel and one action: the rows whose action (``*``, the kind or
the action id), zone (``any`` or a zone the pixel is in) and land class (``*`` or the pixel's)
match are collected. The action is **forbidden** if one of them is a prohibition that no matching
permission *refines* — a permission refines a prohibition when each of its fields is the same or
more specific (``*`` < kind < action id; ``any`` < a named zone; ``*`` < a class) and at least
one is strictly more specific. So ``mangrove_planting, any, *, no`` with ``mangrove_planting,
any, tidal_flat, yes`` allows mangroves only on tidal flats, while ``*, redline_core, *, no``
cannot be lifted by a permission for ``any`` zone. No matching prohibition means allowed. The
first unlifted prohibition (table order) is the ``rule_id`` a conflict reports.

:class:`RulesFile` is the table as text for an editor: read as the loader reads it (even when it
does not load), written back only after :meth:`Rules.load` has accepted exactly what is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gis.errors import InputError, SinkplannerError
from gis.io import atomic_path
from sinkmodels.planning.cohorts import (
    FARMLAND,
    REDLINE_CORE,
    REDLINE_GENERAL,
    URBAN,
)
from sinkmodels.planning.tables import ACTION_KINDS, CONSTRAINT_RULES, load_rules_table

#: The default rules table (SCIENCE.md §5), the one the demo county ships with.
DEFAULT_RULES = (Path(__file__).resolve().parents[2] / "sample_data" / "demo_county" / "tables"
                 / "constraint_rules.csv")

_ZONE_OF_BIT = ((REDLINE_CORE, "redline_core"), (REDLINE_GENERAL, "redline_general"),
                (FARMLAND, "farmland"), (URBAN, "urban"))


def zone_names(mask: int) -> list[str]:
    """The zone names a pixel with zone bits ``mask`` is in (``none`` when in no zone);
    ``outside_urban`` is added when the urban bit is not set."""
    names = [n for b, n in _ZONE_OF_BIT if mask & b]
    if not names:
        names.append("none")
    if not mask & URBAN:
        names.append("outside_urban")
    return names


def class_names(legend: pd.DataFrame) -> dict[int, str]:
    """Land-cover code → rule class name (legend ``name_en``/``class``, lower case, spaces as
    underscores)."""
    cols = {c.lower(): c for c in legend.columns}
    name_col = cols.get("class") or cols.get("name_en") or cols.get("name")
    code_col = cols.get("code") or cols.get("lucode")
    if name_col is None or code_col is None:
        raise InputError("table_columns", path=str(legend.attrs.get("source", "legend")),
                         missing="code, name_en", expected="code, name_en, ecosystem")
    return {int(c): _norm(n) for c, n in zip(legend[code_col], legend[name_col], strict=True)}


def _norm(s: Any) -> str:
    return "_".join(str(s).strip().lower().split())


@dataclass
class Rules:
    """The rules table, compiled for fast lookups."""

    frame: pd.DataFrame
    classes: Mapping[int, str]
    kind_of: Mapping[str, str]  # action id → kind (ids from actions.csv)

    @classmethod
    def load(cls, path: str | Path, legend: pd.DataFrame,
             kind_of: Mapping[str, str] | None = None) -> Rules:
        return cls(load_rules_table(path), class_names(legend), dict(kind_of or {}))

    def __post_init__(self) -> None:
        f = self.frame.reset_index(drop=True)
        self._rows = [(str(r["rule_id"]), _norm(r["action"]), str(r["zone"]),
                       _norm(r["land_class"]), bool(r["allowed"])) for r in f.to_dict("records")]
        self._cache: dict[str, np.ndarray] = {}
        known = set(ACTION_KINDS) | set(self.kind_of) | {"*"}
        file_rows = f.attrs.get("rows") or range(1, len(self._rows) + 1)
        for (rid, act, _z, _lc, _a), row in zip(self._rows, file_rows, strict=True):
            if act not in known:
                raise InputError("plan_rule_action", path=str(f.attrs.get("source", "rules")),
                                 rule=rid, action=act, known=", ".join(sorted(known)), row=row)

    @property
    def rule_ids(self) -> list[str]:
        return [r[0] for r in self._rows]

    def rule(self, index: int) -> dict[str, Any]:
        rec = self.frame.reset_index(drop=True).iloc[index].to_dict()
        return {k: (v.item() if hasattr(v, "item") else v) for k, v in rec.items()}

    def resolve(self, action: str) -> tuple[str, str]:
        """(action id, kind) of an action id or kind name; raises for unknown names."""
        a = _norm(action)
        if a in self.kind_of:
            return a, self.kind_of[a]
        if a in ACTION_KINDS:
            return a, a
        raise InputError("plan_action_unknown_plain", action=action,
                         known=", ".join(sorted(set(ACTION_KINDS) | set(self.kind_of))))

    def _decide(self, action_id: str, kind: str, zones: Sequence[str], lclass: str) -> int:
        """Index of the first prohibition that applies and that no more specific exception
        lifts, or -1 when allowed."""
        zs = set(zones) | {"any"}
        match = [i for i, (_r, act, z, lc, _a) in enumerate(self._rows)
                 if act in ("*", kind, action_id) and z in zs and lc in ("*", lclass)]

        def refines(a: int, d: int) -> bool:
            _ra, aa, za, la, _ = self._rows[a]
            _rd, ad, zd, ld, _ = self._rows[d]
            act_ok = aa == ad or ad == "*" or (ad == kind and aa == action_id)
            return (act_ok and (za == zd or zd == "any") and (la == ld or ld == "*")
                    and (aa, za, la) != (ad, zd, ld))

        allows = [i for i in match if self._rows[i][4]]
        for d in match:
            if not self._rows[d][4] and not any(refines(a, d) for a in allows):
                return d
        return -1

    def deny_table(self, action: str) -> np.ndarray:
        """``table[zone_mask, lc]`` = index of the deciding prohibition, -1 when allowed
        (shape 16 × 256, int32)."""
        aid, kind = self.resolve(action)
        if aid in self._cache:
            return self._cache[aid]
        tab = np.full((16, 256), -1, dtype=np.int32)
        for mask in range(16):
            zones = zone_names(mask)
            # codes the legend does not name only match wildcard rows: decide once for them
            tab[mask, :] = self._decide(aid, kind, zones, "")
            for code, lclass in self.classes.items():
                if 0 <= code < 256:
                    tab[mask, code] = self._decide(aid, kind, zones, lclass)
        self._cache[aid] = tab
        return tab

    def denied(self, action: str, zone: np.ndarray, lc: np.ndarray) -> np.ndarray:
        """Deciding prohibition index per element (-1 = allowed)."""
        return self.deny_table(action)[np.asarray(zone, dtype=np.int64) & 15,  # type: ignore[no-any-return]
                                       np.asarray(lc, dtype=np.int64) & 255]

    def allowed(self, action: str, zone: np.ndarray, lc: np.ndarray) -> np.ndarray:
        return self.denied(action, zone, lc) < 0


# --------------------------------------------------------------------------------------------
# the rules table as text, for editing

#: Free-text columns, always quoted when written (as in the shipped table).
_QUOTED = ("reason_en", "reason_zh", "source")


@dataclass
class RulesFile:
    """A rules table as text cells: the comment lines before its header (kept when the table is
    written back), its columns (the schema's, then any extra ones of the file) and one
    ``{column: text}`` per rule, in table order."""

    comments: list[str]
    columns: list[str]
    rows: list[dict[str, str]]

    @classmethod
    def read(cls, path: str | Path) -> RulesFile:
        """Read ``path`` with the table reader's own parsing (encoding, delimiter, comment and
        blank lines) but without checking the cells, so a table that does not load can still
        be opened and fixed."""
        # the reader's private parsing, so an editor sees the cells exactly as the planner does
        from gis.tables import _decode, _records

        p = Path(path)
        text, _encoding = _decode(p)
        header, records = _records(text, p)
        comments = []
        for line in text.splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                break
            comments.append(line)
        canon = {c.key: c.name for c in CONSTRAINT_RULES.columns}
        names = [canon.get(h.strip().casefold(), h.strip()) for h in header]
        columns = CONSTRAINT_RULES.names + [n for n in names
                                            if n and n not in CONSTRAINT_RULES.names]
        rows = [{**dict.fromkeys(columns, ""),
                 **{n: c.strip() for n, c in zip(names, cells, strict=False) if n}}
                for _row, cells in records]
        return cls(comments, columns, rows)

    def text(self) -> str:
        """The CSV text: the comments, the header, one line per rule (line breaks inside a cell
        become spaces, so rule *i* is on line ``len(comments) + 1 + i``)."""

        def cell(column: str, value: str) -> str:
            s = " ".join(str(value).splitlines()).strip()
            if column in _QUOTED or "," in s or '"' in s:
                return '"' + s.replace('"', '""') + '"'
            return s

        lines = [*self.comments, ",".join(self.columns)]
        lines += [",".join(cell(c, r.get(c, "")) for c in self.columns) for r in self.rows]
        return "\n".join(lines) + "\n"

    def save(self, path: str | Path, legend: pd.DataFrame,
             kind_of: Mapping[str, str] | None = None, *, name: str | None = None) -> Rules:
        """Write the table to ``path`` (UTF-8) atomically, checked first exactly as the planner
        reads it: the text goes to a temporary file beside ``path`` that :meth:`Rules.load`
        reads. A problem raises the loader's error, with rows numbered as in :attr:`rows`
        (1 = the first rule) and ``name`` (default ``path``) as the table's name, and leaves
        ``path`` as it was."""
        with atomic_path(path) as tmp:
            tmp.write_text(self.text(), encoding="utf-8")
            try:
                rules = Rules.load(tmp, legend, kind_of)
            except SinkplannerError as exc:
                raise self._renumbered(exc, name or str(path)) from None
        rules.frame.attrs["source"] = str(path)
        return rules

    def _renumbered(self, exc: SinkplannerError, name: str) -> SinkplannerError:
        """``exc`` with file rows turned into rule numbers and ``name`` as the path."""
        before = len(self.comments) + 1  # lines above the first rule: comments and the header
        params = {k: v for k, v in exc.params.items() if k != "path"}
        if "row" in params:
            params["row"] = int(params["row"]) - before
        if "rows" in params:
            params["rows"] = ", ".join(str(int(r) - before) for r in str(params["rows"]).split(","))
        return type(exc)(exc.code, path=name, **params)


# --------------------------------------------------------------------------------------------
# conflicts of an imported plan layer


@dataclass
class Conflicts:
    """Conflicts of a plan: one row per (rule, polygon) with the offending area, and the
    summary per rule (area, number and list of polygons)."""

    by_polygon: pd.DataFrame
    by_rule: pd.DataFrame
    geometries: Any = None  # GeoDataFrame of the offending polygons (rule ids, areas)

    @property
    def total_area_ha(self) -> float:
        return float(self.by_polygon["area_ha"].sum()) if len(self.by_polygon) else 0.0


CONFLICT_COLUMNS = ["rule_id", "action", "zone", "land_class", "feature", "plan_action",
                    "area_ha", "reason_en", "reason_zh", "source"]


def plan_conflicts(cohort_layers: Any, rules: Rules, plan_ids: Any, plan_actions: Sequence[str],
                   *, feature_labels: Sequence[Any] | None = None, threads: int = 2,
                   block_rows: int = 1024) -> Conflicts:
    """Check an imported plan: ``plan_ids`` is the 1-based feature-id raster of the plan
    polygons on the grid of ``cohort_layers`` (:class:`~.cohorts.PlanLayers`), and
    ``plan_actions[i-1]`` the action of feature ``i``. Returns the area (ha) of every polygon
    that lies where a rule forbids its action, per rule."""
    from sinkmodels.planning.cohorts import (
        KeyMaker,
        _Reader,
        _run,
        block_windows,
        gdal_cache_bytes,
    )

    grid = cohort_layers.grid
    maker = KeyMaker(cohort_layers)
    reader = _Reader({"plan": plan_ids})
    nfeat = len(plan_actions)
    resolved = [rules.resolve(a) for a in plan_actions]
    uniq = sorted({aid for aid, _k in resolved})
    tables = np.stack([rules.deny_table(a) for a in uniq]) if uniq else np.zeros((0, 16, 256),
                                                                                 np.int32)
    act_of_feat = np.array([-1] + [uniq.index(aid) for aid, _k in resolved], dtype=np.int64)
    nrules = len(rules.rule_ids)
    geographic = grid.is_geographic
    px = None if geographic else grid.pixel_area_ha()
    g, z, _t, _c = maker.packing.shifts

    def one(win: Any) -> np.ndarray:
        keys = maker.keys(win)
        fid = reader.read("plan", win).astype(np.int64)
        ok = (keys >= 0) & (fid > 0) & (fid <= nfeat)
        acc = np.zeros((nfeat + 1) * max(nrules, 1))
        if not ok.any():
            return acc
        k = keys[ok]
        f = fid[ok]
        lc = k & 0xFF
        zone = (k >> z) & 0xF
        deny = tables[act_of_feat[f], zone, lc]
        bad = deny >= 0
        if not bad.any():
            return acc
        if geographic:
            rows = grid.row_area_ha(int(win.row_off), int(win.row_off + win.height))
            w = np.broadcast_to(rows[:, None], keys.shape)[ok][bad]
        else:
            w = np.full(int(bad.sum()), px)
        idx = f[bad] * nrules + deny[bad]
        return np.bincount(idx, weights=w, minlength=acc.shape[0])

    wins = block_windows(grid, block_rows)
    parts = _run(one, wins, threads, None, "conflicts",
                 gdal_cache_bytes(grid, wins, cohort_layers.sources(), threads))
    maker.reader.close()
    reader.close()
    total = np.sum(parts, axis=0).reshape(nfeat + 1, max(nrules, 1))
    rows = []
    frame = rules.frame.reset_index(drop=True)
    for fi, ri in zip(*np.nonzero(total), strict=True):
        rec = frame.iloc[int(ri)]
        rows.append({"rule_id": rec["rule_id"], "action": rec["action"], "zone": rec["zone"],
                     "land_class": rec["land_class"],
                     "feature": (feature_labels[fi - 1] if feature_labels is not None
                                 else int(fi)),
                     "plan_action": plan_actions[fi - 1], "area_ha": float(total[fi, ri]),
                     "reason_en": rec.get("reason_en", ""), "reason_zh": rec.get("reason_zh", ""),
                     "source": rec["source"]})
    by_poly = pd.DataFrame(rows, columns=CONFLICT_COLUMNS)
    return Conflicts(by_poly, summarize(by_poly))


def summarize(by_polygon: pd.DataFrame) -> pd.DataFrame:
    """Per rule: total area, number of polygons and their list."""
    cols = ["rule_id", "area_ha", "n_polygons", "polygons", "reason_en", "reason_zh"]
    if by_polygon.empty:
        return pd.DataFrame(columns=cols)
    g = by_polygon.groupby("rule_id", sort=True)
    out = pd.DataFrame({
        "area_ha": g["area_ha"].sum(),
        "n_polygons": g["feature"].nunique(),
        "polygons": g["feature"].agg(lambda s: ";".join(str(v) for v in sorted(set(s), key=str))),
        "reason_en": g["reason_en"].first(),
        "reason_zh": g["reason_zh"].first(),
    }).reset_index()
    return out[cols]
