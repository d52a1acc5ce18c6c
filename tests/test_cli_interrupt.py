"""Issue 23, Ctrl-C: one line, exit 130, OUT as it was, no temp folders left.

The ``bingkai`` command runs in a subprocess with its own ``TMPDIR``; SIGINT
is sent once the work is seen to be under way (the build's progress bar on
stderr, the report's corpus written into OUT), never after a fixed sleep.
"""

from __future__ import annotations

import csv
import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BINGKAI = Path(sys.executable).parent / "bingkai"
EXIT_INTERRUPTED = 130
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix", reason="POSIX signals")


def _snapshot(folder: Path) -> dict[str, bytes] | None:
    if not folder.exists():
        return None
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else b"<dir>")
            for p in sorted(folder.rglob("*"))}


class _Run:
    """A ``bingkai`` subprocess whose stdout and stderr are collected as they come."""

    def __init__(self, argv: list[str], tmp: Path) -> None:
        env = dict(os.environ, TMPDIR=str(tmp / "tmpdir"), BINGKAI_PROGRESS="1", PYTHONUNBUFFERED="1")
        env.pop("BINGKAI_CACHE_DIR", None)
        (tmp / "tmpdir").mkdir()
        self.proc = subprocess.Popen([str(BINGKAI), *argv], cwd=tmp, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.chunks: dict[str, list[bytes]] = {"out": [], "err": []}
        self.readers = [threading.Thread(target=self._collect, args=(pipe, name), daemon=True)
                        for pipe, name in ((self.proc.stdout, "out"), (self.proc.stderr, "err"))]
        for reader in self.readers:
            reader.start()

    def _collect(self, pipe, name: str) -> None:
        for chunk in iter(lambda: os.read(pipe.fileno(), 65536), b""):
            self.chunks[name].append(chunk)

    def text(self, name: str) -> str:
        return b"".join(self.chunks[name]).decode("utf-8", "replace")

    def interrupt_when(self, ready, limit: float = 120.0) -> tuple[int, str]:
        """SIGINT once ``ready()``; returns (exit code, stderr)."""
        deadline = time.monotonic() + limit
        while not ready():
            if self.proc.poll() is not None:
                pytest.fail(f"the command ended (exit {self.proc.returncode}) before the interrupt: "
                            f"{self.text('err')[-2000:]}")
            if time.monotonic() > deadline:
                self.proc.kill()
                pytest.fail("the work never started")
            time.sleep(0.05)
        self.proc.send_signal(signal.SIGINT)
        try:
            code = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            pytest.fail(f"still running 60 s after Ctrl-C: {self.text('err')[-2000:]}")
        for reader in self.readers:
            reader.join(timeout=10)
        return code, self.text("err")


def _last_lines(err: str) -> list[str]:
    """stderr without progress-bar redraws (carriage-return frames) and blank lines."""
    lines = [line.rsplit("\r", 1)[-1] for line in err.splitlines()]
    return [line for line in lines if line.strip() and "IPKernelApp" not in line]


def _seeds(tmp: Path, copies: int) -> tuple[Path, Path]:
    """A seeds folder of ``copies`` x the repository's seeds under new ids, with its SHA256SUMS and sources."""
    rows = list(csv.DictReader(open(REPO / "corpus" / "sources.csv", encoding="utf-8", newline="")))
    seeds = tmp / "seeds"
    seeds.mkdir()
    sums, new = [], []
    for k in range(copies):
        for row in rows:
            doc = f"{k:04d}{row['doc_id'][3:]}"
            data = (REPO / "seeds" / row["file"]).read_bytes()
            (seeds / f"{doc}.txt").write_bytes(data)
            sums.append(f"{hashlib.sha256(data).hexdigest()}  {doc}.txt")
            new.append(dict(row, doc_id=doc, file=f"{doc}.txt", republished_from=""))
    (seeds / "SHA256SUMS").write_text("\n".join(sorted(sums, key=lambda s: s.split()[1])) + "\n", encoding="utf-8")
    sources = tmp / "sources.csv"
    with open(sources, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(new)
    return seeds, sources


def test_ctrl_c_during_build(tmp_path):
    seeds, sources = _seeds(tmp_path, 60)
    out = tmp_path / "built"
    out.mkdir()
    (out / "articles.jsonl").write_text('{"an": "older build"}\n', encoding="utf-8")
    before = _snapshot(out)
    run = _Run(["corpus", "build", "--seeds", str(seeds), "--sources", str(sources), "--out", str(out),
                "--progress"], tmp_path)
    code, err = run.interrupt_when(lambda: "cleaning" in run.text("err"))
    assert "Traceback" not in err, err[-3000:]
    assert code == EXIT_INTERRUPTED, (code, err[-2000:])
    lines = _last_lines(err)
    assert lines and "interrupted" in lines[-1].lower(), lines[-3:]
    assert sum("interrupted" in line.lower() for line in lines) == 1
    assert _snapshot(out) == before
    assert not list((tmp_path / "tmpdir").iterdir())


@pytest.mark.slow
def test_ctrl_c_during_report(tmp_path):
    body = ("Juru bicara militer mengatakan kelompok teroris menyerang pos di kota itu pada malam hari. "
            "Pasukan pemerintah membalas serangan tersebut keesokan harinya. ") * 3
    articles = tmp_path / "arts.csv"
    with open(articles, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["outlet", "text"])
        for k in range(4):
            writer.writerow(["Kompas" if k % 2 else "Tempo", body + f" Laporan nomor {k}."])
    out = tmp_path / "report"
    out.mkdir()
    (out / "notes.txt").write_text("my notes, kept\n", encoding="utf-8")
    before = _snapshot(out)
    run = _Run(["report", str(articles), "--out", str(out), "--force", "--formats", "png"], tmp_path)

    def under_way() -> bool:
        # the corpus read and written, or a notebook started: the report is running
        return any(p.suffix in (".jsonl", ".ipynb") for p in tmp_path.rglob("*") if "seeds" not in p.parts)

    code, err = run.interrupt_when(under_way)
    assert "Traceback" not in err, err[-3000:]
    assert code == EXIT_INTERRUPTED, (code, err[-2000:])
    lines = _last_lines(err)
    assert lines and "interrupted" in lines[-1].lower(), lines[-3:]
    assert _snapshot(out) == before
    leftovers = [p.name for p in (tmp_path / "tmpdir").iterdir()]
    assert not leftovers, leftovers
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".report", "report.")) and p != out]

