"""Report building blocks: number formatting, fonts, page sizes, line breaking, options."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.report.fmt import fmt, fmt_number


def test_fmt_number_is_deterministic() -> None:
    assert fmt_number(41982787.09796694, 0) == "41,982,787"
    assert fmt_number(-9903.339599999497, 0) == "-9,903"
    assert fmt_number(-0.4, 0) == "0"          # no "-0"
    assert fmt_number(57.4951, 2) == "57.50"
    assert fmt_number(None) == "–"
    assert fmt_number(float("nan")) == "–"
    assert fmt(2030.0, "year") == "2030"


def test_page_sizes_and_png_pixels() -> None:
    from app.report.layout import PageSpec

    assert PageSpec("A4", "portrait").size_mm == (210.0, 297.0)
    assert PageSpec("A3", "landscape").size_mm == (420.0, 297.0)
    assert PageSpec("A4", "portrait").png_size(72) == (595, 842)
    assert PageSpec("A3", "landscape").png_size(150) == (2480, 1754)


def test_png_names() -> None:
    from app.report.render import png_paths

    assert [p.name for p in png_paths(Path("/x/report.png"), 3)] == [
        "report_1.png", "report_2.png", "report_3.png"]


def test_font_resolver_finds_an_embeddable_cjk_font() -> None:
    from app.report.fonts import resolve_font

    font = resolve_font()
    assert font.cjk
    assert Path(font.path).is_file()
    # TrueType outlines embed as Type 42 (CID TrueType); CFF (Noto CJK) as Type 3
    assert font.pdf_fonttype == (42 if font.truetype else 3)
    assert font.families[-1] == "DejaVu Sans"


def test_font_override_by_family(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.report import fonts

    fonts.resolve_font.cache_clear()
    monkeypatch.setenv("SINKPLANNER_REPORT_FONT", "DejaVu Sans")
    try:
        assert fonts.resolve_font().family == "DejaVu Sans"
    finally:
        monkeypatch.delenv("SINKPLANNER_REPORT_FONT")
        fonts.resolve_font.cache_clear()


def test_wrap_breaks_chinese_between_characters_and_latin_between_words() -> None:
    import matplotlib

    from app.report.fonts import resolve_font
    from app.report.layout import Doc, PageSpec

    font = resolve_font()
    with matplotlib.rc_context(font.rc()):
        doc = Doc(PageSpec(), font, "", lambda i, n: "")
        zh = "年碳汇以吸收为正（t CO₂e/年），负值表示净排放。按两期土地覆被碳储量之差计算。"
        lines = doc.wrap(zh, 40.0, 9.0)
        assert "".join(lines).replace(" ", "") == zh.replace(" ", "")
        assert len(lines) > 1
        assert all(doc.measure(line, 9.0) <= 40.0 + 1e-6 for line in lines)
        assert not any(line[:1] in "，。）" for line in lines)   # no punctuation line starts
        en = "Annual sink is shown as a positive removal in tonnes of CO2 equivalent per year"
        lines = doc.wrap(en, 40.0, 9.0)
        assert " ".join(lines) == en


@pytest.mark.parametrize("kw, code", [
    ({"fmt": "tiff"}, "report_bad_option"),
    ({"paper": "A5"}, "report_bad_option"),
    ({"dpi": 5}, "report_bad_dpi"),
])
def test_bad_options_are_clear_errors(kw: dict[str, object], code: str) -> None:
    from app.report import check_options
    from gis.errors import SinkplannerError

    args = {"fmt": "pdf", "lang": "zh", "paper": "A4", "orientation": "portrait", "dpi": 150}
    args.update(kw)
    with pytest.raises(SinkplannerError) as exc:
        check_options(**args)  # type: ignore[arg-type]
    assert exc.value.code == code
    assert exc.value.message("zh") != exc.value.message("en")


def test_messages_exist_in_both_languages() -> None:
    from gis.messages import MESSAGES

    for code in ("report_no_cjk_font", "report_bad_option", "report_bad_dpi",
                 "report_results_missing", "report_results_unreadable"):
        assert MESSAGES[code]["en"] and MESSAGES[code]["zh"]


def test_report_text_catalogue_is_complete() -> None:
    from app.report.text import METHODS, T

    for key, entry in {**T, **METHODS}.items():
        assert entry.get("en") and entry.get("zh"), key
