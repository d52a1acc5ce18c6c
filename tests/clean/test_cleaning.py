"""Cleaning rules, one by one, then on the five seeds (expectations hand-checked
by reading seeds/*.txt with line numbers: ``cat -n``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bingkai.clean.rules import (
    BOILERPLATE_COLUMNS,
    analysis_key,
    clean,
    compile_boilerplate,
    contains_on_word_boundary,
    default_boilerplate,
    is_blank,
    is_breadcrumb,
    is_dateline_row,
    line_report,
    load_boilerplate,
    looks_like_body,
    split_lines,
)
from bingkai.errors import BingkaiInputError

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
BODY = "Pasukan pemerintah merebut kembali kota itu pada hari Senin."
BODY2 = "Para pemberontak mengatakan mereka akan terus bergerak ke selatan."


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def seed_lines(prefix: str) -> list[str]:
    return split_lines(seed(prefix))


def rules_of(raw: str, **kw) -> list[str]:
    return clean(raw, **kw).rules


# --- line splitting and classification -------------------------------------------

def test_split_lines_handles_every_line_ending_and_no_final_newline():
    assert split_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    assert split_lines("a\n\nb\n") == ["a", "", "b"]  # a final newline ends a line, starts none
    assert split_lines("") == [""]


def test_split_lines_strips_trailing_whitespace_but_not_leading_or_inner():
    assert split_lines("  x  y \xa0\t\nz") == ["  x  y", "z"]
    # U+2028 and form feed are not line breaks here (str.splitlines would split)
    assert split_lines("a\u2028b\x0cc") == ["a\u2028b\x0cc"]


@pytest.mark.parametrize("line,expected", [("", True), ("   ", True), ("\xa0", True), ("\t \xa0", True),
                                           ("-", False), ("x", False)])
def test_is_blank(line, expected):
    assert is_blank(line) is expected


@pytest.mark.parametrize("line,expected", [
    ("Ledakan besar mengguncang Suriah dalam serangan semalam.", True),
    ("“Kami akan kembali,” katanya.", True),
    ("“Tentara Suriah akan sekali lagi mengalahkan mereka.”", True),    # closing quote after the stop
    ("Ia menyebutnya (dalam bahasa Arab).)", True),
    ("Harga Telur Naik Gara-gara MBG, Mendagri Tito: Artinya Positif", False),   # headline, no stop
    ("Gencatan Senjata Lebanon Picu Serangan Teroris di Suriah, Benarkah?", False),
    ("Harga Emas Hari Ini: Galeri 24 dan UBS Sentuh Rp 2,4 Juta di Pegadaian, Antam Nihil!", False),
    ("loading...", False),
    ("Putin Bilang Begini…", False),
    ("-", False),
    (" ".join(["kata"] * 25), True),   # long prose without a final stop
    (" ".join(["kata"] * 24), False),
])
def test_looks_like_body(line, expected):
    assert looks_like_body(line) is expected


def test_analysis_key_ignores_case_and_spacing_only():
    assert analysis_key("Jika  operasi\xa0Sapu ") == "jika operasi sapu"
    assert analysis_key("Hay’at") != analysis_key("Hay'at")  # quotes are not this module's business


@pytest.mark.parametrize("longer,shorter,expected", [
    ("komandan tersebut, jika operasi ini berhasil. (fna)", "jika operasi ini berhasil.", True),
    ("kota suriahnya hancur", "kota suriah", False),          # glued to a letter
    ("abc", "abc", True),
    ("abc", "", False),
])
def test_contains_on_word_boundary(longer, shorter, expected):
    assert contains_on_word_boundary(longer, shorter) is expected


@pytest.mark.parametrize("line,expected", [
    ("Terkini | inews | Senin, 2 Desember 2024 - 10:31", True),   # seed 004 line 5
    ("Senin, 02 Des 2024 10:31 WIB", True),
    ("Kompas.com - 02/12/2024, 10:31 WIB", True),
    ("Rabu, 21 Oktober 2015", True),
    ("Serangan 27 November 2024", False),                          # a date, nothing else
    ("Pada Senin, 2 Desember 2024 pukul 10:31 pasukan masuk kota.", False),  # a sentence
])
def test_is_dateline_row(line, expected):
    assert is_dateline_row(line) is expected


def test_is_breadcrumb():
    assert is_breadcrumb("Home | Internasional | Timur Tengah")
    assert is_breadcrumb("Berita › Dunia")
    assert not is_breadcrumb("Berita Suriah")


# --- boilerplate table -----------------------------------------------------------

def test_packaged_boilerplate_table_loads_with_its_columns():
    table = load_boilerplate()
    assert tuple(table.columns) == BOILERPLATE_COLUMNS
    assert set(table["kind"]) == {"line", "start", "block", "prefix", "suffix", "inline"}
    # every rule has a note saying what it is for
    assert (table["note"].str.len() > 0).all()


@pytest.mark.parametrize("line,rule", [
    ("Baca Juga: Rusia Tuding Barat Manfaatkan Gencatan Senjata untuk Persenjatai Ukraina", "read_also"),
    ("BACA JUGA:  Kenapa Pelaku Serangan Bom Bunuh Diri Semuanya Wahabi?", "read_also"),
    ("baca juga Pengungsi Suriah Pulang Kampung", "read_also"),    # no colon
    ("Simak juga: Video Serangan di Aleppo", "read_also"),
    ("Artikel ini telah tayang di Kompas.com dengan judul \"Assad Kabur\".", "republish_note"),
    ("Show More", "navigation"),
    ("share", "navigation"),
    ("loading...", "navigation"),
    ("Close", "navigation"),
    ("Tinggalkan Balasan", "comment_form"),
    ("Alamat email Anda tidak akan dipublikasikan. Ruas yang wajib ditandai *", "comment_form"),
    ("Adblock Detected", "ad_notice"),
    ("Please consider supporting us by disabling your ad blocker", "ad_notice"),
    ("Facebook Auto Publish Powered By : XYZScripts.com", "plugin_notice"),
    ("Islam Institute News: situs dakwah berhaluan Ahlus Sunnah wal Jamaah. Hadir sebagai media online.",
     "site_description"),
    ("Kabar Dunia adalah portal berita internasional berbahasa Indonesia.", "site_description"),
    ("Editor: Rina Wulandari", "byline"),
    ("Oleh: Rina Wulandari | Editor: Budi", "byline"),
    ("Foto: AFP", "credit"),
])
def test_line_rules_fire_on_boilerplate(line, rule):
    assert default_boilerplate().line_rule(line) == rule


@pytest.mark.parametrize("line", [
    BODY,
    "Ia meminta wartawan membaca juga laporan PBB tentang Aleppo.",            # "baca juga" mid-sentence
    "Lihat juga bagaimana Rusia menanggapi serangan itu, kata analis tersebut.",  # no colon
    "Menurut laporan itu, kampanye udara yang disebut powered by Moscow oleh media Barat "
    "terus berlanjut selama berminggu-minggu di Idlib.",                       # > 12 words
    "Pasukan itu tidak mau menutup akses jalan ke Aleppo.",
    "Situs berita itu melaporkan korban tewas bertambah.",
    "Sumber intelijen mengatakan ratusan teroris melarikan diri dari Aleppo menuju Idlib pada hari Rabu.",
])
def test_line_rules_leave_body_text_alone(line):
    assert default_boilerplate().line_rule(line) is None


@pytest.mark.parametrize("line,rule", [
    ("Berita Terkait", "related_block"), ("Artikel Terkait :", "related_block"),
    ("Related Articles", "related_block"), ("Terpopuler", "popular_block"),
    ("Pilihan", "recommended_block"), ("PILIHAN:", "recommended_block"), ("Terkini", "recommended_block"),
    ("Topik Menarik", "topics_block"), ("Tags", "topics_block"), ("Baca Juga", "read_also"),
])
def test_block_headers_are_whole_lines(line, rule):
    assert default_boilerplate().block_rule(line) == rule


@pytest.mark.parametrize("line", ["Pilihan warga jatuh pada oposisi", "Terkini: serangan berlanjut di Hama",
                                  "Berita terkait serangan itu beredar luas."])
def test_block_words_inside_a_line_are_not_headers(line):
    assert default_boilerplate().block_rule(line) is None


def test_bad_boilerplate_rows_name_file_and_row(tmp_path):
    path = tmp_path / "bp.csv"
    path.write_text("rule,kind,pattern,max_words,note\nx,line,share,,ok\ny,line,(unclosed,,bad\n", encoding="utf-8")
    with pytest.raises(BingkaiInputError, match=r"bp\.csv, row 3: bad regular expression"):
        load_boilerplate(path)
    path.write_text("rule,kind,pattern,max_words,note\nx,sentence,share,,\n", encoding="utf-8")
    with pytest.raises(BingkaiInputError, match=r"row 2: unknown kind 'sentence'"):
        load_boilerplate(path)
    path.write_text("rule,kind,pattern\nx,line,share\n", encoding="utf-8")
    with pytest.raises(BingkaiInputError, match=r"row 1: missing column\(s\) max_words, note"):
        load_boilerplate(path)


def test_a_researcher_table_replaces_the_packaged_one(tmp_path):
    path = tmp_path / "bp.csv"
    path.write_text("rule,kind,pattern,max_words,note\nmine,line,iklan kami,,\n", encoding="utf-8")
    bp = compile_boilerplate(load_boilerplate(path))
    cleaned = clean(f"{BODY}\nIklan Kami\nShow More", boilerplate=bp)
    assert cleaned.rules == ["", "mine", ""]   # "Show More" is not in this table


# --- blocks ------------------------------------------------------------------------

def test_block_takes_its_items_and_stops_at_body_text():
    raw = "\n".join([BODY, "Pilihan", "-", "4 HP Memori 256 GB Paling Murah", "- Harga Emas Hari Ini",
                     "", BODY2, "Lampiran tanpa titik"])
    assert rules_of(raw) == ["", "recommended_block", "recommended_block", "recommended_block",
                             "recommended_block", "blank", "", ""]


def test_word_pilihan_inside_a_sentence_keeps_the_lines_after_it():
    raw = "\n".join([BODY, "Pilihan warga jatuh pada kandidat oposisi.", "Subjudul tanpa titik", BODY2])
    assert rules_of(raw) == ["", "", "", ""]


def test_consecutive_blocks_each_keep_their_own_rule():
    raw = "\n".join([BODY, "Berita Terkait", "-", "Judul Satu", "Terpopuler", "- Judul Dua"])
    assert rules_of(raw) == ["", "related_block", "related_block", "related_block", "popular_block",
                             "popular_block"]


def test_block_header_above_the_first_body_paragraph_is_a_section_label():
    raw = "\n".join(["Terkini", "Pasukan Pemberontak Masuk Aleppo", BODY])
    cleaned = clean(raw)
    assert cleaned.rules == ["section_label", "title", ""]
    assert cleaned.title == "Pasukan Pemberontak Masuk Aleppo"


def test_bare_baca_juga_header_takes_the_headline_below_it():
    raw = "\n".join([BODY, "Baca Juga", "Rusia Tuding Barat", BODY2])
    assert rules_of(raw) == ["", "read_also", "read_also", ""]


# --- header --------------------------------------------------------------------------

def test_repeated_headline_at_the_top_is_the_title_once():
    raw = "\n".join(["Assad Kabur ke Moskow", "", "Assad Kabur ke Moskow", BODY])
    cleaned = clean(raw)
    assert cleaned.title == "Assad Kabur ke Moskow"
    assert cleaned.rules == ["title", "blank", "repeated_title", ""]


def test_headline_repeated_lower_down_is_dropped_too():
    cleaned = clean("\n".join(["Assad Kabur ke Moskow", BODY, "ASSAD KABUR KE MOSKOW", BODY2]))
    assert cleaned.rules == ["title", "", "repeated_title", ""]


def test_label_title_subtitle_then_extra_header_lines_stay_in_body():
    raw = "\n".join(["Berita Suriah", "Judul Utama Tentang Aleppo", "Judul Kedua Tentang Hama",
                     "Baris Ketiga Tentang Homs", BODY])
    cleaned = clean(raw)
    assert cleaned.rules == ["section_label", "title", "subtitle", "", ""]
    assert (cleaned.title, cleaned.subtitle) == ("Judul Utama Tentang Aleppo", "Judul Kedua Tentang Hama")


def test_no_header_detection_without_a_body_paragraph():
    # nothing reads as body text, so nothing can be called a headline: all kept
    cleaned = clean("Assad kabur ke Moskow\nRusia diam")
    assert cleaned.title == "" and cleaned.body_lines == [1, 2]


def test_text_starting_with_body_has_no_title():
    assert clean(f"{BODY}\nJudul Tanpa Titik").title == ""


def test_known_title_replaces_detection_and_its_copy_goes():
    cleaned = clean("\n".join(["Assad Kabur", "Rusia Menolak Berkomentar", BODY]), title="Assad Kabur")
    assert cleaned.title == "Assad Kabur"
    assert cleaned.rules == ["repeated_title", "subtitle", ""]
    assert cleaned.subtitle == "Rusia Menolak Berkomentar"


# --- repeated paragraphs ----------------------------------------------------------------

def test_short_paragraph_inside_a_longer_later_one_goes():
    short = "Jika operasi ini berhasil, rute ke Lattakia akan terpotong."
    raw = "\n".join([short, BODY, "Menurut komandan itu, jika  operasi ini berhasil, rute ke Lattakia akan terpotong. (FNA)"])
    assert rules_of(raw) == ["repeated_paragraph", "", ""]


def test_identical_paragraphs_keep_the_later_one():
    assert rules_of("\n".join([BODY, BODY2, BODY])) == ["repeated_paragraph", "", ""]


def test_short_repeats_and_partial_words_are_kept():
    raw = "\n".join(["Aleppo jatuh.", "Setelah itu Aleppo jatuh. Warga mengungsi ke Idlib.",
                     "Pasukan bergerak ke kota Hama", "Pasukan bergerak ke kota Hamadan dan sekitarnya."])
    # line 1 has < 5 words; line 3 is inside line 4 only as a prefix of "Hamadan"
    assert rules_of(raw) == ["", "", "", ""]


# --- line_report and invariants -------------------------------------------------------------

def test_line_report_columns_and_parts():
    report = line_report("Assad Kabur ke Moskow\n\n" + BODY)
    assert list(report.columns) == ["line", "text", "part", "rule"]
    assert report["part"].tolist() == ["title", "removed", "body"]
    assert report["rule"].tolist() == ["title", "blank", ""]
    assert report["line"].tolist() == [1, 2, 3]


LINE = st.one_of(
    st.sampled_from(["", " ", "\xa0", "-", "Pilihan", "Berita Terkait", "Baca Juga: X", "share", BODY, BODY2,
                     "Judul Tanpa Titik", "Terkini | x | Senin, 2 Desember 2024 - 10:31"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"),
            max_size=40),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(LINE, max_size=12))
def test_every_line_lands_in_exactly_one_place(lines):
    raw = "\n".join(lines)
    cleaned = clean(raw)
    assert len(cleaned.rules) == len(split_lines(raw))
    kept = set(cleaned.body_lines)
    removed = {line for line, _, _ in cleaned.removed}
    assert kept.isdisjoint(removed) and kept | removed == set(range(1, len(cleaned.rules) + 1))
    # kept lines are the original lines (only trailing whitespace removed)
    assert cleaned.text.split("\n") == [lines[k - 1].rstrip() for k in cleaned.body_lines] or not kept
    assert clean(raw).rules == cleaned.rules   # deterministic


# --- the seeds (hand-checked) -------------------------------------------------------------------

def test_seed_000_keeps_every_line_and_has_no_title():
    cleaned = clean(seed("000"))
    assert cleaned.title == "" and cleaned.subtitle == ""
    assert cleaned.body_lines == list(range(1, 13))
    # the dateline paragraph is body, whole, with its original characters (en dash, curly quote)
    assert cleaned.text.split("\n")[0] == seed_lines("000")[0]
    assert cleaned.text.startswith("ditphat.net – Serangan") and "Hay’at Tahrir al-Sham" in cleaned.text


def test_seed_001_suara_keeps_body_and_drops_every_list_item():
    cleaned = clean(seed("001"))
    lines = seed_lines("001")
    assert cleaned.title == ""
    assert cleaned.body_lines == [*range(1, 10), *range(11, 17)]   # line 10 is "Baca Juga: …"
    assert "pasukan oposisi secara aktif bergerak maju ke selatan di Suriah" in cleaned.text
    assert cleaned.text.startswith("Suara.com - Di ibu kota Suriah, Damaskus,")
    # lines 17-65: Berita Terkait (17-27), Terpopuler (28-33), Pilihan (34-44), Terkini (45-65)
    rules = dict((line, rule) for line, _, rule in cleaned.removed)
    assert [rules[k] for k in (17, 28, 34, 45)] == ["related_block", "popular_block",
                                                    "recommended_block", "recommended_block"]
    for k in range(17, 66):
        assert k in rules
        if lines[k - 1] != "-":
            assert lines[k - 1] not in cleaned.text.split("\n")
    assert "Harga Telur Naik" not in cleaned.text and "Baca Juga" not in cleaned.text


def test_seed_002_keeps_every_line_and_has_no_title():
    cleaned = clean(seed("002"))
    assert cleaned.title == "" and cleaned.body_lines == list(range(1, 23))


def test_seed_003_islam_institute_header_pull_quote_and_footer():
    cleaned = clean(seed("003"))
    lines = seed_lines("003")
    assert cleaned.title == "ISIS Kocar-kacir Hadapi Serangan Suriah, Rusia, dan Hizbullah"          # line 3
    assert cleaned.subtitle == ("Hadapi Serangan Serempak Suriah, Rusia, dan Hizbullah, "
                                "Ratusan Teroris ISIS Lari Kocar-kacir")                                 # line 5
    assert cleaned.body_lines == [9, 13, 17, 21, 23, 27]
    # the pull-quote (line 7) is kept once, in its longer, later form (line 27)
    assert cleaned.text.count("Maka hal ini akan membuat pengiriman peralatan") == 1
    assert cleaned.text.split("\n")[-1] == lines[26]
    assert cleaned.text.split("\n")[0].startswith("Islam-Institute, DAMASKUS – Serangan Darat")
    assert "BACA JUGA" not in cleaned.text.upper()
    assert "Berita Suriah" not in cleaned.text and "Adblock" not in cleaned.text
    rules = {line: rule for line, _, rule in cleaned.removed}
    assert rules[1] == "section_label" and rules[7] == "repeated_paragraph"
    assert [rules[k] for k in (11, 19, 25)] == ["read_also"] * 3


def test_seed_004_inews_title_once_dateline_row_is_metadata():
    cleaned = clean(seed("004"))
    headline = "Beredar Video Pasukan Pemberontak Suriah Duduki Istana Presiden Bashar Al Assad di Aleppo"
    assert cleaned.title == headline and cleaned.subtitle == ""
    assert headline not in cleaned.text
    assert cleaned.body_lines == list(range(8, 35, 2))
    assert cleaned.text.startswith("ALEPPO, iNews.id - Rekaman video")
    assert "10:31" not in cleaned.text and "Topik Menarik" not in cleaned.text
    rules = {line: rule for line, _, rule in cleaned.removed}
    assert (rules[1], rules[3], rules[5], rules[6], rules[36]) == (
        "title", "repeated_title", "dateline", "navigation", "topics_block")
    # trailing NBSP (line 10) goes with the line ending; the rest of the line is untouched
    assert cleaned.text.split("\n")[1] == "Pemerintah Suriah merebut kendali penuh Aleppo sejak 2016 hingga pekan ini."


# --- the combined line-rule prefilter (a speed-up) must not change any rule ------

def _rule_by_rule(bp, line):
    import dataclasses

    return dataclasses.replace(bp, line_any=None).line_rule(line)


def test_combined_line_rules_agree_with_rule_by_rule_on_the_seeds():
    from bingkai.clean.rules import default_boilerplate, split_lines

    bp = default_boilerplate()
    assert bp.line_any is not None  # the packaged table can be combined
    lines = [ln for path in sorted(SEEDS.glob("*.txt"))
             for ln in split_lines(path.read_text(encoding="utf-8"))]
    # the word limits matter: a long line ending in "powered by X" is not a
    # plugin notice (max_words 12), a short one is
    lines += ["Powered by WordPress",
              " ".join(["kata"] * 20) + " powered by WordPress",
              "Alamat email Anda tidak akan dipublikasikan. " + "x " * 40]
    fired = [bp.line_rule(ln) for ln in lines]
    assert fired == [_rule_by_rule(bp, ln) for ln in lines]
    assert fired[-3:] == ["plugin_notice", None, None]
    assert "navigation" in fired  # the seeds' "share"-style lines still fire


def test_tables_with_group_references_are_matched_rule_by_rule():
    import pandas as pd

    from bingkai.clean.rules import compile_boilerplate

    table = pd.DataFrame({"rule": ["echo", "share"], "kind": ["line", "line"],
                          "pattern": [r"(\w+) \1", "share"], "max_words": ["", ""],
                          "note": ["", ""]})
    bp = compile_boilerplate(table)
    assert bp.line_any is None  # \1 would point at another rule's group once combined
    assert bp.line_rule("bagikan bagikan") == "echo"
    assert bp.line_rule("Share") == "share"
    assert bp.line_rule("bagikan sekarang") is None
