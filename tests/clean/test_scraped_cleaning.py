"""Cleaning rules for scraped text (clean(..., scraped=True), the packaged table's new rows,
glued words, learned per-outlet boilerplate): each boilerplate family removed, each
body-text trap kept, and linear time. Every fixture is hand-written Indonesian text
imitating what scrapers produce (no scraped article is copied)."""

from __future__ import annotations

import dataclasses
import json

import pytest

import bingkai
import bingkai.clean.rules as cleaning
from bingkai.clean.rules import clean, looks_like_headline, looks_like_lead, repeated_paragraphs
from bingkai.clean.glued import split_glued
from bingkai.clean.learned import learn_boilerplate, line_prefix, remove_learned, sentence_spans

BODY = "Pasukan pemerintah merebut kembali kota itu pada hari Senin."
BODY2 = "Para pemberontak mengatakan mereka akan terus bergerak ke selatan."
BODY3 = "Warga yang mengungsi mulai kembali ke rumah mereka pekan ini."


def scraped(raw: str, **kw) -> cleaning.Cleaned:
    return clean(raw, scraped=True, **kw)


# --- datelines ---------------------------------------------------------------------

@pytest.mark.parametrize("dateline", [
    "Liputan6.com, Jakarta - ", "JAKARTA, KOMPAS.com - ", "TEMPO.CO, Jakarta - ", "JAKARTA - ",
    "REPUBLIKA.CO.ID, JAKARTA -- ", "Jakarta (ANTARA) - ", "MEDAN (ANTARA) - ", "Suara.com - ",
    "okezone.com: ", "Suaranegeri.com – ",
])
def test_dateline_prefix_is_cut_from_the_first_body_paragraph(dateline):
    result = scraped(f"Judul Berita Tentang Aleppo\n{dateline}{BODY}\n{BODY2}")
    assert result.text == f"{BODY}\n{BODY2}"
    assert result.removed[-1] == (2, dateline.strip(), "dateline")
    assert result.body_lines == [2, 3]


@pytest.mark.parametrize("first", [
    "Menurut warga, situasi - kata mereka - memburuk sejak Senin.",   # lowercase words before the dash
    "Pasukan itu, menurut juru bicara - yang menolak disebut namanya - mundur.",
    "AS dan Rusia - dua kekuatan besar - saling menyalahkan.",        # lowercase word inside
])
def test_sentences_with_dashes_are_not_datelines(first):
    assert scraped(f"{first}\n{BODY}").text == f"{first}\n{BODY}"


def test_dateline_only_on_the_first_body_paragraph_and_not_in_the_seed_mode():
    raw = f"{BODY}\nJAKARTA - {BODY2}"
    assert scraped(raw).text == raw
    assert clean(f"JAKARTA - {BODY}").text == f"JAKARTA - {BODY}"    # scraped=False: the seed build


# --- line families (every corpus) ----------------------------------------------------

@pytest.mark.parametrize("line,rule", [
    ("[Gambas:Video 20detik]", "embed"),
    ("[Gambas:Instagram] [Gambas:Twitter]", "embed"),
    ("Simak juga Video: Suasana Kota Aleppo Setelah Pertempuran", "teaser"),
    ("Lihat juga Video Pasukan Memasuki Hama", "teaser"),
    ("Tonton juga pernyataan lengkap menteri di kanal kami", "teaser"),
    ("Baca selengkapnya di sini", "read_also"),
    ("Artikel ini telah naik di Kabarkota.com dengan judul \"Warga Kembali\".", "republish_note"),
    ("***", "separator"), ("--------", "separator"), ("* * *", "separator"),
    ("Ikuti Whatsapp Channel Republika", "channel_invite"),
    ("Follow juga Google News kami untuk berita terbaru", "channel_invite"),
    ("Pilihan editor: Harga Beras Naik Lagi Menjelang Lebaran", "editor_pick"),
    ("Dok. Humas Polri", "credit"),
])
def test_boilerplate_line_families(line, rule):
    result = clean(f"{BODY}\n{line}\n{BODY2}")
    assert result.rules == ["", rule, ""]


@pytest.mark.parametrize("line", [
    "Lihat juga bagaimana warga bertahan di tengah pengepungan.",     # "Lihat juga" opens a sentence
    "Ikuti perkembangan situasi, kata dia kepada wartawan.",
    "Dokter di rumah sakit itu kewalahan menangani korban.",
    "Para editor surat kabar itu menolak tuduhan tersebut.",
    "-",                                                              # a list bullet, not a separator
])
def test_body_lines_that_resemble_boilerplate_are_kept(line):
    assert clean(f"{BODY}\n{line}\n{BODY2}").rules == ["", "", ""]


# --- cuts inside paragraphs (scraped only) ------------------------------------------------

@pytest.mark.parametrize("tail,rule", [
    (" (kha)", "credit"), (" (kha/mdk)", "credit"), (" (Feby Novalius)", "credit"),
    (" Baca Juga: Pasukan Rusia Tinggalkan Pangkalan di Hama", "read_also"),
    (" Baca selengkapnya di sini.", "read_also"),
    (" Simak juga Video: Suasana Aleppo", "teaser"),
])
def test_glued_tails_are_cut_and_logged(tail, rule):
    result = scraped(f"{BODY}\n{BODY2}{tail}")
    assert result.text == f"{BODY}\n{BODY2}"
    assert (2, tail.strip(), rule) in result.removed


def test_credit_on_its_own_last_line_goes_whole_and_is_logged_once():
    result = scraped(f"{BODY}\n{BODY2}\n(Feby Novalius)")
    assert result.rules[2] == "credit" and result.text == f"{BODY}\n{BODY2}"
    assert result.removed == [(3, "(Feby Novalius)", "credit")]
    both = scraped(f"{BODY}\n[Gambas:Twitter] (kha)")    # an inline cut, then a suffix cut empties the line
    assert both.removed == [(2, "[Gambas:Twitter] (kha)", "credit")] and both.text == BODY


def test_inline_embeds_and_photo_credits_are_cut():
    line = "Pasukan bergerak ke utara [Gambas:Twitter] sebelum fajar (Dok. Humas Kodam) kata saksi."
    result = scraped(f"{BODY}\n{line}")
    assert result.text == f"{BODY}\nPasukan bergerak ke utara sebelum fajar kata saksi."
    assert [r for _, _, r in result.cuts] == ["embed", "credit"] or \
        sorted(r for _, _, r in result.cuts) == ["credit", "embed"]


@pytest.mark.parametrize("line", [
    "Kata dia, pemerintah tidak akan mundur (Jokowi).",     # a name in brackets before the stop
    "Mereka menyebut kelompok itu sebagai teroris (HTS).",
    "Pasukan itu mundur. Baca juga: laporan kami kemarin menyebut hal yang sama.",   # a sentence follows
])
def test_paragraph_endings_that_are_prose_stay(line):
    assert scraped(f"{BODY}\n{line}").text == f"{BODY}\n{line}"


# --- "Baca Juga" blocks and lead paragraphs --------------------------------------------

def test_bare_baca_juga_takes_headlines_and_nothing_that_reads_as_prose():
    lines = [BODY, "Baca Juga", "Rusia Tuding Barat Manfaatkan Gencatan Senjata", "- Assad Kabur ke Moskow",
             "Apakah pasukan itu akan kembali?",                          # a question
             "“Kami tidak akan mundur sejengkal pun”",                    # a quoted claim, no stop
             "Berikut adalah daftar kota yang direbut:",
             "Aleppo, 27 November", "Hama, 5 Desember",                  # table rows under it
             BODY2]
    assert clean("\n".join(lines)).rules == ["", "read_also", "read_also", "read_also", "", "", "", "", "", ""]


@pytest.mark.parametrize("line,expected", [
    ("Rusia Tuding Barat Manfaatkan Gencatan Senjata untuk Persenjatai Ukraina", True),
    ("- 10 Kota Terpadat di Suriah", True), ("-", True),
    ("Apakah pasukan itu akan kembali?", False),
    ("Berikut Adalah Daftar Kota:", False),
    (BODY, False),
])
def test_looks_like_headline(line, expected):
    assert looks_like_headline(line) is expected


LEAD_Q = ("Mengapa Rusia tidak membantu Assad ketika pemberontak bergerak cepat dari Idlib menuju Aleppo "
          "dan Hama?")
LEAD_X = "Aleppo jatuh dalam tiga hari. Tidak ada yang menyangka secepat itu!"


@pytest.mark.parametrize("lead", [LEAD_Q, LEAD_X])
def test_a_lead_paragraph_is_body_text_whatever_its_last_character(lead):
    result = scraped(f"{lead}\n{BODY}", title="Judul dari Kolom")
    assert result.subtitle == "" and result.text == f"{lead}\n{BODY}"
    assert clean(f"{lead}\n{BODY}", title="Judul dari Kolom").subtitle == lead   # seed mode: as before


@pytest.mark.parametrize("line,expected", [
    (LEAD_Q, True), (LEAD_X, True),
    ("Gencatan Senjata Lebanon Picu Serangan Teroris di Suriah, Benarkah?", False),   # title case
    ("Harga Emas Hari Ini: Galeri 24 dan UBS Sentuh Rp 2,4 Juta di Pegadaian, Antam Nihil!", False),
    ("Siapa yang menang?", False),                          # short, one sentence: could be a headline
    (BODY, False),
])
def test_looks_like_lead(line, expected):
    assert looks_like_lead(line) is expected


def test_title_and_subtitle_from_a_clear_header_only():
    result = scraped("\n".join(["Pasukan Pemerintah Masuk Kota Aleppo", "Pemberontak Klaim Kendali Atas Kota", BODY]))
    assert (result.title, result.subtitle) == ("Pasukan Pemerintah Masuk Kota Aleppo",
                                               "Pemberontak Klaim Kendali Atas Kota")


# --- glued words -------------------------------------------------------------------------

@pytest.mark.parametrize("line,fixed,glued", [
    ("Laporan dariHuffington Post menyebut serangan diIran.", "Laporan dari Huffington Post menyebut serangan di Iran.",
     ["dariHuffington", "diIran"]),
    ("Pesan itu dikirim kepadaAssad.", "Pesan itu dikirim kepada Assad.", ["kepadaAssad"]),
    ("Ia memakai iPhone dan menonton YouTube serta TikTok.", None, []),     # brand names stay whole
    ("Kartu eKTP dan BPJSKesehatan", None, []),
    ("Kata xyzAleppo tidak dikenal.", None, []),                           # left part not a known word
    ("Serangan saatperang berlangsung.", None, []),                        # no case change: not split
])
def test_glued_words(line, fixed, glued):
    assert split_glued(line) == (fixed or line, glued)


def test_glued_words_are_split_in_the_body_and_counted(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": f"{BODY}\nPasukan itu mundur dariAleppo menuju diIdlib.",
                                "outlet": "A"}) + "\n", encoding="utf-8")
    frame = bingkai.read_articles(path, progress=False, report=False)
    assert frame["text"].iloc[0].endswith("mundur dari Aleppo menuju di Idlib.")
    summary = bingkai.read_summary(frame).set_index(["outlet", "item"])["count"]
    assert summary[("all", "glued words split")] == 2


# --- learned per-outlet boilerplate --------------------------------------------------------

STORIES = [
    "Pasukan pemerintah merebut kembali kota itu pada hari Senin.",
    "Harga beras di pasar induk naik dua kali lipat sejak awal bulan.",
    "Banjir merendam ratusan rumah di tepi sungai setelah hujan deras semalam.",
    "Gubernur meresmikan jembatan baru yang menghubungkan dua kecamatan.",
    "Tim nasional menang tipis dalam laga persahabatan di Surabaya.",
    "Petani mengeluhkan pupuk yang langka menjelang musim tanam.",
    "Kereta cepat mulai melayani penumpang pada akhir pekan.",
    "Ribuan buruh berunjuk rasa menuntut kenaikan upah minimum.",
    "Sekolah di daerah terpencil kekurangan guru tetap.",
    "Pemerintah daerah menyiapkan posko pengungsian bagi warga.",
]


def outlet_articles(n: int, *, furniture: int) -> list[str]:
    """n articles of one outlet; the first ``furniture`` carry its dateline, sentence and sign-off."""
    out = []
    for i in range(n):
        story = STORIES[i % len(STORIES)] + f" Laporan nomor {i} ditulis dari lapangan."
        more = f"Keterangan tambahan nomor {i} dikirim oleh koresponden kami."
        if i < furniture:
            out.append(f"Kabarnusa/Surabaya: {story} Unduh aplikasi Kabarnusa untuk kabar tercepat.\n"
                       f"{more}\nKabarnusa hadir untuk Anda setiap hari")
        else:
            out.append(f"{story}\n{more}")
    return out


def learn(texts: list[str], outlet: str = "Kabarnusa", **kw):
    cleaned = [scraped(t) for t in texts]
    table = learn_boilerplate([outlet] * len(cleaned), cleaned, **kw)
    remove_learned([outlet] * len(cleaned), cleaned, table)
    return table, cleaned


def test_an_outlets_recurring_line_prefix_and_sentence_are_learned_and_removed():
    table, cleaned = learn(outlet_articles(10, furniture=10))
    kinds = set(zip(table["kind"], table["text"]))
    assert ("prefix", "kabarnusa/surabaya:") in kinds
    assert ("sentence", "unduh aplikasi kabarnusa untuk kabar tercepat.") in kinds
    assert ("line", "kabarnusa hadir untuk anda setiap hari") in kinds
    first = cleaned[0]
    assert first.text == (f"{STORIES[0]} Laporan nomor 0 ditulis dari lapangan.\n"
                          "Keterangan tambahan nomor 0 dikirim oleh koresponden kami.")
    assert {r for _, _, r in first.removed} == {"learned_prefix", "learned_sentence", "learned_line"}


def test_thresholds_five_articles_and_a_fifth_of_the_outlet():
    # 4 articles all sharing furniture: under the 5-article minimum
    table, cleaned = learn(outlet_articles(4, furniture=4))
    assert table.empty and "Kabarnusa hadir" in cleaned[0].text
    # 30 articles, furniture in 5 (17%): under 20%
    table, _ = learn(outlet_articles(30, furniture=5))
    assert table.empty
    # 30 articles, furniture in 6 (20%): learned
    table, _ = learn(outlet_articles(30, furniture=6))
    assert not table.empty and (table["articles"] == 6).all() and (table["share"] == 0.2).all()


def test_a_story_copied_many_times_is_not_furniture():
    # the same article five times (syndication) counts once
    texts = [f"{BODY}\n{BODY2}\n{BODY3}"] * 5 + outlet_articles(5, furniture=0)
    table, cleaned = learn(texts)
    assert table.empty and cleaned[0].text == f"{BODY}\n{BODY2}\n{BODY3}"


def test_furniture_is_learned_per_outlet(tmp_path):
    rows = [{"text": t, "outlet": "Kabarnusa"} for t in outlet_articles(6, furniture=6)]
    rows += [{"text": t.replace("Kabarnusa", "Kabarnusa"), "outlet": "Lain"} for t in outlet_articles(6, furniture=1)]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    frame = bingkai.read_articles(path, progress=False, report=False)
    lain = frame[frame["outlet"] == "Lain"]
    assert lain["text"].str.contains("Kabarnusa hadir").sum() == 1      # one article of "Lain": not furniture
    assert not frame.loc[frame["outlet"] == "Kabarnusa", "text"].str.contains("Kabarnusa").any()
    learned = bingkai.learned_boilerplate(frame)
    assert set(learned["outlet"]) == {"Kabarnusa"}
    log = bingkai.removed(frame)
    assert {"learned_line", "learned_prefix", "learned_sentence"} <= set(log["rule"])
    assert not bingkai.read_articles(path, progress=False, report=False, learn=False)["text"].str.contains(
        "Kabarnusa hadir").sum() == 0


def test_line_prefix_and_sentence_spans():
    assert line_prefix("Liputan6.com, Jakarta - Pasukan masuk.") == "Liputan6.com, Jakarta - "
    assert line_prefix("Kabarnusa/Surabaya: Banjir merendam.") == "Kabarnusa/Surabaya: "
    assert line_prefix("Pasukan masuk kota itu pada hari Senin lalu - kata warga.") is None   # too far in
    line = "Satu dua tiga. Empat lima enam! Tujuh?"
    assert [line[a:b] for a, b in sentence_spans(line)] == ["Satu dua tiga.", "Empat lima enam!", "Tujuh?"]


# --- the removal log and summary of a read corpus ----------------------------------------

def test_removed_log_lists_every_removed_line_and_cut_and_follows_filtering(tmp_path):
    rows = [{"text": f"Judul Pertama Tentang Kota\nJAKARTA - {BODY}\n\n[Gambas:Video 20detik]\n{BODY2} (kha)",
             "outlet": "A", "id": "a1"},
            {"text": f"{BODY3}\n***\n{BODY}", "outlet": "B", "id": "b1"}]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    frame = bingkai.read_articles(path, doc_id="id", progress=False, report=False)
    log = bingkai.removed(frame)
    assert list(log.columns) == ["doc_id", "line", "text", "rule"]
    assert log.values.tolist() == [
        ["a1", 1, "Judul Pertama Tentang Kota", "title"],
        ["a1", 2, "JAKARTA -", "dateline"],
        ["a1", 3, "", "blank"],
        ["a1", 4, "[Gambas:Video 20detik]", "embed"],
        ["a1", 5, "(kha)", "credit"],
        ["b1", 2, "***", "separator"],
    ]
    only_b = frame[frame["outlet"] == "B"]
    assert bingkai.removed(only_b)["doc_id"].unique().tolist() == ["b1"]
    # attrs stay writable as Parquet metadata (the log itself is not written)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame.drop(columns="body_lines").to_parquet(tmp_path / "a.parquet")
    # two different reads concatenated: neither's log is passed off as the other's
    other = bingkai.read_articles(path, doc_id="id", progress=False, report=False, learn=False)
    both = __import__("pandas").concat([frame, other])
    assert "removed" not in both.attrs or both.attrs["removed"] is frame.attrs["removed"] is other.attrs["removed"]
    summary = bingkai.read_summary(frame)
    assert list(summary.columns) == ["outlet", "item", "count"]
    got = summary.set_index(["outlet", "item"])["count"]
    assert got[("all", "rows read")] == 2 and got[("A", "removed: dateline")] == 1
    assert got[("B", "removed: separator")] == 1 and got[("all", "removed: credit")] == 1


def test_the_summary_is_printed_as_one_table(tmp_path, capsys):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": BODY, "outlet": "A"}) + "\n", encoding="utf-8")
    bingkai.read_articles(path, progress=False)
    out = capsys.readouterr().out
    assert "rows read" in out and "kept" in out and "dates unparsed" in out and "(jsonl, encoding utf-8)" in out


# --- user rules ---------------------------------------------------------------------------

def test_user_rules_csv_adds_rules(tmp_path):
    rules = tmp_path / "my_rules.csv"
    rules.write_text("rule,kind,pattern,max_words,note\n"
                     "kabar_promo,start,dapatkan\\s+promo\\b,20,promo lines of my outlet\n"
                     "kabar_tag,suffix,#\\w+(?:\\s+#\\w+)*,,hashtags ending a paragraph\n", encoding="utf-8")
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": f"{BODY}\nDapatkan promo menarik hari ini\n{BODY2} #suriah #aleppo",
                                "outlet": "A"}) + "\n", encoding="utf-8")
    frame = bingkai.read_articles(path, rules=rules, progress=False, report=False)
    assert frame["text"].tolist() == [f"{BODY}\n{BODY2}"]
    assert set(bingkai.removed(frame)["rule"]) == {"kabar_promo", "kabar_tag"}
    plain = bingkai.read_articles(path, progress=False, report=False)
    assert "Dapatkan promo" in plain["text"].iloc[0]            # the package alone keeps it


def test_bad_user_rules_are_errors_naming_file_and_row(tmp_path):
    rules = tmp_path / "my_rules.csv"
    rules.write_text("rule,kind,pattern,max_words,note\nx,line,(unclosed,,\n", encoding="utf-8")
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": BODY, "outlet": "A"}) + "\n", encoding="utf-8")
    with pytest.raises(bingkai.BingkaiInputError, match=r"my_rules\.csv, row 2: bad regular expression"):
        bingkai.read_articles(path, rules=rules, progress=False, report=False)
    rules.write_text("rule,kind,pattern,max_words,note\nx,sentence,abc,,\n", encoding="utf-8")
    with pytest.raises(bingkai.BingkaiInputError, match=r"my_rules\.csv, row 2: unknown kind 'sentence'"):
        bingkai.read_articles(path, rules=rules, progress=False, report=False)
    with pytest.raises(bingkai.BingkaiInputError, match=r"nope\.csv: file not found"):
        bingkai.read_articles(path, rules=tmp_path / "nope.csv", progress=False, report=False)


# --- linear time (issue 15) ------------------------------------------------------------------

def long_document(n: int) -> str:
    """n lines: numbered paragraphs, a repeated pull-quote, short list items, repeats of earlier lines."""
    lines = []
    for i in range(n):
        if i % 10 == 0:
            lines.append("Kami tidak akan mundur dari kota ini, kata komandan itu.")
        elif i % 10 == 5:
            lines.append(f"Paragraf nomor {i - 4} tentang serangan di kota {(i - 4) % 50} pada hari itu.")
        elif i % 10 == 7:
            lines.append(f"- Butir {i}")
        else:
            lines.append(f"Paragraf nomor {i} tentang serangan di kota {i % 50} pada hari itu.")
    return "\n".join(lines)


def test_cleaning_is_linear_in_the_line_count(monkeypatch):
    calls = {"n": 0}
    real = cleaning.contains_on_word_boundary

    def counting(longer, shorter):
        calls["n"] += 1
        return real(longer, shorter)

    monkeypatch.setattr(cleaning, "contains_on_word_boundary", counting)
    counts = {}
    for n in (4000, 8000):
        calls["n"] = 0
        result = clean(long_document(n), scraped=True)
        counts[n] = calls["n"] + n
        # the repeats went: the pull-quote is kept once (n/10 - 1 go), each repeated paragraph once (n/10)
        assert result.rules.count("repeated_paragraph") == n // 10 - 1 + n // 10
    assert counts[8000] / counts[4000] < 2.2


def test_repeated_paragraphs_match_the_pairwise_definition():
    keys = {0: "a b c d e", 1: "x a b c d e y", 2: "a b c d e", 3: "p q r s t", 4: "p q r s t", 5: "p q r s tu v"}
    # 0 and 2 are inside the longer line 1; 3 has a later twin 4; "p q r s t" is not inside 5 on a word boundary
    assert repeated_paragraphs(keys) == [0, 2, 3]


def test_short_and_long_document_paths_of_repeated_paragraphs_agree(monkeypatch):
    raw = long_document(180) + "\n" + "\n".join([
        "Menurut komandan itu, kami tidak akan mundur dari kota ini, kata komandan itu. (FNA)",
        "Paragraf nomor 3 tentang serangan di kota 3",                 # a prefix of line 4, not on a boundary
        "(paragraf nomor 11 tentang serangan di kota 11 pada hari itu.)"])
    short_path = clean(raw).rules
    monkeypatch.setattr(cleaning, "THRESHOLDS", dataclasses.replace(cleaning.THRESHOLDS, repeat_index_from=0))
    assert clean(raw).rules == short_path
    assert short_path.count("repeated_paragraph") > 30


def test_learned_pass_on_one_very_long_document_is_linear(monkeypatch):
    import bingkai.clean.learned as recurring

    calls = {"n": 0}
    real = recurring.analysis_key

    def counting(text):
        calls["n"] += len(text) + 1      # characters normalised: the pass's work
        return real(text)

    monkeypatch.setattr(recurring, "analysis_key", counting)
    monkeypatch.setattr(cleaning, "analysis_key", counting)
    counts = {}
    for n in (3000, 6000):
        calls["n"] = 0
        docs = [scraped(long_document(n))] + [scraped(f"{BODY}\n{BODY2}") for _ in range(5)]
        table = learn_boilerplate(["A"] * 6, docs)
        remove_learned(["A"] * 6, docs, table)
        counts[n] = calls["n"]
    assert counts[6000] / counts[3000] < 2.2


@pytest.mark.slow
def test_a_read_corpus_with_thousands_of_articles_and_several_outlets(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from benchmarks.synth import Generator

    # 1,200 short articles (80-240 words) from the five synthetic outlets:
    # thousands of articles, each with its outlet's furniture, at a third of
    # the words of full-length ones
    gen = Generator(0)
    raw = [gen.article(int(n)) for n in gen.rng.integers(80, 240, size=1200)]
    path = tmp_path / "synth.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in raw), encoding="utf-8")
    frame = bingkai.read_articles(path, published="published", title="title", progress=False, report=False)
    assert len(raw) > 1000 and frame["outlet"].nunique() >= 5
    assert len(frame) + len(frame.attrs["skipped"]) == len(raw)
    # the synthetic outlets' furniture is gone from every body
    assert not frame["text"].str.contains("Baca Juga|Berita Terkait", regex=True).any()
    assert (frame["published"] != "").all() and frame["published_at"].notna().all()
    log = bingkai.removed(frame)
    assert set(log["doc_id"]) <= set(frame["doc_id"])
    summary = bingkai.read_summary(frame).set_index(["outlet", "item"])["count"]
    assert summary[("all", "rows read")] == len(raw)
    assert summary[("all", "kept")] == len(frame)
