"""Layer style dialog: class colours with legend swatches, continuous ramps, vector symbols."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHeaderView,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui import styles
from app.gui.layers_panel import qcolor, ramp_pixmap, swatch


def _hex(c: QColor, alpha: bool = False) -> str:
    s = f"#{c.red():02x}{c.green():02x}{c.blue():02x}"
    return s + f"{c.alpha():02x}" if alpha else s


class ColorButton(QPushButton):
    def __init__(self, color: str | None, alpha: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.alpha = alpha
        self.color = color
        self.setIconSize(QSize(28, 14))
        self.clicked.connect(self._pick)
        self._show()

    def _show(self) -> None:
        c = qcolor(self.color)
        self.setIcon(QIcon(swatch(c, QColor("#444444"), 16)) if c else QIcon())
        self.setText(self.color or self.tr("none"))

    def _pick(self) -> None:
        opts = QColorDialog.ColorDialogOption.ShowAlphaChannel if self.alpha else QColorDialog.ColorDialogOption(0)
        c = QColorDialog.getColor(qcolor(self.color) or QColor("#888888"), self, "", opts)
        if c.isValid():
            self.color = _hex(c, self.alpha)
            self._show()


class StyleDialog(QDialog):
    """Edits a copy of a layer's style; :meth:`style` is the result."""

    def __init__(self, entry: Any, info: Any, legend: dict[int, Any], lang: str,
                 parent: QWidget | None = None, *, classes: Any = None) -> None:
        """``classes``: a polygon land cover's class match (styles.VectorClasses), which
        offers colouring it by the legend's classes."""
        super().__init__(parent)
        self.entry, self.info, self.legend, self.lang = entry, info, legend, lang
        self.classes = classes
        self.setWindowTitle(self.tr("Style: %1").replace("%1", entry.display_name(lang)))
        lay = QVBoxLayout(self)
        self._raster = info is not None and info.kind == "raster"
        self.resize(460, 520 if self._raster else 260)
        if self._raster:
            self._build_raster(lay)
        else:
            self._build_vector(lay)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    # ---- rasters -------------------------------------------------------------------------------------
    def _build_raster(self, lay: QVBoxLayout) -> None:
        st = dict(self.entry.style or {})
        sample = self.info.stats.get("sample")
        default = styles.effective_raster_style(self.entry.role, {}, self.info.dtype, self.legend,
                                                sample)
        kind = st.get("kind") or default["kind"]
        form = QFormLayout()
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Classes (legend colours)"), "classes")
        self.kind.addItem(self.tr("Continuous (colour ramp)"), "ramp")
        self.kind.setCurrentIndex(0 if kind == "classes" else 1)
        form.addRow(self.tr("Render as"), self.kind)
        lay.addLayout(form)
        self.stack = QStackedWidget(self)
        # classes page
        codes = self.info.stats.get("codes") or sorted(self.legend)
        colors = styles.class_colors(st, self.legend, codes)
        self.table = QTableWidget(len(codes), 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Colour"), self.tr("Code"), self.tr("Class")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self._class_buttons: dict[int, ColorButton] = {}
        for row, code in enumerate(codes):
            btn = ColorButton(colors.get(code), parent=self.table)
            self._class_buttons[code] = btn
            self.table.setCellWidget(row, 0, btn)
            self.table.setItem(row, 1, QTableWidgetItem(str(code)))
            cls = self.legend.get(code)
            self.table.setItem(row, 2, QTableWidgetItem(cls.name(self.lang) if cls else ""))
        self.stack.addWidget(self.table)
        # ramp page
        page = QWidget(self)
        f2 = QFormLayout(page)
        self.ramp = QComboBox(page)
        self.ramp.setIconSize(QSize(90, 12))
        for name in styles.RAMPS:
            self.ramp.addItem(QIcon(ramp_pixmap(name, 90, 12)), name, name)
        self.ramp.setCurrentIndex(max(0, self.ramp.findData(st.get("ramp", default.get("ramp", styles.DEFAULT_RAMP)))))
        lo, hi = (st.get("min"), st.get("max"))
        if (lo is None or hi is None) and sample is not None:
            lo, hi = styles.sample_range(sample, self.info.nodata)
        self.vmin = QDoubleSpinBox(page)
        self.vmax = QDoubleSpinBox(page)
        for sb, v in ((self.vmin, lo), (self.vmax, hi)):
            sb.setRange(-1e12, 1e12)
            sb.setDecimals(3)
            sb.setValue(float(v if v is not None else 0.0))
        f2.addRow(self.tr("Colour ramp"), self.ramp)
        f2.addRow(self.tr("Minimum"), self.vmin)
        f2.addRow(self.tr("Maximum"), self.vmax)
        self.stack.addWidget(page)
        lay.addWidget(self.stack, 1)
        self.kind.currentIndexChanged.connect(self.stack.setCurrentIndex)
        self.stack.setCurrentIndex(self.kind.currentIndex())

    # ---- vectors -------------------------------------------------------------------------------------
    def _build_vector(self, lay: QVBoxLayout) -> None:
        st = styles.vector_style(self.entry.role, self.entry.style, self.classes, self.legend)
        form = QFormLayout()
        self.by_class: QCheckBox | None = None
        if self.classes is not None:
            self.by_class = QCheckBox(self.tr("Colour by land-cover class (legend colours)"),
                                      self)
            self.by_class.setChecked(st.get("by") == self.classes.field)
            form.addRow("", self.by_class)
        self.fill = ColorButton(st.get("fill"), alpha=True, parent=self)
        self.no_fill = QCheckBox(self.tr("No fill (outline only)"), self)
        self.no_fill.setChecked(st.get("fill") is None)
        self.line = ColorButton(st.get("line"), parent=self)
        self.width = QDoubleSpinBox(self)
        self.width.setRange(0.1, 10)
        self.width.setSingleStep(0.2)
        self.width.setValue(float(st.get("width", 1.0)))
        self.dash = QCheckBox(self.tr("Dashed line"), self)
        self.dash.setChecked(bool(st.get("dash")))
        form.addRow(self.tr("Fill") if self.classes is None
                    else self.tr("Fill (values not in the legend)"), self.fill)
        form.addRow("", self.no_fill)
        form.addRow(self.tr("Outline"), self.line)
        form.addRow(self.tr("Line width"), self.width)
        form.addRow("", self.dash)
        lay.addLayout(form)
        lay.addStretch(1)

    # ---- result -----------------------------------------------------------------------------------------
    def style(self) -> dict[str, Any]:
        st = dict(self.entry.style or {})
        if self._raster:
            kind = self.kind.currentData()
            st["kind"] = kind
            if kind == "classes":
                legend_colors = styles.class_colors({}, self.legend, list(self._class_buttons))
                changed = {str(code): b.color for code, b in self._class_buttons.items()
                           if b.color and b.color != legend_colors.get(code)}
                if changed:
                    st["classes"] = changed
                else:
                    st.pop("classes", None)
                for k in ("ramp", "min", "max"):
                    st.pop(k, None)
            else:
                st["ramp"] = self.ramp.currentData()
                st["min"] = self.vmin.value()
                st["max"] = self.vmax.value()
                st.pop("classes", None)
            return st
        st["kind"] = "vector"
        st["fill"] = None if self.no_fill.isChecked() else self.fill.color
        st["line"] = self.line.color
        st["width"] = round(self.width.value(), 2)
        st["dash"] = self.dash.isChecked()
        if st["fill"] is None:
            # TOML has no null: an explicit "none" marker keeps outline-only styles
            st["fill"] = ""
        if self.by_class is not None:
            if self.by_class.isChecked():
                st.pop("by", None)  # the default: by the class field, through the legend
            else:
                st["by"] = ""  # one fill for every polygon
        return st
