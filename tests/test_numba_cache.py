"""Compiled kernels are cached per version of the model sources, so an edit to a function that a
cached kernel calls (in another module) can never leave a stale kernel running."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gis import numba_cache

ROOT = Path(__file__).resolve().parents[1]


def test_digest_changes_when_a_called_module_changes(tmp_path: Path) -> None:
    for pkg in ("gis", "sinkmodels"):
        shutil.copytree(ROOT / pkg, tmp_path / pkg, ignore=shutil.ignore_patterns("__pycache__"))
    before = numba_cache.source_digest(tmp_path)
    assert before == numba_cache.source_digest(tmp_path)
    forest = tmp_path / "sinkmodels" / "forest.py"
    forest.write_text(forest.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert numba_cache.source_digest(tmp_path) != before


def test_configure_uses_a_source_keyed_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    import numba.core.config as config

    monkeypatch.setattr(config, "CACHE_DIR", config.CACHE_DIR)
    folder = numba_cache.configure()
    assert folder == tmp_path / "sinkplanner" / "numba" / numba_cache.source_digest()
    assert folder.is_dir() and config.CACHE_DIR == str(folder)


def test_user_setting_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "mine"))
    assert numba_cache.configure() is None
