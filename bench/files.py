"""Throughput of the file formats, in one run:

- PDF forms rendered per second on one core (our renderer);
- the same forms converted to PDF by LibreOffice headless from their exported .xlsx (what units do today), and the
  ratio between the two;
- Excel forms imported (read, located and validated into documents) per second.

    .venv/bin/python bench/files.py            # installs libreoffice-calc-nogui with apt-get if run as root
    .venv/bin/python bench/files.py --quick    # a smoke run; LibreOffice is skipped when it is not installed

Goals: at least 100 PDF forms/s, at least 20x LibreOffice, at least 200 imported forms/s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jixiao.formats.json_io import seed_declarations  # noqa: E402
from jixiao.formats.pdf import cjk_font, write_pdf  # noqa: E402
from jixiao.formats.xlsx import read_workbook, write_workbook  # noqa: E402

GOAL_PDF, GOAL_RATIO, GOAL_IMPORT = 100, 20, 200


def median_rate(count: int, runs: int, work: object) -> float:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        work()  # type: ignore[operator]
        seconds.append(time.perf_counter() - started)
    return count / statistics.median(seconds)


def libreoffice(install: bool) -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found or not install:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing libreoffice-calc-nogui (benchmark set-up only) ...", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "libreoffice-calc-nogui"],
                       check=False, stdout=subprocess.DEVNULL, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return shutil.which("soffice") or shutil.which("libreoffice")


def time_libreoffice(soffice: str, forms: int) -> float:
    """Seconds per form for `soffice --headless --convert-to pdf` on exported workbooks, one call per form."""
    documents = seed_declarations()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        profile = folder / "profile"
        files = []
        for index in range(forms):
            path = folder / f"form{index}.xlsx"
            path.write_bytes(write_workbook([documents[index % len(documents)]]))
            files.append(path)
        command = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                   "--outdir", str(folder / "out")]
        subprocess.run([*command, str(files[0])], check=True, capture_output=True, timeout=300)  # first start
        started = time.perf_counter()
        for path in files:
            subprocess.run([*command, str(path)], check=True, capture_output=True, timeout=300)
        elapsed = time.perf_counter() - started
        produced = len(list((folder / "out").glob("*.pdf")))
        if produced != forms:
            raise SystemExit(f"LibreOffice produced {produced} of {forms} PDFs")
    return elapsed / forms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = 3 if args.quick else 5
    documents = seed_declarations()
    font = cjk_font()
    print(f"jixiao file-format benchmark: python {sys.version.split()[0]}, nproc {os.cpu_count()}, one core; "
          f"median of {runs} runs; PDF font {'embedded ' + Path(font.path).name if font.embedded else font.name}")

    count = 25 if args.quick else 200
    forms = [documents[i % len(documents)] for i in range(count)]
    pdf_rate = median_rate(count, runs, lambda: [write_pdf(d) for d in forms])
    print(f"PDF forms rendered per second (one core)          {pdf_rate:10.1f}   goal >= {GOAL_PDF}: "
          f"{'PASS' if pdf_rate >= GOAL_PDF else 'BELOW'}")

    soffice = libreoffice(install=not args.quick)
    if soffice:
        per_form = time_libreoffice(soffice, 3 if args.quick else 10)
        ratio = pdf_rate * per_form
        print(f"LibreOffice headless, xlsx -> PDF, forms/s       {1 / per_form:10.2f}   ({per_form:.2f} s a form)")
        print(f"ratio (ours / LibreOffice)                        {ratio:10.0f}x  goal >= {GOAL_RATIO}x: "
              f"{'PASS' if ratio >= GOAL_RATIO else 'BELOW'}")
    else:
        print("LibreOffice not installed: comparison skipped (run as root without --quick to install it)")

    workbooks = [write_workbook([d]) for d in forms]
    import_rate = median_rate(count, runs, lambda: [read_workbook(w, "bench.xlsx")[0].document for w in workbooks])
    print(f"Excel forms imported per second (read+validate)   {import_rate:10.1f}   goal >= {GOAL_IMPORT}: "
          f"{'PASS' if import_rate >= GOAL_IMPORT else 'BELOW'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
