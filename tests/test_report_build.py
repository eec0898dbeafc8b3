"""End-to-end: the demo-county report in Chinese and English, PDF and PNG, A4 and A3.

The engines run once (module fixture) on a copy of the demo county; every figure the tests look
for is formatted from the engines' own output files (``summary.json``, ``projection.json``,
``targets.json``) with :func:`app.report.fmt.fmt` and must be found by ``pdftotext``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from app.report.fmt import fmt
from app.report.text import tr

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "sample_data" / "demo_county"

@pytest.fixture(autouse=True, scope="module")
def _poppler() -> None:
    missing = [t for t in ("pdftotext", "pdffonts") if shutil.which(t) is None]
    assert not missing, (f"{', '.join(missing)} not found: install poppler-utils "
                         "(`make test` does so when run as root)")


def _text(pdf: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True)
    return out.stdout.decode("utf-8")


def _flat(text: str) -> str:
    """pdftotext keeps table cells apart with spaces/newlines: compare without whitespace."""
    return re.sub(r"\s+", "", text)


def _pages(pdf: Path) -> tuple[int, tuple[float, float]]:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                         text=True).stdout
    n = int(re.search(r"Pages:\s+(\d+)", out).group(1))  # type: ignore[union-attr]
    m = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", out)
    assert m is not None
    return n, (float(m.group(1)), float(m.group(2)))


def _bad_plan(folder: Path) -> Path:
    """A plan layer that breaks the rules: afforestation in a red-line core zone and on
    permanent basic farmland (polygons placed inside the demo's own control-line layers)."""
    import geopandas as gpd
    import pyogrio

    red = pyogrio.read_dataframe(folder / "redline.gpkg")
    farm = pyogrio.read_dataframe(folder / "farmland.gpkg")
    core = red[red["zone"] == "core"].geometry.iloc[0]
    geoms = [core.representative_point().buffer(800.0),
             farm.geometry.iloc[0].representative_point().buffer(500.0)]
    plan = gpd.GeoDataFrame({"plan_id": ["P-01", "P-02"],
                             "action": ["afforest_masson_pine", "afforest_mixed_broadleaf"]},
                            geometry=geoms, crs=red.crs)
    path = folder / "plan_bad.gpkg"
    plan.to_file(path)
    return path


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A copy of the demo county with its results computed once by the real engines: carbon
    through the report's own compute path (cached in the project's work folder), planning with
    ``sinkplanner plan --plan-layer`` (a deliberately bad plan) into ``results/plan``."""
    from app.cli import main
    from app.project import Project
    from app.report import results

    if not (DEMO / "demo_county.toml").is_file():
        pytest.fail("sample_data/demo_county/demo_county.toml is missing (make demo-data)")
    root = tmp_path_factory.mktemp("report-demo")
    folder = root / "demo_county"
    shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns(".sinkplanner-cache"))
    project = Project.load(folder / "demo_county.toml")
    carbon_dir = results.carbon_results(project, None)
    assert carbon_dir is not None
    res = root / "results"
    shutil.copytree(carbon_dir, res / "carbon")
    plan_dir = None
    if project.scenarios:
        plan_dir = res / "plan"
        rc = main(["plan", str(folder / "demo_county.toml"), "--scenario", "all", "--out",
                   str(plan_dir), "--plan-layer", str(_bad_plan(folder)), "--quiet"])
        assert rc == 0
    return {"root": root, "project": project, "toml": folder / "demo_county.toml",
            "results": res, "carbon": res / "carbon", "plan": plan_dir,
            "summary": json.loads((carbon_dir / "summary.json").read_text("utf-8"))}


@pytest.fixture(scope="module")
def reports(demo: dict[str, Any]) -> dict[str, Path]:
    """The PDF in Chinese (A4 portrait) and English (A3 landscape), built once from the results
    folder and timed:
    CPU time must stay under 15 s (wall time depends on what else runs on the machine)."""
    from app.report import build_report

    out = {}
    for lang, paper, orientation in (("zh", "A4", "portrait"), ("en", "A3", "landscape")):
        t0, c0 = time.perf_counter(), time.process_time()
        files = build_report(demo["project"], demo["root"] / f"demo_{lang}.pdf", lang=lang,
                             results=demo["results"], paper=paper, orientation=orientation)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        assert cpu < 15.0, f"{lang} report took {cpu:.1f} s of CPU ({wall:.1f} s wall)"
        out[lang] = files[0]
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_headings_and_title_block(reports: dict[str, Path], demo: dict[str, Any],
                                  lang: str) -> None:
    text = _flat(_text(reports[lang]))
    for key in ("report_title", "sec_carbon", "sec_targets", "sec_projection",
                "sec_conflicts", "sec_methods", "by_ecosystem", "parameters"):
        assert _flat(tr(key, lang)) in text, key
    assert _flat(demo["project"].name) in text
    from app import __version__

    assert f"Sinkplanner{__version__}" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_carbon_figures_equal_summary_json(reports: dict[str, Path], demo: dict[str, Any],
                                           lang: str) -> None:
    s = demo["summary"]
    text = _flat(_text(reports[lang]))
    for key in ("stock_bas_tC", "stock_alt_tC"):
        assert fmt(s[key], "tC") in text, (key, fmt(s[key], "tC"))
    sinks = [k for k in ("sink_tCO2e_per_yr", "sink_stock_difference_tCO2e_per_yr",
                         "sink_gain_loss_tCO2e_per_yr") if s.get(k) is not None]
    assert sinks, "summary.json has no annual sink"
    for key in sinks:
        assert fmt(s[key], "tCO2e") in text, key
    rows = (s.get("by_ecosystem") or []) + (s.get("by_township") or [])
    checked = 0
    for row in rows:
        if not row.get("area_bas_ha"):
            continue
        for key in ("stock_bas_tC", "stock_alt_tC", "sink_sd_tCO2e_per_yr",
                    "sink_gl_tCO2e_per_yr"):
            if row.get(key) is not None:
                kind = "tC" if key.endswith("_tC") else "tCO2e"
                assert fmt(row[key], kind) in text, (row.get("ecosystem") or row.get("name"), key)
                checked += 1
    assert checked >= 4 * len(s.get("by_ecosystem") or [])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_legend_class_names_in_report_language(reports: dict[str, Path], demo: dict[str, Any],
                                               lang: str) -> None:
    import csv

    with open(demo["project"].table_path("legend"), encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    text = _flat(_text(reports[lang], page=1))
    names = [r["name_zh"] if lang == "zh" else r["name_en"] for r in rows]
    found = [n for n in names if _flat(n) in text]
    assert len(found) >= len(names) - 2, (names, found)   # classes absent from the map may drop


def test_projection_and_targets_equal_plan_outputs(reports: dict[str, Path],
                                                   demo: dict[str, Any]) -> None:
    plan = demo["plan"]
    if not demo["project"].scenarios:
        # no scenarios in the project: the report says so instead of inventing numbers
        assert _flat(tr("no_projection", "en")) in _flat(_text(reports["en"]))
        return
    assert plan is not None
    rows = json.loads((plan / "projection.json").read_text("utf-8"))
    scenario = str(demo["project"].scenarios[0]["name"])
    mine = [r for r in rows if str(r.get("scenario", scenario)) == scenario]
    text = _flat(_text(reports["en"]))
    for year in (2030, 2060):
        r = next(r for r in mine if int(r["year"]) == year)
        assert fmt(r["forest_cover_pct"], "pct") in text
        assert fmt(r["carbon_stock_tC"], "tC") in text
        assert fmt(r["sink_tCO2e_per_yr"], "tCO2e") in text
    status = json.loads((plan / "targets.json").read_text("utf-8"))["status"]
    for st in status:
        if str(st.get("scenario", scenario)) == scenario:
            kind = "pct" if st["metric"] == "forest_cover_pct" else "m3"
            assert fmt(st["target"], kind) in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_conflicts_map_and_table(reports: dict[str, Path], demo: dict[str, Any],
                                 lang: str) -> None:
    import csv

    if demo["plan"] is None:
        pytest.fail("the demo project has no scenarios to plan")
    with open(demo["plan"] / "conflicts.csv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["scenario"] == "plan_layer"]
    assert {r["feature"] for r in rows} >= {"P-01", "P-02"}
    text = _flat(_text(reports[lang]))
    assert _flat(tr("conflicts_table_plan", lang)) in text
    assert _flat(tr("redline_core", lang)) in text          # map legend
    for r in rows:
        assert r["feature"] in text
        assert _flat(r["reason_zh" if lang == "zh" else "reason_en"])[:20] in text
    assert fmt(sum(float(r["area_ha"]) for r in rows), "ha") in text   # total row


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_font_embedded_and_subset(reports: dict[str, Path], lang: str) -> None:
    out = subprocess.run(["pdffonts", str(reports[lang])], check=True, capture_output=True,
                         text=True).stdout.splitlines()[2:]
    assert out, "no fonts listed"
    for line in out:
        cols = line.split()
        # name type... emb sub uni object ID: the last five columns
        emb, sub, uni = cols[-5], cols[-4], cols[-3]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), line
        assert "LastResort" not in line, f"a glyph was missing from every font: {line}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_footer_on_every_page(reports: dict[str, Path], demo: dict[str, Any], lang: str) -> None:
    from app import __version__

    n, size = _pages(reports[lang])
    assert n >= 5
    if lang == "zh":
        assert size == pytest.approx((595.28, 841.89), abs=0.6)    # A4 portrait
    else:
        assert size == pytest.approx((1190.55, 841.89), abs=0.6)   # A3 landscape
    today = time.strftime("%Y-%m-%d")
    for i in range(1, n + 1):
        page = _flat(_text(reports[lang], page=i))
        assert _flat(tr("page_n", lang, i=i, n=n)) in page
        assert today in page and f"Sinkplanner{__version__}" in page


def test_cli_png_pages_at_72_dpi(demo: dict[str, Any]) -> None:
    """``sinkplanner report … --format png --dpi 72``: one PNG per page, FILE_1.png …, each
    595 × 842 px (A4 at 72 dpi), read from the results folder, nothing temporary left."""
    from PIL import Image

    from app.cli import main

    out = demo["root"] / "png" / "demo.png"
    rc = main(["report", str(demo["toml"]), "--lang", "zh", "--format", "png", "--dpi", "72",
               "--out", str(out), "--results", str(demo["results"]), "--quiet"])
    assert rc == 0
    files = sorted(out.parent.glob("demo_*.png"), key=lambda p: int(p.stem.split("_")[1]))
    assert [f.name for f in files] == [f"demo_{i}.png" for i in range(1, len(files) + 1)]
    assert len(files) >= 5
    for f in files:
        with Image.open(f) as im:
            assert im.size == (595, 842)          # round(210 / 25.4 × 72), round(297 / 25.4 × 72)
    assert not [p for p in out.parent.iterdir() if ".tmp" in p.name]


def test_cli_errors_are_clear(demo: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main

    empty = demo["root"] / "empty-results"
    empty.mkdir()
    out = demo["root"] / "never.pdf"
    rc = main(["report", str(demo["toml"]), "--lang", "zh", "--out", str(out),
               "--results", str(empty)])
    assert rc == 2
    err = capsys.readouterr().err
    assert "summary.json" in err and "sinkplanner run" in err
    assert not out.exists()
    rc = main(["report", str(demo["toml"]), "--lang", "en", "--out", str(out), "--format",
               "png", "--dpi", "5"])
    assert rc == 2
    assert "dpi" in capsys.readouterr().err


def test_failed_write_leaves_no_file(demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch
                                     ) -> None:
    import dataclasses

    from matplotlib.backends.backend_pdf import PdfPages

    from app.report import render_report
    from app.report.data import assemble

    data = dataclasses.replace(assemble(demo["project"], compute=False), parameters=[])
    out = demo["root"] / "atomic.pdf"
    real = PdfPages.savefig
    calls = []

    def flaky(self: Any, *a: Any, **k: Any) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full")
        real(self, *a, **k)

    monkeypatch.setattr(PdfPages, "savefig", flaky)
    with pytest.raises(OSError):
        render_report(data, out, lang="en")
    assert not out.exists()
    assert not [p for p in demo["root"].iterdir() if p.name.startswith(".atomic")]


def test_cached_report_results_are_not_reused_by_another_version_of_the_engines(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The report caches the carbon and plan outputs it computes; a new version of the science
    (another source digest) must compute them again, not show the old figures."""
    import gis.numba_cache
    from app.project import Project
    from app.report.results import _signature

    project = Project.load(DEMO / "demo_county.toml")
    before = _signature(project)
    assert _signature(project) == before  # stable for one version and unchanged inputs
    monkeypatch.setattr(gis.numba_cache, "source_digest", lambda root=None: "another-version")
    assert _signature(project) != before


# ---- one land-cover epoch -------------------------------------------------------------------
# Many bureaus have land cover for one year only: [carbon] names no landcover_alternate. The run
# then writes the baseline stock and the gain-loss sink of the baseline year (growth and
# accumulation); the report must show exactly that, and nothing about a second epoch.

YEAR = "2020"          # the demo county's base year (its only land cover in these tests)


def _section(pdf: Path, lang: str, start: str, end: str) -> tuple[str, set[str]]:
    """A report section, from heading ``start`` up to heading ``end``: its flattened text, and
    the flattened lines of its pages as ``pdftotext -layout`` reads them (one table row a line:
    a row found there has exactly those cells)."""
    n, _ = _pages(pdf)
    pages = [_flat(_text(pdf, page=i)) for i in range(1, n + 1)]
    head, tail = _flat(tr(start, lang)), _flat(tr(end, lang))
    first = next(i for i, t in enumerate(pages) if head in t)
    last = next(i for i, t in enumerate(pages) if tail in t)
    text = "".join(pages[first:last + 1])
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-f", str(first + 1), "-l",
                          str(last + 1), str(pdf), "-"], check=True, capture_output=True)
    lines = {_flat(ln) for ln in out.stdout.decode("utf-8").splitlines()}
    return text[text.index(head):text.index(tail)], lines


def _eco_rows(summary: dict[str, Any], lang: str, one_epoch: bool) -> list[str]:
    """Each by-ecosystem and by-township table row as pdftotext reads it (flattened), made
    from summary.json: area, baseline stock, [alternate stock, stock-difference sink,]
    gain-loss sink."""
    from app.report.text import ecosystem_name

    def cells(r: dict[str, Any]) -> str:
        if one_epoch:
            vals = [fmt(r["area_bas_ha"], "ha"), fmt(r["stock_bas_tC"], "tC"),
                    fmt(r["sink_gl_tCO2e_per_yr"], "tCO2e")]
        else:
            vals = [fmt(r["area_alt_ha"], "ha"), fmt(r["stock_bas_tC"], "tC"),
                    fmt(r["stock_alt_tC"], "tC"), fmt(r["sink_sd_tCO2e_per_yr"], "tCO2e"),
                    fmt(r["sink_gl_tCO2e_per_yr"], "tCO2e")]
        return "".join(vals)

    rows = [_flat(ecosystem_name(r["ecosystem"], lang)) + cells(r)
            for r in summary["by_ecosystem"]]
    rows += [r["township"] + _flat(r["name"]) + cells(r) for r in summary["by_township"]
             if not r["township"].startswith("(")]
    return rows


@pytest.fixture(scope="module")
def one_epoch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A copy of the demo county whose [carbon] names only the baseline land cover (the 2025
    layer stays in the project, unused), reported in zh (A4) and en (A3 landscape) with every
    result computed by the report itself, as `sinkplanner report` without --results does."""
    from app.project import Project
    from app.report import build_report, results

    root = tmp_path_factory.mktemp("report-one-epoch")
    folder = root / "demo_county"
    shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns(".sinkplanner-cache"))
    toml = folder / "demo_county.toml"
    text = toml.read_text("utf-8")
    one = re.sub(r"(?m)^landcover_alternate\s*=.*\n", "", text)
    assert one != text, "the demo's [carbon] no longer names landcover_alternate"
    toml.write_text(one, "utf-8")
    project = Project.load(toml)
    assert not project.carbon.get("landcover_alternate")
    carbon_dir = results.carbon_results(project, None)
    assert carbon_dir is not None
    summary = json.loads((carbon_dir / "summary.json").read_text("utf-8"))
    assert summary["alt_year"] is None and summary["stock_alt_tC"] is None   # one epoch
    assert summary["sink_gain_loss_tCO2e_per_yr"] > 0
    pdfs = {}
    for lang, paper, orientation in (("zh", "A4", "portrait"), ("en", "A3", "landscape")):
        pdfs[lang] = build_report(project, root / f"one_{lang}.pdf", lang=lang, paper=paper,
                                  orientation=orientation)[0]
    return {"root": root, "project": project, "carbon": carbon_dir, "summary": summary,
            "pdf": pdfs}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_epoch_report_builds(one_epoch: dict[str, Any], lang: str) -> None:
    pdf = one_epoch["pdf"][lang]
    n, _ = _pages(pdf)
    assert n >= 5
    text = _flat(_text(pdf))
    for key in ("report_title", "sec_carbon", "sec_targets", "sec_projection",
                "sec_conflicts", "sec_methods", "by_ecosystem", "by_township", "parameters"):
        assert _flat(tr(key, lang)) in text, key
    raw = _text(pdf)
    assert not re.search(r"\b(None|nan|NaN|inf)\b", raw), re.findall(r".{30}\bNone\b", raw)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_epoch_carbon_section_shows_baseline_stock_and_gain_loss_sink(
        one_epoch: dict[str, Any], lang: str) -> None:
    s = one_epoch["summary"]
    sec, lines = _section(one_epoch["pdf"][lang], lang, "sec_carbon", "sec_targets")
    # no empty alternate columns, no "–" placeholder cells, nothing of a second year
    placeholders = sec.replace("gain–loss", "").replace("Chapman–Richards", "")
    assert "–" not in placeholders and "—" not in placeholders, "placeholder cell or year"
    assert "2025" not in sec and "None" not in sec
    # columns: area and stock of the base year, the gain-loss sink of the base year
    for key, kw in (("area_ha_year", {"year": YEAR}), ("stock_bas", {"year": YEAR}),
                    ("sink_gl_year_col", {"year": YEAR}),
                    ("sink_method_gl_one", {"year": YEAR}),
                    ("chart_stock_eco_year", {"year": YEAR}),
                    ("chart_sink_eco_gl", {"year": YEAR})):
        assert _flat(tr(key, lang, **kw)) in sec, key
    for key in ("sink_sd_col", "sink_col"):
        assert _flat(tr(key, lang)) not in sec, key
    # every row exactly as summary.json has it (baseline area and stock, gain-loss sink)
    for row in _eco_rows(s, lang, one_epoch=True):
        assert row in lines, row
    total = (_flat(tr("total", lang)) + fmt(s["area_bas_ha"], "ha") + fmt(s["stock_bas_tC"], "tC")
             + fmt(s["sink_gain_loss_tCO2e_per_yr"], "tCO2e"))
    assert total in lines
    # the sink map, titled with its method and year
    title = {"zh": f"{YEAR}年年碳汇（增减法；", "en": f"Annualcarbonsink{YEAR}(gain–loss;"}[lang]
    assert title in sec


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_epoch_key_figures_equal_summary_json(one_epoch: dict[str, Any],
                                                  lang: str) -> None:
    s = one_epoch["summary"]
    page1 = _flat(_text(one_epoch["pdf"][lang], page=1))
    for label, value in ((tr("kf_stock", lang, year=YEAR), fmt(s["stock_bas_tC"], "tC")),
                         (tr("kf_sink_gl_year", lang, year=YEAR),
                          fmt(s["sink_gain_loss_tCO2e_per_yr"], "tCO2e"))):
        assert _flat(label) in page1 and value in page1, (label, value)
    head = page1.split(_flat(tr("sec_summary", lang)))[0].replace("gain–loss", "")
    assert "–" not in head and "—" not in head   # no "2020–" label, no "–" figure


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_epoch_report_never_speaks_of_a_second_epoch(one_epoch: dict[str, Any],
                                                         lang: str) -> None:
    from app.report.text import METHODS

    text = _flat(_text(one_epoch["pdf"][lang]))
    for key in ("sink_sd_col", "eco_grouping_note"):
        assert _flat(tr(key, lang, y1=YEAR, y2="2025"))[:12] not in text, key
    assert "stockdifference" not in text.lower() and "储量差" not in text
    assert _flat(METHODS["sink"][lang])[:30] not in text
    assert _flat(METHODS["sink_one"][lang]) in text
    # the unused 2025 land cover is not listed as a data source
    assert "landcover_2025.tif" not in text
    assert _flat({"zh": "土地覆被 2025", "en": "Land cover 2025"}[lang]) not in text


def test_one_epoch_sink_map_is_the_gain_loss_raster(one_epoch: dict[str, Any]) -> None:
    """The map shows sink_gain_loss.tif (the run also writes an all-nodata stock-difference
    raster), and the drawn map is not an empty frame."""
    import numpy as np
    import rasterio
    from PIL import Image

    from app.report.data import assemble

    data = assemble(one_epoch["project"], results=one_epoch["carbon"], compute=False)
    assert data.one_epoch and data.alt_year is None
    sm = data.sink_map
    assert sm is not None and sm.method == "gain_loss"
    with rasterio.open(one_epoch["carbon"] / "sink_gain_loss.tif") as ds:
        full = ds.read(1, masked=True)
    shown = np.asarray(sm.array)
    assert np.isfinite(shown).mean() > 0.3
    assert np.nanmax(shown) == pytest.approx(float(full.max()), rel=0.5)   # display average
    # the rendered map has colour: green cells (removal) fill a good part of its page
    pdf = one_epoch["pdf"]["zh"]
    n, _ = _pages(pdf)
    page = next(i for i in range(1, n + 1)
                if f"{YEAR}年年碳汇（增减法；" in _flat(_text(pdf, page=i)))
    png = one_epoch["root"] / "sinkmap"
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", str(page), "-l", str(page), str(pdf),
                    str(png)], check=True)
    rgb = np.asarray(Image.open(next(one_epoch["root"].glob("sinkmap*.png"))).convert("RGB"),
                     dtype=int)
    green = (rgb[..., 1] > rgb[..., 0] + 30) & (rgb[..., 1] > rgb[..., 2] + 30)
    assert green.sum() > 1500, int(green.sum())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_two_epoch_carbon_section_is_unchanged(reports: dict[str, Path], demo: dict[str, Any],
                                               lang: str) -> None:
    """The two-epoch report keeps its carbon page: both stocks, both sinks, the
    stock-difference key figure and map, the grouping note and the two-method text."""
    from app.report.text import METHODS

    s = demo["summary"]
    y2 = str(s["alt_year"])
    sec, lines = _section(reports[lang], lang, "sec_carbon", "sec_targets")
    for key, kw in (("sink_method_sd", {"y1": YEAR, "y2": y2}), ("sink_method_gl", {}),
                    ("area_ha_year", {"year": y2}), ("stock_alt", {"year": y2}),
                    ("sink_sd_col", {}), ("sink_gl_col", {}), ("chart_stock_eco", {}),
                    ("chart_sink_eco", {}), ("eco_grouping_note", {"y1": YEAR, "y2": y2})):
        assert _flat(tr(key, lang, **kw)) in sec, key
    for row in _eco_rows(s, lang, one_epoch=False):
        assert row in lines, row
    total = (_flat(tr("total", lang)) + fmt(s["area_bas_ha"], "ha")
             + fmt(s["stock_bas_tC"], "tC") + fmt(s["stock_alt_tC"], "tC")
             + fmt(s["sink_stock_difference_tCO2e_per_yr"], "tCO2e")
             + fmt(s["sink_gain_loss_tCO2e_per_yr"], "tCO2e"))
    assert total in lines
    title = {"zh": f"{YEAR}—{y2}年年碳汇（储量差法；",
             "en": f"Annualcarbonsink{YEAR}–{y2}(stockdifference;"}[lang]
    assert title in sec
    page1 = _flat(_text(reports[lang], page=1))
    for label, value in ((tr("kf_stock", lang, year=y2), fmt(s["stock_alt_tC"], "tC")),
                         (tr("kf_sink", lang, y1=YEAR, y2=y2),
                          fmt(s["sink_stock_difference_tCO2e_per_yr"], "tCO2e"))):
        assert _flat(label) in page1 and value in page1, (label, value)
    text = _flat(_text(reports[lang]))
    assert _flat(METHODS["sink"][lang]) in text
    assert _flat(METHODS["sink_one"][lang])[:30] not in text
