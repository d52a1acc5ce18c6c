"""Every file format and encoding a scraper writes, read into the same rows (bingkai.io.tables),
and read_articles on each of them. Fixtures are hand-written Indonesian text."""

from __future__ import annotations

import gzip
import json
import warnings
from datetime import datetime

import pandas as pd
import pytest

import bingkai
from bingkai.errors import BingkaiInputError
from bingkai.io.tables import read_table, sniff_separator

A1 = "Pasukan pemerintah merebut kembali kota itu pada hari Senin, kata juru bicara militer."
A2 = "Warga Aleppo mulai kembali ke rumah mereka setelah pertempuran mereda."
ROWS = [{"text": A1, "outlet": "Kompas"}, {"text": A2, "outlet": "Tempo"}]
EXPECTED = [(2, {"text": A1, "outlet": "Kompas"}), (3, {"text": A2, "outlet": "Tempo"})]


def csv_text(sep: str = ",", newline: str = "\n") -> str:
    lines = [f"text{sep}outlet"] + [f'"{r["text"]}"{sep}{r["outlet"]}' for r in ROWS]
    return newline.join(lines) + newline


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_separator_is_sniffed_from_the_header(tmp_path, sep):
    path = tmp_path / "a.csv"
    path.write_text(csv_text(sep), encoding="utf-8")
    table = read_table(path)
    assert table.separator == sep
    assert table.rows == EXPECTED   # A1 holds a comma: quoted, it stays inside the cell


def test_sniffing_ignores_separators_inside_quoted_header_cells():
    assert sniff_separator('"judul, lengkap";isi;media') == ";"
    assert sniff_separator("text") == ","


def test_bom_crlf_and_quoted_newlines(tmp_path):
    path = tmp_path / "a.csv"
    body = f"{A1}\r\n\r\nBaca Juga: Judul Lain\r\n{A2}"
    path.write_bytes(("\ufefftext,outlet\r\n" + f'"{body}",Kompas\r\n' + f'"{A2}",Tempo\r\n').encode("utf-8"))
    table = read_table(path)
    assert table.columns == ("text", "outlet")          # no BOM glued to the first column name
    assert table.rows[0] == (2, {"text": body, "outlet": "Kompas"})   # quoted line breaks kept
    assert table.rows[1] == (3, {"text": A2, "outlet": "Tempo"})       # row 3, although it starts on line 6
    frame = bingkai.read_articles(path, progress=False, report=False)
    kompas = frame[frame["outlet"] == "Kompas"].iloc[0]
    assert kompas.text == f"{A1}\n{A2}" and kompas.body_lines == [1, 4]


def test_an_unquoted_comma_in_the_first_data_row_is_an_error_not_a_shift(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(f"text,outlet\n{A1},Kompas\n\"{A2}\",Tempo\n", encoding="utf-8")
    with pytest.raises(BingkaiInputError, match=r"a\.csv, row 2: 3 fields but the header has 2 \(the row starts "
                                                r"on line 2; separator: comma\)\. Quote cells that contain a comma"):
        read_table(path)
    with pytest.raises(BingkaiInputError, match=r"row 2: 3 fields"):
        bingkai.read_articles(path, progress=False)


def test_a_short_row_later_in_the_file_names_its_row_and_line(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(f'text,outlet,url\n"{A1}\n{A2}",Kompas,http://a\n"{A2}"\n', encoding="utf-8")
    with pytest.raises(BingkaiInputError, match=r"a\.csv, row 3: 1 fields but the header has 3 "
                                                r"\(the row starts on line 4"):
        read_table(path)


def test_header_problems(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("text,,outlet\nx,y,z\n", encoding="utf-8")
    with pytest.raises(BingkaiInputError, match=r"row 1: column 2 of the header has no name"):
        read_table(path)
    path.write_text("text,text\nx,y\n", encoding="utf-8")
    with pytest.raises(BingkaiInputError, match=r"row 1: two columns are named 'text'"):
        read_table(path)


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(csv_text(";", "\r\n").encode("utf-16"))
    table = read_table(path)
    assert (table.encoding, table.separator, table.rows) == ("utf-16", ";", EXPECTED)


def test_windows_1252_is_detected_decoded_and_reported(tmp_path):
    text = "Menurut warga, “pasukan sudah pergi” – katanya kepada kafé setempat."
    path = tmp_path / "a.csv"
    path.write_bytes(f'text,outlet\n"{text}",Kompas\n'.encode("cp1252"))
    table = read_table(path)
    assert table.rows == [(2, {"text": text, "outlet": "Kompas"})]
    assert table.encoding not in ("utf-8", "")
    with pytest.warns(UserWarning, match=rf"not UTF-8; decoded as {table.encoding} \(detected by charset-normalizer\)"):
        frame = bingkai.read_articles(path, progress=False, report=False)
    assert frame["text"].tolist() == [text]
    assert f"encoding {table.encoding}" in frame.attrs["source"]


def test_undecodable_bytes_name_the_line(tmp_path):
    path = tmp_path / "a.csv"
    # 0x81 0x8d 0x8f 0x90 0x9d are undefined in Windows-1252; mixed with valid UTF-8 no single encoding fits
    raw = "text,outlet\n\"kafé\",A\n".encode() + b"\"\x81\x8d\x8f\x90\x9d\xff\xfe\x00\",B\n"
    path.write_bytes(raw)
    try:
        table = read_table(path)
    except BingkaiInputError as err:
        assert "line 3" in str(err) and "not valid UTF-8" in str(err)
    else:   # charset-normalizer found an encoding that fits every byte: it must be reported
        assert table.encoding not in ("utf-8", "")


def test_json_array_and_wrapped_array(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(ROWS, ensure_ascii=False), encoding="utf-8")
    assert read_table(path).rows == [(1, ROWS[0]), (2, ROWS[1])]
    path.write_text(json.dumps({"articles": ROWS}), encoding="utf-8")
    assert read_table(path).rows == [(1, ROWS[0]), (2, ROWS[1])]
    path.write_text(json.dumps({"a": 1}), encoding="utf-8")
    with pytest.raises(BingkaiInputError, match=r"a\.json: the JSON is not an array of articles"):
        read_table(path)


@pytest.mark.parametrize("name", ["a.csv.gz", "a.jsonl.gz", "a.json.gz"])
def test_gzip_variants(tmp_path, name):
    path = tmp_path / name
    if name.startswith("a.csv"):
        payload = csv_text()
    elif name.startswith("a.jsonl"):
        payload = "".join(json.dumps(r) + "\n" for r in ROWS)
    else:
        payload = json.dumps(ROWS)
    path.write_bytes(gzip.compress(payload.encode("utf-8")))
    table = read_table(path)
    assert table.compressed and [cells for _, cells in table.rows] == ROWS
    assert "(gzip)" in bingkai.read_articles(path, progress=False, report=False).attrs["source"]


def news_watch_rows() -> list[dict]:
    # news-watch's columns, in its order; values hand-written
    return [
        {"title": "Pasukan Kembali ke Aleppo", "publish_date": "Rabu, 18 Juni 2025 10:31 WIB", "author": "Sulardi",
         "content": A1, "keyword": "aleppo", "category": "Internasional", "source": "kompas",
         "link": "https://example.com/a"},
        {"title": "Warga Pulang", "publish_date": "Diperbarui 18 Jun 2025, 14:05 WIB", "author": "",
         "content": A2, "keyword": "aleppo", "category": "Dunia", "source": "liputan6",
         "link": "https://example.com/b"},
    ]


def test_xlsx_from_news_watch_needs_no_keywords(tmp_path):
    path = tmp_path / "scrape.xlsx"
    pd.DataFrame(news_watch_rows()).to_excel(path, index=False)
    frame = bingkai.read_articles(path, progress=False, report=False)
    assert sorted(frame["outlet"]) == ["kompas", "liputan6"]
    kompas = frame[frame["outlet"] == "kompas"].iloc[0]
    assert (kompas.text, kompas.title, kompas.url) == (A1, "Pasukan Kembali ke Aleppo", "https://example.com/a")
    assert (kompas.published, kompas.published_raw) == ("2025-06-18", "Rabu, 18 Juni 2025 10:31 WIB")
    assert kompas.published_at == pd.Timestamp("2025-06-18 03:31", tz="UTC")
    assert frame.attrs["source"] == "xlsx"


def test_xlsx_date_cells_and_row_numbers(tmp_path):
    path = tmp_path / "a.xlsx"
    rows = [{"text": A1, "outlet": "Kompas", "tanggal": datetime(2025, 6, 18, 10, 31)},
            {"text": None, "outlet": "Tempo", "tanggal": None}]
    pd.DataFrame(rows).to_excel(path, index=False)
    table = read_table(path)
    assert [n for n, _ in table.rows] == [2, 3]
    with pytest.warns(UserWarning, match=r"rows 3 \(empty text\)"):
        frame = bingkai.read_articles(path, published="tanggal", progress=False, report=False)
    assert frame["published"].tolist() == ["2025-06-18"]


def test_parquet_with_list_and_missing_values(tmp_path):
    path = tmp_path / "a.parquet"
    pd.DataFrame({"text": [[A1, A2], None], "outlet": ["Kompas", "Tempo"]}).to_parquet(path)
    with pytest.warns(UserWarning, match=r"items 2 \(empty text\)"):
        frame = bingkai.read_articles(path, progress=False, report=False)
    assert frame["text"].tolist() == [f"{A1}\n{A2}"]   # a list of paragraphs, one per line
    summary = bingkai.read_summary(frame)
    assert summary.query("outlet == 'all' and item == 'values repaired'")["count"].tolist() == [1]


def test_every_format_gives_the_same_frame(tmp_path):
    frames = []
    base = pd.DataFrame(ROWS)
    writers = {
        "a.csv": lambda p: base.to_csv(p, index=False),
        "a.tsv": lambda p: base.to_csv(p, index=False, sep="\t"),
        "a.json": lambda p: base.to_json(p, orient="records", force_ascii=False),
        "a.jsonl": lambda p: base.to_json(p, orient="records", lines=True, force_ascii=False),
        "a.xlsx": lambda p: base.to_excel(p, index=False),
        "a.parquet": lambda p: base.to_parquet(p),
        "a.csv.gz": lambda p: base.to_csv(p, index=False, compression="gzip"),
    }
    for name, write in writers.items():
        write(tmp_path / name)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            frame = bingkai.read_articles(tmp_path / name, progress=False, report=False)
        frames.append(frame.drop(columns="source_file"))
    for frame in frames[1:]:
        pd.testing.assert_frame_equal(frame, frames[0])
