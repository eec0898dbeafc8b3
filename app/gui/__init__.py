"""The Sinkplanner desktop app (Qt). ``launch()`` is what ``sinkplanner`` without a subcommand
calls."""

from __future__ import annotations

import sys


def launch(project: str | None = None, lang: str | None = None) -> int:
    """Create the application, show the main window (opening ``project``, a recovered session,
    or the demo on first start) and run the event loop; returns the exit code."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

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
