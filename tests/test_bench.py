"""The core benchmark runs end to end (its figures are read by people, not asserted: this machine is shared)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_core_benchmark_quick_run_prints_every_figure() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "core.py"), "--quick"], capture_output=True,
                            text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    for label in ("machine yardstick", "realistic mix", "all-distinct values parsed per second", "forms reviewed per second",
                  "no parse raised"):
        assert label in result.stdout
