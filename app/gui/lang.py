"""Translators and fonts.

The UI strings go through ``self.tr()`` / ``QCoreApplication.translate``; their Chinese lives in
``app/i18n/sinkplanner_zh_CN.ts`` (compiled to ``.qm`` with ``pyside6-lrelease``; regenerate the
.ts from the sources with ``pyside6-lupdate``, see ``app/i18n/README.md``). Qt's own strings
(standard buttons) come from Qt's ``qtbase_zh_CN.qm`` when installed.
"""

from __future__ import annotations

import locale
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase

I18N_DIR = Path(__file__).resolve().parent.parent / "i18n"
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "Microsoft YaHei UI",
                "PingFang SC", "Source Han Sans SC", "SimHei", "WenQuanYi Micro Hei",
                "WenQuanYi Zen Hei", "Noto Sans CJK JP")

_installed: list[QTranslator] = []


def system_language() -> str:
    name = QLocale.system().name()
    if name.startswith("zh"):
        return "zh"
    env = os.environ.get("LANG", "") or (locale.getlocale()[0] or "")
    return "zh" if env.startswith("zh") else "en"


def install_language(lang: str) -> bool:
    """Install the translators for ``lang`` ('zh' or 'en'); True when Chinese UI text loaded."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    from gis.messages import set_language

    set_language(lang)
    if lang != "zh":
        return True
    ok = False
    ours = QTranslator(app)
    if ours.load("sinkplanner_zh_CN.qm", str(I18N_DIR)):
        app.installTranslator(ours)
        _installed.append(ours)
        ok = True
    qt = QTranslator(app)
    if qt.load("qtbase_zh_CN.qm", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return ok


def cjk_family() -> str | None:
    """An installed font family that has Simplified Chinese glyphs, or None."""
    families = set(QFontDatabase.families())
    for fam in CJK_FAMILIES:
        if fam in families:
            return fam
    for fam in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return fam
    return None


def apply_cjk_font(app: QCoreApplication) -> str | None:
    """Use a CJK-capable UI font when the default one has no Chinese glyphs."""
    current = app.font()  # type: ignore[attr-defined]
    systems = QFontDatabase.writingSystems(current.family())
    if QFontDatabase.WritingSystem.SimplifiedChinese in systems:
        return current.family()
    fam = cjk_family()
    if fam is None:
        return None
    f = QFont(current)
    f.setFamilies([current.family(), fam])  # Latin from the system font, Chinese from ``fam``
    app.setFont(f)  # type: ignore[attr-defined]
    return fam
