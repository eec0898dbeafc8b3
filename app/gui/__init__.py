"""The Sinkplanner desktop app (Qt). ``launch()`` is what ``sinkplanner`` without a subcommand
calls."""

from __future__ import annotations

import sys


def _keep_none_alive() -> None:
    """Work around a reference-count bug of shiboken6 6.12.0 on CPython < 3.12.

    Every call of a C++ method returning ``void`` (``QPainter.setPen``, ``QColor.setAlpha``,
    ``QPainterPath.setFillRule``, …) drops one reference to ``None`` without taking it
    (reproduced: 100 calls of ``QColor.setAlpha`` lower ``sys.getrefcount(None)`` by 100).
    From Python 3.12 on ``None`` is immortal and this is harmless; on 3.11 the interpreter
    aborts with "none_dealloc: deallocating None" once the count reaches zero — drawing a few
    thousand polygons was enough. ``None`` is never legitimately freed, so giving it a huge
    reference count is safe and makes it effectively immortal, as in 3.12.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import shiboken6

    if not shiboken6.__version__.startswith("6.12."):
        return  # pyproject excludes 6.12 on Python < 3.12; this guards hand-made installs
    import ctypes

    refcnt = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is the first field
    if refcnt.value < 1 << 40:
        refcnt.value += 1 << 40


_keep_none_alive()


def launch(project: str | None = None, lang: str | None = None) -> int:
    """Create the application, show the main window (opening ``project``, a recovered session,
    or the demo on first start) and run the event loop; returns the exit code."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.gui.threads import warm_up

    warm_up()  # pandas/geopandas import in the background while Qt starts
    from app.gui.lang import apply_cjk_font, install_language, system_language
    from app.gui.mainwindow import MainWindow
    from app.settings import Settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Sinkplanner")
    app.setOrganizationName("Sinkplanner")
    app.setApplicationDisplayName("Sinkplanner")
    settings = Settings()
    lang = lang or settings.language or system_language()
    apply_cjk_font(app)
    install_language(lang)
    window = MainWindow(settings=settings, lang=lang)
    window.show()
    QTimer.singleShot(0, lambda: window.start(project))
    code = app.exec()
    window.shutdown()
    return int(code)


__all__ = ["launch"]
