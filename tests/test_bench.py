"""The core benchmark runs end to end (its figures are read by people, not asserted: this machine is shared)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_core_benchmark_quick_run_prints_every_figure() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "core.py"), "--quick"], capture_output=True,
                            text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    for label in ("machine yardstick", "realistic mix", "all-distinct values parsed per second", "forms reviewed per second",
                  "no parse raised"):
        assert label in result.stdout


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed")
def test_instruction_count_benchmark_counts_a_form() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "instructions.py"), "--forms", "10"],
                            capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    count = int(result.stdout.rsplit(":", 1)[1].replace(",", ""))
    assert 100_000 < count < 100_000_000  # a form of 15 rows is neither free nor a second of work
    warm = subprocess.run([sys.executable, str(ROOT / "bench" / "instructions.py"), "--forms", "10", "--warm"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert warm.returncode == 0, warm.stderr
    assert "again, memos kept" in warm.stdout
    assert 10_000 < int(warm.stdout.rsplit(":", 1)[1].replace(",", "")) < count  # memos make it cheaper
