"""Issue 23, reading: nothing lost, wrong text never passed off as right, clear errors.

Adversarial cases for ``bingkai.read_articles`` / ``bingkai.parse_dates`` /
``bingkai.load_lexicon`` through the public API only, on small files written
here (own sentences imitating Indonesian news scrapes).
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import warnings
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import bingkai

REPO = Path(__file__).resolve().parents[2]
DEVCORPUS = REPO.parent / "shared" / "devcorpus" / "indosum_dev.csv.gz"
BODY = ("Para pejabat di Jakarta mengatakan bahwa rapat anggaran itu berlangsung lama dan alot. "
        "Mereka membahas banyak hal penting untuk tahun depan, termasuk jalan dan sekolah. ") * 3
# the items of the read summary that account for a row read but not kept
SKIP_ITEMS = ("duplicates", "re-scrapes", "other skipped")


def _read(path: Path, **kwargs) -> tuple[pd.DataFrame, list[str]]:
    """read_articles without the printed summary; the UserWarnings it gave, as strings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = bingkai.read_articles(path, report=False, progress=False, **kwargs)
    return frame, [str(w.message) for w in caught if issubclass(w.category, UserWarning)]


def _write_csv(path: Path, header: list[str], rows: list[list[str]], **kwargs) -> Path:
    with open(path, "w", newline="", encoding=kwargs.pop("encoding", "utf-8")) as handle:
        writer = csv.writer(handle, **kwargs)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _problem(err: BaseException, path: Path) -> str:
    """The error message without the file path (whose digits would match anything)."""
    return str(err).replace(str(path), "<file>")


# --- 1. no silent loss ---------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_duplicate_column_names_are_an_error_naming_both(tmp_path, suffix):
    write = {"xlsx": _write_xlsx, "csv": _write_csv}[suffix]
    path = write(tmp_path / f"dup.{suffix}", ["outlet", "text", "title", "text"],
                 [["Kompas", BODY, "Rapat anggaran", "Ringkasan pendek."]])
    with pytest.raises(bingkai.BingkaiInputError) as info:
        bingkai.read_articles(path, report=False, progress=False)
    problem = _problem(info.value, path)
    assert "text" in problem
    # both columns named: by letter (B, D) or by number (2, 4)
    assert ({"B", "D"} <= set(re.findall(r"\b([A-Z])\b", problem))
            or {"2", "4"} <= set(re.findall(r"\b(\d+)\b", problem))), problem


def _shared_id_rows() -> list[list[str]]:
    # four distinct articles: ids 101 and 102 are each used by two outlets
    return [["101", "Kompas", BODY + " Kompas menulis ini pertama."],
            ["101", "Tempo", BODY + " Tempo menulis hal lain sama sekali."],
            ["102", "Kompas", BODY + " Kompas menulis ini kedua."],
            ["102", "Tempo", BODY + " Tempo juga menulis berita kedua."]]


def test_doc_id_shared_across_outlets_keeps_every_article_with_outlet_prefix(tmp_path):
    path = _write_csv(tmp_path / "shared.csv", ["doc_id", "outlet", "text"], _shared_id_rows())
    frame, warned = _read(path, doc_id="doc_id")
    assert len(frame) == 4, frame["doc_id"].tolist()
    assert frame["doc_id"].is_unique
    for ident, outlet in zip(frame["doc_id"], frame["outlet"], strict=True):
        assert outlet.lower() in ident.lower() and re.search(r"10[12]", ident), (ident, outlet)
    shared = [w for w in warned if "101" in w and "doc_id" in w]
    assert shared, warned
    assert not frame.attrs["skipped"]


def test_doc_id_re_scrape_within_one_outlet_still_keeps_one(tmp_path):
    # the guard for the fix above: the same id in the same outlet is a re-scrape
    rows = [["7", "Kompas", BODY], ["7", "Kompas", BODY + " Diperbarui dengan satu kalimat."]]
    path = _write_csv(tmp_path / "rescrape.csv", ["doc_id", "outlet", "text"], rows)
    frame, _ = _read(path, doc_id="doc_id")
    assert len(frame) == 1
    assert "Diperbarui" in frame["text"].iloc[0]


def _summary_fixtures(tmp: Path) -> dict[str, tuple[Path, dict]]:
    """Files exercising every reason a row can be left out."""
    out: dict[str, tuple[Path, dict]] = {}
    rows = [
        ["Kompas", BODY + " satu.", "https://k.id/1", "1"],
        ["Kompas", BODY + " satu.", "https://k.id/1", "1"],                      # identical row
        ["Kompas", BODY + " satu, diperbarui.", "https://k.id/1", "1"],          # re-scrape (same doc_id)
        ["Tempo", BODY + " dua.", "https://t.id/2", ""],
        ["Tempo", BODY + " dua, lagi.", "https://t.id/2", ""],                   # re-scrape (same url)
        ["Tempo", "", "https://t.id/3", ""],                                     # empty text
        ["", BODY + " tanpa outlet.", "https://x.id/4", ""],                     # empty outlet
        ["Detik", "<p>&nbsp;</p>", "https://d.id/5", ""],                        # nothing left
        ["Detik", BODY + " tiga.", "https://d.id/6", ""],
        ["Detik", BODY + " tiga.", "", ""],                                      # same outlet and text
    ]
    out["reasons"] = (_write_csv(tmp / "reasons.csv", ["outlet", "text", "url", "doc_id"], rows),
                      {"url": "url", "doc_id": "doc_id"})
    out["shared_ids"] = (_write_csv(tmp / "shared.csv", ["doc_id", "outlet", "text"], _shared_id_rows()),
                         {"doc_id": "doc_id"})
    out["xlsx"] = (_write_xlsx(tmp / "book.xlsx", ["outlet", "text"],
                               [["Kompas", BODY], ["Kompas", None], ["Tempo", 12345], ["Tempo", BODY + " x"]]),
                   {})
    jsonl = tmp / "items.jsonl"
    items = [{"outlet": "A", "text": BODY}, {"outlet": "A", "text": ["paragraf satu.", "paragraf dua."]},
             {"outlet": "B", "text": {"nested": 1}}, {"outlet": "B", "text": BODY}]
    jsonl.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), encoding="utf-8")
    out["jsonl"] = (jsonl, {})
    out["example_corpus"] = (REPO / "tests" / "data" / "example_corpus.csv",
                             {"text": "isi", "outlet": "media", "title": "judul", "published": "tanggal"})
    out["issue21_scrape"] = (REPO / "tests" / "data" / "issue21_scrape.csv",
                             {"title": "title", "published": "published"})
    if DEVCORPUS.exists():
        # the first 120 articles of the devcorpus (CC BY-SA 4.0, IndoSum; see its README), with a
        # re-scrape of one URL and a row of another outlet under the same id added
        dev = pd.read_csv(DEVCORPUS, nrows=120, dtype=str, keep_default_na=False)
        dev = pd.concat([dev, dev.iloc[[3]].assign(text=lambda d: d["text"] + " Diperbarui."),
                         dev.iloc[[5]].assign(source="outlet lain")], ignore_index=True)
        dev.to_csv(tmp / "devcorpus_head.csv", index=False)
        out["devcorpus_head"] = (tmp / "devcorpus_head.csv",
                                 {"text": "text", "outlet": "source", "doc_id": "id", "url": "source_url"})
    return out


@pytest.mark.parametrize("name", ["reasons", "shared_ids", "xlsx", "jsonl", "example_corpus", "issue21_scrape",
                                  "devcorpus_head"])
def test_read_summary_counts_add_up(tmp_path, name):
    fixtures = _summary_fixtures(tmp_path)
    if name not in fixtures or not fixtures[name][0].exists():
        pytest.skip(f"{name}: not in this checkout (the devcorpus is in ../shared)")
    path, kwargs = fixtures[name]
    frame, _ = _read(path, **kwargs)
    summary = bingkai.read_summary(frame)
    per = {(o, i): c for o, i, c in summary.itertuples(index=False)}
    outlets = sorted({o for o, _ in per if o != "all"})
    for outlet in ["all"] + outlets:
        read = per.get((outlet, "rows read"), 0)
        accounted = per.get((outlet, "kept"), 0) + sum(per.get((outlet, item), 0) for item in SKIP_ITEMS)
        assert read == accounted, (outlet, {k: v for k, v in per.items() if k[0] == outlet})
    assert per[("all", "kept")] == len(frame)
    assert per[("all", "rows read")] == len(frame) + len(frame.attrs["skipped"])
    # every row not kept is listed with its reason
    assert all(s["reason"] for s in frame.attrs["skipped"])


# --- 2. encodings --------------------------------------------------------------------------------

CP1252_TEXT = ("Wartawan kami di São Paulo, José Ramos, melaporkan: “Pasukan itu menyerang pos militer "
               "di perbatasan kemarin,” kata juru bicara. Menurut Hélène, warga setempat, ’itu serangan "
               "ketiga bulan ini’. Pemerintah belum memberi tanggapan resmi atas kejadian tersebut. ")


def test_cp1252_indonesian_text_is_decoded_as_cp1252_naming_the_runner_up(tmp_path):
    path = _write_csv(tmp_path / "windows.csv", ["outlet", "text"],
                      [["Kompas", CP1252_TEXT * 2], ["Tempo", "Laporan lain. " + CP1252_TEXT * 2]],
                      encoding="cp1252")
    frame, warned = _read(path)
    text = " ".join(frame["text"])
    for word in ("São Paulo", "José", "Hélène", "“Pasukan", "kemarin,”", "’itu"):
        assert word in text, word
    assert "cp1252" in frame.attrs["source"], frame.attrs["source"]
    message = " ".join(w for w in warned if "cp1252" in w)
    named = set(re.findall(r"\b(cp\d{3,4}|iso8859[-_]\d+|latin[-_]?\d|mac[-_]?\w+|utf[-_]?\d+)\b", message.lower()))
    assert "cp1252" in named and len(named) >= 2, warned
    assert "runner-up" in message or "next best" in message or "second" in message, message


# --- 7. dates out of range -----------------------------------------------------------------------

def test_parse_dates_out_of_range_kept_raw_not_a_crash():
    dates = bingkai.parse_dates(["12 Juni 1599", "2300-01-01 10:00", "01/02/1599", "3 Maret 2020"])
    assert dates["published_raw"].tolist() == ["12 Juni 1599", "2300-01-01 10:00", "01/02/1599", "3 Maret 2020"]
    assert dates["published_at"].isna().tolist() == [True, True, True, False]
    assert dates["published"].iloc[3] == "2020-03-03"


def test_read_articles_reports_out_of_range_dates(tmp_path):
    path = _write_csv(tmp_path / "dates.csv", ["outlet", "text", "published"],
                      [["Kompas", BODY + " a", "12 Juni 1599"], ["Tempo", BODY + " b", "2300-01-01"],
                       ["Kompas", BODY + " c", "3 Maret 2020"]])
    frame, warned = _read(path, published="published")
    assert len(frame) == 3
    assert sorted(frame["published_raw"]) == ["12 Juni 1599", "2300-01-01", "3 Maret 2020"]
    summary = bingkai.read_summary(frame)
    out_of_range = summary[(summary["outlet"] == "all") & summary["item"].str.contains("out of range")]
    assert out_of_range["count"].tolist() == [2], summary
    assert any("out of range" in w for w in warned), warned


# --- 6. messages that say what the file is -------------------------------------------------------

def test_xlsx_renamed_csv_is_named_a_workbook(tmp_path):
    real = _write_xlsx(tmp_path / "real.xlsx", ["outlet", "text"], [["Kompas", BODY]])
    path = tmp_path / "articles.csv"
    shutil.copy(real, path)
    with pytest.raises(bingkai.BingkaiInputError) as info:
        bingkai.read_articles(path, report=False, progress=False)
    problem = _problem(info.value, path).lower()
    assert "xlsx" in problem or "excel" in problem or "workbook" in problem, problem
    assert "not valid utf-8" not in problem, problem


def test_excel_sep_line_is_understood(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text(f"sep=;\noutlet;text\nKompas;{BODY}\nTempo;{BODY} lagi\n", encoding="utf-8")
    try:
        frame, _ = _read(path)
    except bingkai.BingkaiInputError as err:  # an error is acceptable only if it says what the line is
        assert "sep=" in _problem(err, path), str(err)
    else:
        assert sorted(frame["outlet"]) == ["Kompas", "Tempo"]
        assert ";" in frame.attrs["source"]


def test_semicolon_lexicon_is_named_semicolon_separated(tmp_path):
    pack = tmp_path / "mylex"
    pack.mkdir()
    (pack / "labels.csv").write_text("label;variant;frame;applies_to\nteroris;teroris;terror;armed_group\n",
                                     encoding="utf-8")
    (pack / "actors.csv").write_text("actor;alias;kind\nhts;HTS;armed_group\n", encoding="utf-8")
    with pytest.raises(bingkai.BingkaiInputError) as info:
        bingkai.load_lexicon(pack)
    problem = str(info.value).replace(str(tmp_path), "<folder>").lower()  # the folder name may say anything
    assert "semicolon" in problem, problem


def test_xlsx_text_cell_starting_with_equals_is_kept(tmp_path):
    path = _write_xlsx(tmp_path / "eq.xlsx", ["outlet", "text"],
                       [["Kompas", "= " + BODY], ["Tempo", BODY + " lain"]])
    frame, _ = _read(path)
    assert sorted(frame["outlet"]) == ["Kompas", "Tempo"]
    kompas = frame.loc[frame["outlet"] == "Kompas", "text"].iloc[0]
    assert "rapat anggaran" in kompas
