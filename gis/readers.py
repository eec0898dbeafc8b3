"""The reader registry: file patterns → readers that all return a :class:`~gis.layers.Layer`.

Open and drop handlers call :func:`open_layer` and never branch on extensions; file dialogs use
:func:`supported_patterns` / :func:`file_dialog_filters`. New formats are added with
:func:`register_reader`.

Built-in readers (patterns are matched case-insensitively against the file or folder name):

=========================================================  ========  ==========================
patterns                                                   kind      notes
=========================================================  ========  ==========================
``*.tif *.tiff *.img *.vrt *.asc``                         raster    via rasterio/GDAL
``*.gpkg *.geojson *.json *.fgb``                          vector    via pyogrio
``*.shp``                                                  vector    .cpg honoured; undeclared
                                                                     non-UTF-8 text is refused
``*.zip``                                                  vector    zipped shapefile
``*.gdb`` (folder)                                         vector    Esri FileGDB (OpenFileGDB)
``*.kml``                                                  vector    only if GDAL has a KML driver
=========================================================  ========  ==========================

Common options: ``crs`` (any CRS text, e.g. ``"EPSG:4547"``; assigned, overriding the file's),
``encoding`` (shapefile attribute encoding, e.g. ``"GBK"``), ``layer`` (sub-layer of a
multi-layer file), ``name`` (display name; default: the file's stem).
"""

from __future__ import annotations

import codecs
import fnmatch
import warnings
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from rasterio.crs import CRS

from gis.errors import CRSError, EncodingError, MissingFileError, UnreadableError
from gis.grid import GridSpec, to_crs
from gis.layers import Layer, RasterLayer, VectorLayer
from gis.validate import Issue

Kind = Literal["raster", "vector"]


class Reader(Protocol):
    def __call__(self, path: Path, *, crs: Any = None, encoding: str | None = None,
                 layer: str | None = None, name: str | None = None) -> Layer: ...


@dataclass(frozen=True)
class ReaderEntry:
    patterns: tuple[str, ...]
    reader: Callable[..., Layer]
    kind: str

    def matches(self, filename: str) -> bool:
        low = filename.lower()
        return any(fnmatch.fnmatchcase(low, p.lower()) for p in self.patterns)


_REGISTRY: list[ReaderEntry] = []


def register_reader(patterns: Sequence[str], reader: Callable[..., Layer], kind: str,
                    *, first: bool = False) -> ReaderEntry:
    """Register ``reader`` for file names matching any of the glob ``patterns``.

    ``reader(path, *, crs=None, encoding=None, layer=None, name=None) -> Layer``. ``kind`` is
    'raster' or 'vector' (used to group file-dialog filters). Later registrations are tried
    after earlier ones unless ``first=True``.
    """
    if isinstance(patterns, str):
        patterns = [patterns]
    entry = ReaderEntry(tuple(patterns), reader, kind)
    if first:
        _REGISTRY.insert(0, entry)
    else:
        _REGISTRY.append(entry)
    return entry


def find_reader(path: str | Path) -> ReaderEntry | None:
    """The first registered reader whose patterns match ``path``'s name, or None."""
    name = Path(path).name
    for entry in _REGISTRY:
        if entry.matches(name):
            return entry
    return None


def supported_patterns(kind: str | None = None) -> list[str]:
    """All registered patterns (of one ``kind`` if given), in registration order, unique."""
    out: list[str] = []
    for entry in _REGISTRY:
        if kind is None or entry.kind == kind:
            out.extend(p for p in entry.patterns if p not in out)
    return out


def file_dialog_filters(lang: str = "en") -> str:
    """A Qt file-dialog filter string: all supported, rasters, vectors."""
    labels = {"en": ("All supported", "Raster", "Vector"), "zh": ("所有支持的格式", "栅格", "矢量")}
    all_, ras, vec = labels.get(lang, labels["en"])
    return ";;".join([f"{all_} ({' '.join(supported_patterns())})",
                      f"{ras} ({' '.join(supported_patterns('raster'))})",
                      f"{vec} ({' '.join(supported_patterns('vector'))})"])


def open_layer(path: str | Path, *, crs: Any = None, encoding: str | None = None,
               layer: str | None = None, name: str | None = None) -> Layer:
    """Open the layer at ``path`` (metadata only) with the reader registered for its name.

    Raises :class:`~gis.errors.MissingFileError` (no such file),
    :class:`~gis.errors.UnreadableError` (``file_unreadable``, ``format_unsupported``,
    ``rotated_grid``, ``layer_not_found``), :class:`~gis.errors.CRSError` (``no_crs`` when the
    file has no CRS and ``crs`` is not given; ``crs_invalid``) and
    :class:`~gis.errors.EncodingError` (``encoding_undeclared``).
    """
    p = Path(path)
    if not p.exists():
        raise MissingFileError(path=p)
    entry = find_reader(p)
    if entry is None:
        raise UnreadableError("format_unsupported", path=p, suffix=p.suffix or p.name,
                              supported=" ".join(supported_patterns()))
    return entry.reader(p, crs=crs, encoding=encoding, layer=layer, name=name)


# --------------------------------------------------------------------------------------------
# CRS handling


def _override_crs(path: Path, crs: Any) -> CRS:
    try:
        return to_crs(crs)
    except Exception as exc:  # noqa: BLE001 - rasterio raises CRSError, pyproj others
        raise CRSError("crs_invalid", path=path, crs=str(crs), detail=str(exc)) from exc


def _resolve_crs(path: Path, file_crs: Any, override: Any) -> tuple[CRS, bool]:
    """(crs, overridden): the override if given, else the file's; CRSError if neither."""
    if override is not None and override != "":
        return _override_crs(path, override), True
    if file_crs is None or (isinstance(file_crs, CRS) and not file_crs.to_wkt()):
        raise CRSError(path=path)
    try:
        return to_crs(file_crs), False
    except Exception as exc:  # noqa: BLE001
        raise CRSError("crs_invalid", path=path, crs=str(file_crs)[:80], detail=str(exc)) from exc


# --------------------------------------------------------------------------------------------
# rasters


def read_raster(path: Path, *, crs: Any = None, encoding: str | None = None,
                layer: str | None = None, name: str | None = None,
                source: str | None = None) -> RasterLayer:
    """Open a raster's metadata with rasterio. North-up grids only (``rotated_grid``)."""
    import rasterio
    from rasterio.errors import NotGeoreferencedWarning

    src = source or str(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NotGeoreferencedWarning)
            ds = rasterio.open(src)
    except Exception as exc:  # noqa: BLE001 - every GDAL failure means unreadable here
        raise UnreadableError(path=path, kind="raster", detail=_short(exc)) from exc
    with ds:
        t = ds.transform
        if t.b != 0 or t.d != 0 or t.e > 0:
            raise UnreadableError("rotated_grid", path=path)
        georeferenced = not t.is_identity or ds.crs is not None
        file_crs = ds.crs if georeferenced and ds.crs and ds.crs.to_wkt() else None
        layer_crs, overridden = _resolve_crs(path, file_crs, crs)
        nodata = None if ds.nodata is None else float(ds.nodata)
        grid = GridSpec(layer_crs, t, int(ds.width), int(ds.height), nodata)
        units = (ds.units[0] or None) if ds.units else None
        return RasterLayer(name=name or path.stem, path=path, crs=layer_crs,
                           bounds=tuple(ds.bounds), source=src, crs_overridden=overridden,
                           grid=grid, dtype=str(ds.dtypes[0]), count=int(ds.count),
                           nodata=nodata, overviews=list(ds.overviews(1)), units=units)


# --------------------------------------------------------------------------------------------
# vectors

#: dBASE language-driver ids that declare an East-Asian code page (others, such as 0x57 "ANSI"
#: written by default by many tools, say nothing useful about Chinese text).
_LDID_CODEPAGES = {0x4D: "CP936", 0x7A: "CP936", 0x4F: "CP950", 0x78: "CP950",
                   0x4E: "CP949", 0x79: "CP949", 0x13: "CP932", 0x7B: "CP932"}


def dbf_text_encoding(data: bytes, max_records: int = 50_000) -> str | None:
    """Guess the encoding of a .dbf's text from its raw bytes.

    Returns None when every field name and character value is ASCII (nothing to decide),
    ``'UTF-8'``, ``'GBK'`` or ``'GB18030'`` when all non-ASCII values decode as that (tried in
    that order), else ``'unknown'``. Reads at most ``max_records`` records.
    """
    if len(data) < 32:
        return None
    n_rec = int.from_bytes(data[4:8], "little")
    hdr_len = int.from_bytes(data[8:10], "little")
    rec_len = int.from_bytes(data[10:12], "little")
    fields: list[tuple[int, int]] = []  # (offset in record, length) of character fields
    values: list[bytes] = []
    off = 1  # deletion flag
    pos = 32
    while pos + 32 <= min(hdr_len, len(data)) and data[pos] != 0x0D:
        desc = data[pos:pos + 32]
        values.append(desc[:11].split(b"\x00")[0])
        ftype, flen = chr(desc[11]), desc[16]
        if ftype == "C":
            flen = desc[16] | (desc[17] << 8)  # long character fields use the decimals byte
            fields.append((off, flen))
        off += flen
        pos += 32
    if rec_len > 0:
        for r in range(min(n_rec, max_records)):
            base = hdr_len + r * rec_len
            rec = data[base:base + rec_len]
            if len(rec) < rec_len:
                break
            for foff, flen in fields:
                values.append(rec[foff:foff + flen].rstrip(b" \x00"))
    non_ascii = [v for v in values if any(b >= 0x80 for b in v)]
    if not non_ascii:
        return None
    for enc, label in (("utf-8", "UTF-8"), ("gbk", "GBK"), ("gb18030", "GB18030")):
        try:
            for v in non_ascii:
                v.decode(enc)
        except UnicodeDecodeError:
            continue
        return label
    return "unknown"


def cpg_codec(text: str) -> str | None:
    """The Python codec name for the content of a .cpg file ('GBK', '936', 'UTF-8',
    '8859-1', 'ANSI 1252', ...), or None if it names no known encoding."""
    t = text.strip().strip("\ufeff").strip()
    if not t:
        return None
    up = t.upper()
    candidates = [t]
    digits = "".join(ch for ch in up if ch.isdigit())
    if up.startswith("8859"):
        candidates.insert(0, "ISO-" + t)
    elif up.startswith(("ANSI", "CP", "WINDOWS")) or up.isdigit():
        candidates.append(f"cp{digits}")
    for cand in candidates:
        try:
            return codecs.lookup(cand).name
        except LookupError:
            continue
    return None


def _shapefile_encoding(path: Path, dbf: bytes | None, cpg: str | None,
                        encoding: str | None) -> tuple[str | None, list[Issue]]:
    """The encoding to read a shapefile's attributes with (None: GDAL's default).

    The user's ``encoding`` wins, then the .cpg declaration, then a dBASE language driver id
    naming an East-Asian code page; otherwise the .dbf bytes are inspected: ASCII needs no
    decision, UTF-8 is used as is, anything else raises ``encoding_undeclared``. The encoding
    is always passed to pyogrio explicitly so that decoding does not depend on how GDAL was
    built (wheels may lack iconv for GBK).
    """
    if encoding:
        try:
            return codecs.lookup(encoding).name, []
        except LookupError as exc:
            raise EncodingError("error", path=path,
                                detail=f"{path}: unknown encoding '{encoding}'") from exc
    if cpg is not None:
        codec = cpg_codec(cpg)
        if codec is not None:
            return codec, []
    ldid = dbf[29] if dbf is not None and len(dbf) > 29 else 0
    if ldid in _LDID_CODEPAGES:
        return codecs.lookup(_LDID_CODEPAGES[ldid]).name, []
    guess = dbf_text_encoding(dbf) if dbf is not None else None
    if guess is None:
        return None, []
    if guess == "UTF-8":
        return "utf-8", []
    if guess == "unknown":
        return None, [Issue("warning", "encoding_undeclared", {"guess": "GBK"}, str(path))]
    raise EncodingError(path=path, guess=guess)


def _side_file(path: Path, ext: str) -> Path | None:
    for cand in (path.with_suffix(ext), path.with_suffix(ext.upper())):
        if cand.exists():
            return cand
    return None


def read_shapefile(path: Path, *, crs: Any = None, encoding: str | None = None,
                   layer: str | None = None, name: str | None = None) -> VectorLayer:
    """A shapefile: honours its .cpg; without one, non-UTF-8 attribute bytes in the .dbf raise
    :class:`~gis.errors.EncodingError` naming the likely encoding unless ``encoding`` is given."""
    dbf_path = _side_file(path, ".dbf")
    dbf = None
    if dbf_path is not None:
        try:
            dbf = dbf_path.read_bytes()
        except OSError as exc:
            raise UnreadableError(path=path, kind="vector", detail=_short(exc)) from exc
    cpg_path = _side_file(path, ".cpg")
    cpg = cpg_path.read_text(encoding="latin-1") if cpg_path is not None else None
    enc, issues = _shapefile_encoding(path, dbf, cpg, encoding)
    lyr = _read_vector_info(path, str(path), crs=crs, encoding=enc, layer=None, name=name)
    lyr.issues.extend(issues)
    return lyr


def read_zipped_shapefile(path: Path, *, crs: Any = None, encoding: str | None = None,
                          layer: str | None = None, name: str | None = None) -> VectorLayer:
    """A .zip holding a shapefile (``layer`` picks one by name if it holds several)."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.namelist()
            shps = [m for m in members if m.lower().endswith(".shp")]
            if not shps:
                raise UnreadableError(path=path, kind="vector",
                                      detail="the zip file holds no .shp shapefile")
            issues: list[Issue] = []
            if layer is not None:
                chosen = [m for m in shps if Path(m).stem == layer]
                if not chosen:
                    raise UnreadableError("layer_not_found", path=path, layer=layer,
                                          layers=", ".join(Path(m).stem for m in shps))
                shp = chosen[0]
            else:
                shp = sorted(shps)[0]
                if len(shps) > 1:
                    issues.append(Issue("info", "layer_choice",
                                        {"n": len(shps), "layer": Path(shp).stem,
                                         "layers": ", ".join(Path(m).stem for m in shps)},
                                        str(path)))
            stem = shp[:-4]
            lower = {m.lower(): m for m in members}
            dbf_name = lower.get(stem.lower() + ".dbf")
            dbf = zf.read(dbf_name) if dbf_name else None
            cpg_name = lower.get(stem.lower() + ".cpg")
            cpg = zf.read(cpg_name).decode("latin-1") if cpg_name else None
    except zipfile.BadZipFile as exc:
        raise UnreadableError(path=path, kind="vector", detail=_short(exc)) from exc
    enc, enc_issues = _shapefile_encoding(path, dbf, cpg, encoding)
    source = f"/vsizip/{path.resolve()}/{shp}"
    lyr = _read_vector_info(path, source, crs=crs, encoding=enc, layer=None,
                            name=name or Path(shp).stem)
    lyr.issues.extend(issues + enc_issues)
    return lyr


def read_vector(path: Path, *, crs: Any = None, encoding: str | None = None,
                layer: str | None = None, name: str | None = None) -> VectorLayer:
    """Any OGR vector source (GeoPackage, GeoJSON, FileGDB, KML, ...). For multi-layer files,
    ``layer`` names the layer; without it the first layer with geometry is used (an info
    issue lists the others)."""
    import pyogrio

    try:
        layers = [(str(n), g) for n, g in pyogrio.list_layers(str(path))]
    except Exception as exc:  # noqa: BLE001
        raise UnreadableError(path=path, kind="vector", detail=_short(exc)) from exc
    names = [n for n, _ in layers]
    issues: list[Issue] = []
    if layer is not None:
        if layer not in names:
            raise UnreadableError("layer_not_found", path=path, layer=layer,
                                  layers=", ".join(names) or "-")
        chosen = layer
    else:
        spatial = [n for n, g in layers if g is not None] or names
        if not spatial:
            raise UnreadableError(path=path, kind="vector", detail="the file holds no layers")
        chosen = spatial[0]
        if len(spatial) > 1:
            issues.append(Issue("info", "layer_choice",
                                {"n": len(spatial), "layer": chosen,
                                 "layers": ", ".join(spatial)}, str(path)))
    lyr = _read_vector_info(path, str(path), crs=crs, encoding=None,
                            layer=chosen if len(names) > 1 or layer else None, name=name)
    if len(names) > 1 and name is None:
        lyr.name = f"{path.stem}:{chosen}" if chosen != path.stem else path.stem
    lyr.issues.extend(issues)
    return lyr


def _read_vector_info(path: Path, source: str, *, crs: Any, encoding: str | None,
                      layer: str | None, name: str | None) -> VectorLayer:
    import pyogrio

    try:
        info = pyogrio.read_info(source, layer=layer, encoding=encoding,
                                 force_feature_count=True, force_total_bounds=True)
    except Exception as exc:  # noqa: BLE001
        raise UnreadableError(path=path, kind="vector", detail=_short(exc)) from exc
    layer_crs, overridden = _resolve_crs(path, info.get("crs"), crs)
    fields = {str(f): str(d) for f, d in zip(info["fields"], info["dtypes"], strict=True)}
    b = info.get("total_bounds")
    nan = float("nan")
    bounds: tuple[float, float, float, float] = (
        (float(b[0]), float(b[1]), float(b[2]), float(b[3])) if b is not None
        else (nan, nan, nan, nan))
    driver = str(info.get("driver") or "")
    enc = encoding or info.get("encoding")
    if enc and driver == "ESRI Shapefile":
        enc = _display_encoding(str(enc))
    return VectorLayer(name=name or path.stem, path=path, crs=layer_crs, bounds=bounds,
                       source=source, crs_overridden=overridden,
                       geometry_type=str(info.get("geometry_type") or "Unknown"),
                       fields=fields, feature_count=int(info.get("features") or 0),
                       encoding=str(enc) if enc else None,
                       layer_name=layer or str(info.get("layer_name") or "") or None,
                       driver=driver, open_encoding=encoding)


def _display_encoding(codec: str) -> str:
    """'gbk' → 'GBK', 'utf-8' → 'UTF-8', 'cp936' → 'CP936' (for messages and the UI)."""
    return codec.upper().replace("_", "-")


def _short(exc: BaseException, limit: int = 300) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= limit else text[:limit] + "…"


# --------------------------------------------------------------------------------------------
# built-in registrations


def _register_builtins() -> None:
    import pyogrio

    drivers = set(pyogrio.list_drivers())
    register_reader(["*.tif", "*.tiff", "*.img", "*.vrt", "*.asc"], read_raster, "raster")
    register_reader(["*.gpkg"], read_vector, "vector")
    register_reader(["*.shp"], read_shapefile, "vector")
    register_reader(["*.zip"], read_zipped_shapefile, "vector")
    register_reader(["*.geojson", "*.json"], read_vector, "vector")
    if "FlatGeobuf" in drivers:
        register_reader(["*.fgb"], read_vector, "vector")
    if "OpenFileGDB" in drivers:
        register_reader(["*.gdb"], read_vector, "vector")
    if drivers & {"KML", "LIBKML"}:
        register_reader(["*.kml"], read_vector, "vector")


_register_builtins()

__all__ = ["Kind", "Reader", "ReaderEntry", "dbf_text_encoding", "file_dialog_filters",
           "find_reader", "open_layer", "read_raster", "read_shapefile", "read_vector",
           "read_zipped_shapefile", "register_reader", "supported_patterns"]
