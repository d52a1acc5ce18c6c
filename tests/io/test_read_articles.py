"""read_articles: a researcher's own scraped file -> the corpus frame (shape, ids, duplicates, dates)."""

from __future__ import annotations

import hashlib
import json
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

import bingkai
from bingkai.io.seed import DERIVED_ID_LENGTH
from bingkai.errors import BingkaiInputError
from bingkai.io.reading import READ_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
BODY = "Pasukan pemerintah merebut kembali kota itu pada hari Senin."
BODY2 = "Para pemberontak mengatakan mereka akan terus bergerak ke selatan."


def write_csv(path: Path, rows: list[dict]) -> Path:
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def write_jsonl(path: Path, rows: list[dict | str]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def read_quietly(*args, **kwargs) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # no skipped rows expected
        return bingkai.read_articles(*args, progress=False, report=False, **kwargs)


def test_columns_are_named_by_keyword_and_output_has_the_corpus_shape(tmp_path):
    path = write_csv(tmp_path / "mine.csv", [
        {"isi": f"{BODY}\n\nBaca Juga: Judul Lain\n{BODY2}", "media": "Kompas", "judul": "Assad Kabur",
         "id": "k2", "tanggal": "2024-12-08"},
        {"isi": BODY2, "media": "Tempo", "judul": "", "id": "k1", "tanggal": ""},
    ])
    frame = read_quietly(path, text="isi", outlet="media", title="judul", doc_id="id", published="tanggal")
    assert tuple(frame.columns) == READ_COLUMNS
    assert frame["doc_id"].tolist() == ["k1", "k2"]                      # sorted by doc_id
    k2 = frame.iloc[1]
    assert (k2.outlet, k2.title, k2.published, k2.source_file) == ("Kompas", "Assad Kabur", "2024-12-08", str(path))
    assert k2.text == f"{BODY}\n{BODY2}"
    assert k2.body_lines == [1, 4] and (k2.lines_kept, k2.lines_dropped) == (2, 2)   # blank + Baca Juga
    assert k2.source_sha256 == hashlib.sha256(f"{BODY}\n\nBaca Juga: Judul Lain\n{BODY2}".encode()).hexdigest()
    assert (k2.domain, k2.period, k2.republished_from) == ("", "", "")
    assert frame.attrs["skipped"] == []


def test_text_cells_are_not_stripped_so_line_numbers_match_the_raw_text(tmp_path):
    raw = f"\n  {BODY}\n{BODY2}  "
    frame = read_quietly(write_csv(tmp_path / "a.csv", [{"text": raw, "outlet": " A ", "title": " Judul "}]),
                         title="title")
    rec = frame.iloc[0]
    assert rec.body_lines == [2, 3] and rec.text == f"  {BODY}\n{BODY2}"
    assert rec.source_sha256 == hashlib.sha256(raw.encode()).hexdigest()
    assert (rec.outlet, rec.title) == ("A", "Judul")   # other cells are trimmed


def test_same_cleaning_as_the_seed_corpus_plus_the_scraped_text_rules(seed_corpus, tmp_path):
    corpus = seed_corpus.copy()
    rows = [{"text": (ROOT / src).read_text(encoding="utf-8"), "outlet": outlet, "doc_id": doc}
            for doc, outlet, src in zip(corpus["doc_id"], corpus["outlet"], corpus["source_file"], strict=True)]
    frame = read_quietly(write_jsonl(tmp_path / "seeds.jsonl", rows), doc_id="doc_id")
    for col in ("doc_id", "outlet", "title", "subtitle", "source_sha256", "body_lines", "lines_kept",
                "lines_dropped"):
        assert frame[col].tolist() == corpus[col].tolist(), col
    # the only difference: the dateline prefix rule (scraped text only) cuts the site name
    # before the lead of seeds 000 and 001 (hand-checked with `head -1 seeds/00[01]_*.txt`)
    expected = corpus["text"].tolist()
    expected[0] = expected[0].removeprefix("ditphat.net – ")
    expected[1] = expected[1].removeprefix("Suara.com - ")
    assert frame["text"].tolist() == expected
    log = bingkai.removed(frame)
    cut = (log["rule"] == "dateline") & (log["line"] == 1) & log["doc_id"].str.startswith(("000", "001"))
    assert log.loc[cut, ["doc_id", "text"]].values.tolist() == [
        ["000_cc91cd6fd570bbb7", "ditphat.net –"], ["001_a03656e30dc132ac", "Suara.com -"]]
    # every other entry is exactly the seed build's removed.csv
    seed_log = pd.read_csv(ROOT / "corpus" / "removed.csv", dtype=str, keep_default_na=False)
    seed_log["line"] = seed_log["line"].astype(int)
    assert log[~cut].values.tolist() == seed_log.values.tolist()


def test_derived_ids_are_stable_content_hashes(tmp_path):
    rows = [{"text": BODY, "outlet": "A"}, {"text": BODY2, "outlet": "A"}, {"text": BODY, "outlet": "B"}]
    first = read_quietly(write_csv(tmp_path / "a.csv", rows))
    again = read_quietly(write_csv(tmp_path / "b.csv", rows[::-1]))
    assert first["doc_id"].tolist() == again["doc_id"].tolist()
    assert all(re.fullmatch(rf"[0-9a-f]{{{DERIVED_ID_LENGTH}}}", d) for d in first["doc_id"])
    expected = hashlib.sha256(f"A\n{BODY}".encode()).hexdigest()[:DERIVED_ID_LENGTH]
    assert expected in set(first["doc_id"])
    assert first["doc_id"].is_unique   # same text, other outlet: a different article (syndication)


def test_empty_and_duplicate_rows_are_reported_not_silently_dropped(tmp_path):
    rows = [{"text": BODY, "outlet": "A"},          # row 2
            {"text": "   ", "outlet": "A"},         # row 3: empty text
            {"text": BODY, "outlet": "A"},          # row 4: duplicate of row 2
            {"text": BODY2, "outlet": ""},          # row 5: empty outlet
            {"text": "Show More\nshare", "outlet": "A"},   # row 6: nothing left
            {"text": BODY2, "outlet": "A"}]         # row 7
    path = write_csv(tmp_path / "mine.csv", rows)
    with pytest.warns(UserWarning) as record:
        frame = bingkai.read_articles(path, progress=False, report=False)
    (message,) = [str(w.message) for w in record]
    assert message.startswith(f"{path}: skipped 4 of 6 articles")
    assert "rows 3 (empty text); 4 (duplicate of row 2 (identical row)); 5 (empty outlet); " \
           "6 (no body text left after cleaning)" in message
    assert len(frame) == 2
    skipped = pd.DataFrame(frame.attrs["skipped"])
    assert list(skipped.columns) == ["row", "doc_id", "reason"]
    assert skipped["row"].tolist() == [3, 4, 5, 6]
    # two such frames can still be concatenated (a DataFrame in attrs would break pd.concat)
    assert len(pd.concat([frame, frame])) == 4


def test_jsonl_rows_are_line_numbers(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": BODY, "outlet": "A"}, "", {"text": None, "outlet": "A"}])
    with pytest.warns(UserWarning, match=r"a\.jsonl: skipped 1 of 2 articles — lines 3 \(empty text\)"):
        frame = bingkai.read_articles(path, progress=False, report=False)
    assert len(frame) == 1


def test_one_doc_id_on_two_rows_is_a_re_scrape_and_the_longest_text_is_kept(tmp_path):
    path = write_csv(tmp_path / "mine.csv", [{"text": BODY2, "outlet": "A", "id": "x"},
                                             {"text": BODY, "outlet": "A", "id": "x"},
                                             {"text": BODY2 + " Tambahan.", "outlet": "A", "id": "x"}])
    with pytest.warns(UserWarning, match=r"skipped 2 of 3"):
        frame = bingkai.read_articles(path, doc_id="id", progress=False, report=False)
    assert frame["text"].tolist() == [BODY2 + " Tambahan."]          # the longest of the three
    assert frame.attrs["skipped"] == [
        {"row": 2, "doc_id": "x", "reason": "re-scrape of row 4 (same doc_id; the longest text is kept)"},
        {"row": 3, "doc_id": "x", "reason": "re-scrape of row 4 (same doc_id; the longest text is kept)"}]


def test_missing_column_names_file_header_row_and_separator(tmp_path):
    path = write_csv(tmp_path / "mine.csv", [{"body": BODY, "outlet": "A"}])
    with pytest.raises(BingkaiInputError, match=r"mine\.csv, row 1: no column 'text' \(read as comma-separated\)\. "
                                                r"Name existing columns \(the file has 'body', 'outlet'\)"):
        bingkai.read_articles(path, progress=False)
    jpath = write_jsonl(tmp_path / "mine.jsonl", [{"body": BODY, "outlet": "A"}])
    with pytest.raises(BingkaiInputError, match=r"mine\.jsonl, line 1: no key 'text' in any article"):
        bingkai.read_articles(jpath, progress=False)


def test_published_dates_are_parsed_and_unreadable_ones_are_nat_not_an_abort(tmp_path):
    path = write_csv(tmp_path / "d.csv", [{"text": BODY, "outlet": "A", "t": "2024-12-02T10:31:00+07:00"},
                                          {"text": BODY2, "outlet": "A", "t": "02/12/2024"},
                                          {"text": BODY + " Lagi.", "outlet": "A", "t": "kemarin sore"}])
    # one of three unreadable is over the 20% from which the column is announced (issue 22)
    with pytest.warns(UserWarning, match=r"1 of 3 dates in column 't'.*'kemarin sore'"):
        frame = bingkai.read_articles(path, published="t", progress=False, report=False)
    got = {raw: (day, at) for raw, day, at in zip(frame["published_raw"], frame["published"],
                                                 frame["published_at"], strict=True)}
    assert got["2024-12-02T10:31:00+07:00"] == ("2024-12-02", pd.Timestamp("2024-12-02 03:31", tz="UTC"))
    assert got["02/12/2024"] == ("2024-12-02", pd.Timestamp("2024-12-01 17:00", tz="UTC"))   # day first, WIB
    assert got["kemarin sore"][0] == "" and pd.isna(got["kemarin sore"][1])
    summary = bingkai.read_summary(frame)
    assert summary.query("outlet == 'all' and item == 'dates unparsed'")["count"].tolist() == [1]


def test_bad_files(tmp_path):
    other = tmp_path / "a.xlsx"
    other.write_bytes(b"x")
    with pytest.raises(BingkaiInputError, match=r"a\.xlsx: not a readable \.xlsx workbook"):
        bingkai.read_articles(other, progress=False)
    odd = tmp_path / "a.docx"
    odd.write_bytes(b"x")
    with pytest.raises(BingkaiInputError, match=r"a\.docx: unsupported file type '\.docx'"):
        bingkai.read_articles(odd, progress=False)
    with pytest.raises(BingkaiInputError, match=r"nope\.csv: articles file not found"):
        bingkai.read_articles(tmp_path / "nope.csv", progress=False)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(BingkaiInputError, match=r"empty\.csv, row 1: the file is empty"):
        bingkai.read_articles(empty, progress=False)
    broken = write_jsonl(tmp_path / "b.jsonl", [{"text": BODY, "outlet": "A"}, "[1, 2]"])
    with pytest.raises(BingkaiInputError, match=r"b\.jsonl, line 2: not a JSON object"):
        bingkai.read_articles(broken, progress=False)


def test_thousands_of_rows(tmp_path):
    rows = [{"text": f"Artikel nomor {i} tentang serangan di Aleppo.\nBaca Juga: Lain\nPasukan bergerak {i}.",
             "outlet": f"outlet{i % 7}"} for i in range(2000)]
    frame = read_quietly(write_csv(tmp_path / "big.csv", rows))
    assert len(frame) == 2000 and frame["doc_id"].is_unique
    assert (frame["lines_kept"] == 2).all() and (frame["lines_dropped"] == 1).all()
