"""``python -m benchmarks.scrape [--articles 100000] [--no-write]``: ``read_articles`` on a scrape.

The main benchmark (``python -m benchmarks``) reads clean synthetic JSONL sized in
words. This one imitates what issue 11 is about -- a multi-outlet scrape in
news-watch's shape, sized in *articles* -- and measures ``read_articles`` end to
end on it: file reading, value checks, HTML/mojibake repair, duplicate
resolution, date parsing, scraped-text cleaning and the learned-boilerplate
pass. Each measurement runs in a fresh worker process (peak RSS is the
process's, see ``benchmarks.measure``).

The scrape (``benchmarks/data/scrape-v1-<n>.jsonl``, seeded, same bytes every
time): articles from ``benchmarks.synth.Generator`` (its five outlets and their
furniture) with lognormal lengths (median 150 words, 20..1500: short news items
and some stubs), news-watch columns ``title, publish_date, author, content,
keyword, category, source, link``; ``publish_date`` cycles through the outlet
date formats of issue 11; 2% of the rows re-scrape an earlier link with a
sentence added, 3% wrap their paragraphs in HTML with a ``<script>``, 1% carry a
mojibake paragraph.

Rows written to ``benchmarks/scrape.json`` and the README block between the
``bench:scrape`` markers:

- ``read_articles`` at n/2 and n articles (learned pass on): the n vs 2n ratio
  shows the growth in corpus size;
- ``read_articles`` at n with ``learn=False``: the learned pass's share;
- ``read_articles`` on a file of one document of 59k and of 118k lines (cleaning
  and the learned pass must stay linear in a document's line count), best of
  ``LONG_REPEAT`` runs each.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from . import synth

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
RESULTS = ROOT / "benchmarks" / "scrape.json"
README = ROOT / "benchmarks" / "README.md"
START, END = "<!-- bench:scrape:start -->", "<!-- bench:scrape:end -->"
VERSION = 1
#: the one-document rows take seconds: best of this many runs, so the n vs 2n ratio is not noise
LONG_REPEAT = 3
DATE_FORMATS = ("{wd}, {d} {mon} {y} {hh}:{mm} WIB", "Diperbarui {d} {mon3} {y}, {hh}:{mm} WIB",
                "{dd}/{mm2}/{y}", "{d} {mon} {y} - {hh}:{mm}", "{y}-{mm2}-{dd}T{hh}:{mm}:00+07:00",
                "{wd}, {dd} {mon3} {y} {hh}:{mm} WITA")
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember")
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def scrape_path(n: int) -> Path:
    return DATA / f"scrape-v{VERSION}-{n}.jsonl"


def _date(rng: np.random.Generator, k: int) -> str:
    d, m, y = int(rng.integers(1, 29)), int(rng.integers(1, 13)), int(rng.integers(2023, 2026))
    hh, mm = int(rng.integers(0, 24)), int(rng.integers(0, 60))
    return DATE_FORMATS[k % len(DATE_FORMATS)].format(
        wd=DAYS[k % 7], d=d, dd=f"{d:02d}", mon=MONTHS[m - 1], mon3=MONTHS[m - 1][:3], y=y,
        hh=f"{hh:02d}", mm=f"{mm:02d}", mm2=f"{m:02d}")


def write_scrape(n: int, seed: int = 0) -> Path:
    """Write the n-row scrape (module docstring) unless it is cached; return its path."""
    path = scrape_path(n)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    gen = synth.Generator(seed)
    rng = np.random.default_rng(seed + 1)
    rows: list[dict] = []
    for k in range(n):
        if rows and rng.random() < 0.02:   # a re-scrape of an earlier link, a sentence longer
            old = rows[int(rng.integers(0, len(rows)))]
            rows.append(dict(old, content=old["content"] + "\nPembaruan: redaksi menambahkan keterangan."))
            continue
        length = int(np.clip(rng.lognormal(np.log(150), 0.6), 20, 1500))
        art = gen.article(length)
        content = art["text"]
        u = rng.random()
        if u < 0.03:
            paras = [p for p in content.split("\n") if p.strip()]
            content = "".join(f"<p>{p}</p>" for p in paras) + "<script>var iklan = 'teroris';</script>"
        elif u < 0.04:
            first, _, rest = content.partition("\n")
            content = first.encode("utf-8").decode("cp1252", errors="replace") + "\n" + rest
        rows.append({"title": art["title"], "publish_date": _date(rng, k), "author": "",
                     "content": content, "keyword": "suriah", "category": "Internasional",
                     "source": art["outlet"], "link": f"https://example.org/{k}"})
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path


def long_document(lines: int) -> str:
    """One scraped document of ``lines`` lines: paragraphs, repeats, list items, furniture."""
    out = []
    for i in range(lines):
        r = i % 12
        if r == 0:
            out.append("Kami tidak akan mundur dari kota ini, kata komandan itu.")
        elif r == 5:
            out.append(f"Paragraf nomor {i - 4} melaporkan serangan di kota {(i - 4) % 97} pada malam itu.")
        elif r == 7:
            out.append(f"- Butir daftar {i}")
        elif r == 9:
            out.append("[Gambas:Video 20detik]")
        else:
            out.append(f"Paragraf nomor {i} melaporkan serangan di kota {i % 97} pada malam itu. (kha)")
    return "\n".join(out)


def worker(mode: str, arg: str) -> list[dict]:
    """One measurement in this (fresh) process; returns result rows."""
    import bingkai
    from bingkai.clean.rules import clean

    from .measure import measure, measure_best

    if mode == "longdoc":
        # read_articles on a file holding one document: cleaning and the learned pass
        lines = int(arg)
        path = DATA / f"longdoc-{lines}.jsonl"
        path.write_text(json.dumps({"text": long_document(lines), "outlet": "A"}) + "\n", encoding="utf-8")
        clean(long_document(200), scraped=True)   # regexes compiled off the clock
        words = len(long_document(lines).split())
        _, row = measure_best(f"read_articles, one document of {lines:,} lines [best of {LONG_REPEAT}]",
                              lambda _: bingkai.read_articles(path, report=False, progress=False),
                              repeat=LONG_REPEAT, words=words, units=lines, unit="lines")
        path.unlink()
        return [row]
    path = Path(arg)
    # counted line by line, so the rows are not resident when the stage's peak is taken
    words, head = 0, []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh):
            words += len(json.loads(line)["content"].split())
            if number < 20:
                head.append(line)
    learn = mode == "full"
    small = path.with_name(path.stem + ".warm.jsonl")
    small.write_text("".join(head), encoding="utf-8")
    bingkai.read_articles(small, report=False, progress=False)   # imports and regexes off the clock
    small.unlink()
    label = "read_articles" + ("" if learn else " (learn=False)")
    frame, row = measure(label, lambda: bingkai.read_articles(path, learn=learn, report=False, progress=False),
                         words=words, units=None, unit="articles")
    row["units"] = sum(1 for _ in path.open(encoding="utf-8"))
    row["units_per_s"] = round(row["units"] / row["seconds"]) if row["seconds"] else None
    row["unit"] = "rows"
    row["kept"] = len(frame)
    return [row]


def _run(mode: str, arg: str) -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "benchmarks.scrape", "--worker", mode, arg], cwd=ROOT,
                         capture_output=True, text=True, check=True, env={"BINGKAI_PROGRESS": "0",
                                                                            "PATH": "/usr/bin:/bin"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def render(rows: list[dict]) -> str:
    lines = ["| input | stage | seconds | rows/s (lines/s) | words/s | peak RSS MB |",
             "|---|---|---:|---:|---:|---:|"]
    for r in rows:
        rate = f"{r['units_per_s']:,}" if r.get("units_per_s") else ""
        lines.append(f"| {r['input']} | {r['stage']} | {r['seconds']:.2f} | {rate} | "
                     f"{r['words_per_s']:,} | {r['peak_mb']:,.0f} |")
    ratio = [r for r in rows if r["stage"] == "read_articles"]
    if len(ratio) == 2:
        lines.append("")
        lines.append(f"n vs 2n (read_articles, {ratio[0]['units']:,} vs {ratio[1]['units']:,} rows): "
                     f"time ratio {ratio[1]['seconds'] / ratio[0]['seconds']:.2f}.")
    docs = [r for r in rows if r["stage"].startswith("read_articles, one document")]
    if len(docs) == 2:
        lines.append(f"One document, {docs[0]['units']:,} vs {docs[1]['units']:,} lines: "
                     f"time ratio {docs[1]['seconds'] / docs[0]['seconds']:.2f}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--long-only", action="store_true",
                        help="re-run only the one-document rows; keep the scrape rows of benchmarks/scrape.json")
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "ARG"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return
    n = args.articles
    rows = []
    if args.long_only:
        rows = [r for r in json.loads(RESULTS.read_text(encoding="utf-8")) if r["input"].startswith("scrape")]
    for size, mode in () if args.long_only else ((n // 2, "full"), (n, "full"), (n, "nolearn")):
        path = write_scrape(size)
        for row in _run(mode, str(path)):
            rows.append(dict(row, input=f"scrape, {size:,} rows"))
            print(rows[-1], flush=True)
    for lines in (59_000, 118_000):
        for row in _run("longdoc", str(lines)):
            rows.append(dict(row, input=f"one document, {lines:,} lines"))
            print(rows[-1], flush=True)
    table = render(rows)
    print(table)
    if not args.no_write:
        RESULTS.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
        text = README.read_text(encoding="utf-8")
        if START in text and END in text:
            head, rest = text.split(START, 1)
            _, tail = rest.split(END, 1)
            README.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
