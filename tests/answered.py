"""A data folder whose safety checklist has been answered ("none of these apply"), as a person would have."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path


def answer_checklist(data_dir: Path, *precautions: str, left_out: tuple[str, ...] = ()) -> Path:
    """Write ``settings.json`` in ``data_dir`` (the ``--data-dir`` layout) unless one is already there."""
    path = data_dir / "settings.json"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        safety = {
            "reviewed": True,
            "precautions": sorted(precautions),
            "warning_signs_checked": date.today().isoformat(),
        }
        settings = {"format_version": 1, "safety": safety, "left_out_points": sorted(left_out)}
        path.write_text(json.dumps(settings), encoding="utf-8")
    return path
