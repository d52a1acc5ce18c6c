"""Markup, mojibake and bad values in the text column (bingkai.clean.markup), and how
read_articles reports them; then duplicates, re-scrapes, stubs and text reuse."""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

import bingkai
from bingkai.clean.markup import cell_string, fix_mojibake, has_markup, html_to_text, text_value

P1 = "Pasukan pemerintah merebut kembali kota itu pada hari Senin setelah pertempuran sengit."
P2 = "Para pemberontak mengatakan mereka akan terus bergerak ke selatan menuju Damaskus."
# a body of at least 40 words (not short): 12 + 12 + 20
LONG = " ".join([P1, P2, "Warga yang mengungsi sejak pekan lalu mulai kembali ke rumah mereka, meski listrik dan "
                         "air bersih belum mengalir di sebagian besar kota."])


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def read(path, **kw):
    return bingkai.read_articles(path, progress=False, report=False, **kw)


# --- markup -------------------------------------------------------------------

def test_html_paragraphs_become_lines_scripts_and_styles_go_entities_are_decoded():
    html = (f"<div class='isi'><p>{P1}</p><script>var teroris = 'HTS';</script>"
            f"<style>.x{{color:red}}</style><p>Kata &quot;komandan&quot; &amp; warga:<br>{P2}</p></div>")
    assert html_to_text(html) == f'{P1}\n\nKata "komandan" & warga:\n{P2}'


def test_text_without_markup_is_untouched():
    prose = "Jika a < b dan b > c, maka kota itu jatuh.\nBaris kedua."
    assert not has_markup(prose)
    assert html_to_text(prose) == prose


def test_entities_alone_are_decoded_without_reflowing_lines():
    assert html_to_text("Hay&#8217;at Tahrir\nal-Sham &amp; sekutunya") == "Hay’at Tahrir\nal-Sham & sekutunya"


def test_mojibake_is_repaired_and_clean_text_is_not_changed():
    broken = "Dia berkata â€œkami akan kembaliâ€\x9d kepada wartawan."
    assert fix_mojibake(broken) == "Dia berkata “kami akan kembali” kepada wartawan."
    assert fix_mojibake("â€¢ Pasukan bergerak ke Aleppo.") == "• Pasukan bergerak ke Aleppo."   # a bullet
    assert "â" not in fix_mojibake("Pasukan â€ bergerak.")   # its third byte lost: no letter "â" left
    clean_text = "Dia berkata “kami akan kembali” – café, naïve."   # curly quotes and accents stay as written
    assert fix_mojibake(clean_text) == clean_text


@pytest.mark.parametrize("value,text,note", [
    (None, None, "missing"),
    (float("nan"), None, "missing"),
    ({"isi": "x"}, None, "a JSON object, not text"),
    (12, None, "a number (12), not text"),
    ([P1, P2], f"{P1}\n{P2}", "list of 2 paragraphs joined"),
    ([P1, 3], None, "a list that is not all strings"),
    ("kota\ud83d itu", "kota\ufffd itu", "1 lone surrogate replaced by U+FFFD"),
    (P1, P1, ""),
])
def test_text_value(value, text, note):
    assert text_value(value) == (text, note)


def test_cell_string():
    assert cell_string(None) == "" and cell_string(float("nan")) == ""
    assert cell_string(12.0) == "12" and cell_string(["a", "b"]) == "a, b"


def test_read_articles_reports_markup_mojibake_and_bad_values_per_row(tmp_path):
    path = tmp_path / "a.jsonl"
    # written by hand so the JSON holds NaN and a lone surrogate escape
    lines = [
        json.dumps({"text": f"<p>{LONG}</p><script>var teroris = 1;</script>", "outlet": "A"}),
        json.dumps({"text": LONG.replace("“", "") + " Dia berkata â€œkami kembaliâ€\x9d.", "outlet": "A"},
                   ensure_ascii=False),
        '{"text": NaN, "outlet": "A"}',
        json.dumps({"text": ["x", 1], "outlet": "B"}),
        '{"text": "' + LONG + ' \\ud83d", "outlet": "B"}',
        json.dumps({"text": 5, "outlet": "B"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.warns(UserWarning) as record:
        frame = read(path)
    (message,) = [str(w.message) for w in record]
    assert "lines 3 (empty text); 4 (text is a list that is not all strings); 6 (text is a number (5), not text)" \
        in message
    texts = frame["text"].tolist()
    assert not any("nan" == t or "teroris" in t or "â€" in t for t in texts)
    assert any(t.endswith("Dia berkata “kami kembali”.") for t in texts)
    assert any(t.endswith("\ufffd") for t in texts)          # the lone surrogate, replaced
    summary = bingkai.read_summary(frame).set_index(["outlet", "item"])["count"]
    assert summary[("all", "html converted")] == 1
    assert summary[("all", "mojibake repaired")] == 1
    assert summary[("all", "values repaired")] == 1
    assert summary[("all", "other skipped")] == 3


# --- duplicates, re-scrapes, stubs, reuse ----------------------------------------------

def test_re_scrapes_of_one_url_keep_the_longest_and_report_the_others(tmp_path):
    rows = [
        {"text": LONG, "outlet": "A", "link": "https://x/1"},                        # 1
        {"text": LONG + " Pembaruan: korban bertambah.", "outlet": "A", "link": "https://x/1"},   # 2: longest
        {"text": LONG, "outlet": "A", "link": "https://x/1"},                        # 3: identical to 1
        {"text": P1 + " " + P2, "outlet": "A", "link": "https://x/2"},               # 4
    ]
    with pytest.warns(UserWarning, match="skipped 2 of 4"):
        frame = read(write_jsonl(tmp_path / "a.jsonl", rows), url="link")
    assert len(frame) == 2
    one = frame[frame["url"] == "https://x/1"].iloc[0]
    assert one.text.endswith("Pembaruan: korban bertambah.")
    assert frame.attrs["skipped"] == [
        {"row": 1, "doc_id": "", "reason": "re-scrape of row 2 (same url; the longest text is kept)"},
        {"row": 3, "doc_id": "", "reason": "duplicate of row 1 (identical row)"}]
    # the id of a URL's article does not depend on which scrape was kept
    assert one.doc_id == __import__("hashlib").sha256(b"A\nhttps://x/1").hexdigest()[:16]
    summary = bingkai.read_summary(frame).set_index(["outlet", "item"])["count"]
    assert (summary[("all", "re-scrapes")], summary[("all", "duplicates")]) == (1, 1)


def test_same_text_under_two_urls_is_kept_and_flagged_as_reuse(tmp_path):
    rows = [{"text": LONG, "outlet": "A", "link": "https://a/1"},
            {"text": LONG.upper().replace(",", "").replace(".", " ."), "outlet": "B",
             "link": "https://b/9"},     # same words: other case, commas dropped, stops spaced
            {"text": LONG + " Tambahan kalimat.", "outlet": "B", "link": "https://b/10"}]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame = read(write_jsonl(tmp_path / "a.jsonl", rows), url="link")
    assert len(frame) == 3
    by_url = frame.set_index("url")
    a, b = by_url.loc["https://a/1", "doc_id"], by_url.loc["https://b/9", "doc_id"]
    assert by_url.loc["https://a/1", "reuse_of"] == b and by_url.loc["https://b/9", "reuse_of"] == a
    assert by_url.loc["https://b/10", "reuse_of"] == ""
    summary = bingkai.read_summary(frame).set_index(["outlet", "item"])["count"]
    assert summary[("all", "text reuse")] == 2


@pytest.mark.parametrize("stub", ["Oleh Sulardi", "Kawan Pal.", "POLITIK", P1])
def test_stub_bodies_are_kept_but_flagged_short(tmp_path, stub):
    rows = [{"text": stub, "outlet": "A"}, {"text": LONG, "outlet": "A"}]
    frame = read(write_jsonl(tmp_path / "a.jsonl", rows))
    flags = dict(zip(frame["text"], frame["short"], strict=True))
    assert not flags[LONG] and flags[stub]
    assert frame["short"].dtype == bool
    summary = bingkai.read_summary(frame).set_index(["outlet", "item"])["count"]
    assert summary[("all", "short")] == 1


def test_min_words_is_the_documented_threshold(tmp_path):
    forty = " ".join(["kata"] * 39) + " akhir."
    frame = read(write_jsonl(tmp_path / "a.jsonl", [{"text": forty, "outlet": "A"},
                                                    {"text": forty.replace("kata ", "", 1), "outlet": "A"}]))
    assert sorted(frame["short"].tolist()) == [False, True]      # 40 words: not short; 39: short
    frame = read(write_jsonl(tmp_path / "b.jsonl", [{"text": forty, "outlet": "A"}]), min_words=41)
    assert frame["short"].tolist() == [True]


def test_removed_and_read_summary_need_a_read_frame():
    with pytest.raises(bingkai.BingkaiInputError, match="carries no removal log"):
        bingkai.removed(pd.DataFrame({"doc_id": ["x"]}))
    with pytest.raises(bingkai.BingkaiInputError, match="must be a pandas DataFrame"):
        bingkai.read_summary([1, 2])
