"""One font resolver for reports (PDF and PNG), on Linux, Windows and macOS.

The report needs a font that covers Chinese and that the PDF backend can embed as a *subset* with
a ToUnicode map, so that text stays searchable. matplotlib embeds TrueType-outline fonts (``glyf``
table) as CID TrueType subsets (``pdf.fonttype = 42``). For CFF-outline OpenType fonts (Noto Sans
CJK / Source Han Sans, ``.otf``/``.ttc``) matplotlib's Type 42 path writes a CFF program under a
``FontFile2``/CIDFontType2 header — a malformed PDF that some viewers reject — so for those we use
``pdf.fonttype = 3`` (glyph outlines as embedded Type 3 subset fonts, still searchable). See
``docs/decisions/report-pdf-fonts.md``.

Order of preference (the first one installed wins), overridable with the environment variable
``SINKPLANNER_REPORT_FONT`` (a font file path or a family name):

1. TrueType-outline CJK fonts: Microsoft YaHei, SimHei (Windows), WenQuanYi Micro Hei,
   WenQuanYi Zen Hei (Debian ``fonts-wqy-microhei`` / ``fonts-wqy-zenhei``), Droid Sans Fallback,
   SimSun, Noto Sans SC (variable TrueType).
2. CFF-outline CJK fonts: Noto Sans CJK SC (Debian ``fonts-noto-cjk``), Source Han Sans SC,
   PingFang SC, Hiragino Sans GB, Heiti SC.
3. Nothing found → :class:`gis.errors.OutputError` with code ``report_no_cjk_font`` (English-only
   reports still build with DejaVu Sans).

DejaVu Sans (shipped with matplotlib) is always appended as a per-glyph fallback for symbols the
CJK font lacks (e.g. subscript two in CO₂).
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass
from pathlib import Path

#: (family name as matplotlib reports it, file names to look for in the system font folders)
CANDIDATES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Microsoft YaHei", ("msyh.ttc", "msyh.ttf")),
    ("SimHei", ("simhei.ttf",)),
    ("WenQuanYi Micro Hei", ("wqy-microhei.ttc",)),
    ("WenQuanYi Zen Hei", ("wqy-zenhei.ttc",)),
    ("Droid Sans Fallback", ("DroidSansFallbackFull.ttf", "DroidSansFallback.ttf")),
    ("SimSun", ("simsun.ttc",)),
    ("Noto Sans SC", ("NotoSansSC-Regular.ttf", "NotoSansSC[wght].ttf")),
    ("Noto Sans CJK SC", ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf")),
    ("Source Han Sans SC", ("SourceHanSansSC-Regular.otf", "SourceHanSans-Regular.ttc")),
    ("PingFang SC", ("PingFang.ttc",)),
    ("Hiragino Sans GB", ("Hiragino Sans GB.ttc",)),
    ("Heiti SC", ("STHeiti Light.ttc", "STHeiti Medium.ttc")),
)

#: Bold companions that live in their own files (Windows ships bold YaHei separately).
BOLD_FILES: dict[str, tuple[str, ...]] = {
    "Microsoft YaHei": ("msyhbd.ttc", "msyhbd.ttf"),
    "Noto Sans CJK SC": ("NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold.otf"),
}

LATIN_FALLBACK = "DejaVu Sans"


@dataclass(frozen=True)
class ReportFont:
    """The font a report is set in and how the PDF backend must embed it."""

    family: str
    path: str
    truetype: bool        # TrueType outlines (glyf): embed as Type 42; else Type 3
    has_bold: bool
    cjk: bool = True

    @property
    def families(self) -> list[str]:
        """``font.family`` for matplotlib: the main font, then the per-glyph fallback."""
        return [self.family, LATIN_FALLBACK] if self.family != LATIN_FALLBACK else [self.family]

    @property
    def pdf_fonttype(self) -> int:
        return 42 if self.truetype else 3

    @property
    def bold_weight(self) -> str:
        return "bold" if self.has_bold else "normal"

    def rc(self) -> dict[str, object]:
        """matplotlib rcParams to render a report with this font."""
        return {
            "font.family": self.families,
            "pdf.fonttype": self.pdf_fonttype,
            "ps.fonttype": self.pdf_fonttype,
            "svg.fonttype": "none",
            "axes.unicode_minus": False,
            "pdf.compression": 6,
        }


def _font_dirs() -> list[Path]:
    dirs: list[Path] = []
    if sys.platform.startswith("win"):
        windir = os.environ.get("WINDIR", r"C:\Windows")
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"),
                 Path("/Library/Fonts"), Path.home() / "Library" / "Fonts"]
    else:
        dirs += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
                 Path.home() / ".local" / "share" / "fonts", Path.home() / ".fonts"]
    return [d for d in dirs if d.is_dir()]


@functools.cache
def _find_file(name: str) -> str | None:
    for d in _font_dirs():
        direct = d / name
        if direct.is_file():
            return str(direct)
        if sys.platform.startswith("win"):
            continue  # Windows keeps fonts flat; no deep walk
        for hit in d.rglob(name):
            return str(hit)
    return None


def _has_glyf(path: str) -> bool:
    """True if the font (first face of a collection) has TrueType outlines."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(path, fontNumber=0, lazy=True)
        try:
            return "glyf" in font
        finally:
            font.close()
    except Exception:  # noqa: BLE001 - unreadable font: treat as unusable for Type 42
        return False


def _register(path: str) -> None:
    from matplotlib import font_manager as fm

    if not any(f.fname == path for f in fm.fontManager.ttflist):
        try:
            fm.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):
            pass


def _entries(family: str) -> list[object]:
    from matplotlib import font_manager as fm

    return [f for f in fm.fontManager.ttflist if f.name == family]


def _make(family: str) -> ReportFont | None:
    entries = _entries(family)
    if not entries:
        return None
    regular = min(entries, key=lambda f: (abs(_weight(f.weight) - 400), f.style != "normal"))
    has_bold = any(_weight(f.weight) >= 600 and f.style == "normal" for f in entries)
    return ReportFont(family=family, path=regular.fname, truetype=_has_glyf(regular.fname),
                      has_bold=has_bold)


def _weight(w: object) -> int:
    if isinstance(w, int):
        return w
    from matplotlib.font_manager import weight_dict

    return int(weight_dict.get(str(w), 400))


def _from_override(value: str) -> ReportFont | None:
    if os.path.isfile(value):
        from matplotlib import font_manager as fm
        from matplotlib.ft2font import FT2Font

        _register(value)
        # a collection (.ttc) holds several faces: prefer the Simplified Chinese one
        in_file = sorted({f.name for f in fm.fontManager.ttflist if f.fname == value})
        sc = [n for n in in_file if n.endswith(" SC") or "GB" in n or "Hei" in n]
        family = (sc or in_file or [FT2Font(value).family_name])[0]
        font = _make(family)
        if font is not None and font.path != value:
            font = ReportFont(font.family, value, _has_glyf(value), font.has_bold)
        return font or ReportFont(family, value, _has_glyf(value), False)
    return _make(value)


@functools.lru_cache(maxsize=1)
def resolve_font() -> ReportFont:
    """The report font (cached): the first installed candidate, TrueType preferred.

    Raises :class:`gis.errors.OutputError` (``report_no_cjk_font``) when no CJK font exists.
    """
    override = os.environ.get("SINKPLANNER_REPORT_FONT", "").strip()
    if override:
        font = _from_override(override)
        if font is not None:
            return font
    for family, files in CANDIDATES:
        if not _entries(family):
            for name in files + BOLD_FILES.get(family, ()):
                path = _find_file(name)
                if path:
                    _register(path)
        else:
            for name in BOLD_FILES.get(family, ()):
                path = _find_file(name)
                if path:
                    _register(path)
    found = [f for f in (_make(fam) for fam, _ in CANDIDATES) if f is not None]
    truetype = [f for f in found if f.truetype]
    if truetype:
        return truetype[0]
    if found:
        return found[0]
    from gis.errors import OutputError

    raise OutputError("report_no_cjk_font",
                      candidates=", ".join(fam for fam, _ in CANDIDATES))


def latin_font() -> ReportFont:
    """DejaVu Sans (bundled with matplotlib): for English reports on machines without CJK fonts."""
    font = _make(LATIN_FALLBACK)
    assert font is not None  # matplotlib ships it
    return ReportFont(font.family, font.path, True, True, cjk=False)


def font_for(lang: str) -> ReportFont:
    """The font for a report in ``lang``; English falls back to DejaVu Sans if no CJK font.

    Project names and class names may be Chinese even in an English report, so a CJK font is
    used whenever one is installed.
    """
    try:
        return resolve_font()
    except Exception:
        if lang == "en":
            return latin_font()
        raise
