"""Hand cases for bingkai.text.tokens, written from the seed articles.

Every expectation below was read off the seed text by hand (line numbers are
1-based lines of the seed file) or follows directly from the Unicode
standard (NFKC of a ligature, category of NBSP).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import bingkai
from bingkai.constants import DEFAULT_PARTS, PARTS
from bingkai.errors import BingkaiInputError
from bingkai.text.normalize import normalize, normalize_with_offsets
from bingkai.text.quotes import quote_spans
from bingkai.text.sentences import sentence_spans, sentences
from bingkai.text.tokens import TOKEN_COLUMNS, token_spans, tokenize
from bingkai.views.tokens import tokens

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed_line(prefix: str, lineno: int) -> str:
    """Line ``lineno`` (1-based) of the seed whose name starts with prefix,
    without its line ending and trailing whitespace (as the corpus keeps it)."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8").splitlines()[lineno - 1].rstrip()


def voice_of(text: str) -> dict[str, list[str]]:
    """token -> list of voices of its occurrences (in order)."""
    spans = quote_spans(text)
    out: dict[str, list[str]] = {}
    for s, e, _ in token_spans(text):
        quoted = any(a <= s < b for a, b in spans)
        out.setdefault(text[s:e], []).append("quoted" if quoted else "narrator")
    return out


# --------------------------------------------------------------------------
# normalisation
# --------------------------------------------------------------------------

def test_normalize_maps_quotes_spaces_dashes_and_deletes_zero_width():
    assert normalize("Hay’at") == "Hay'at"
    assert normalize("‘a’ ‚b‛ ′c` ´d") == "'a' 'b' 'c' 'd"
    assert normalize("“teroris” „x‟ ″y″ «z»") == '"teroris" "x" "y" "z"'
    assert normalize("a\u00a0b\u202fc\u2007d\u3000e") == "a b c d e"
    assert normalize("ka\u200bli\u200c\u200d\u2060\ufeffan\u00adda") == "kalianda"
    assert normalize("a‐b‑c‒d–e—f―g−h") == "a-b-c-d-e-f-g-h"


def test_normalize_nfkc():
    # NFKC compatibility forms (Unicode standard): ligature, full-width,
    # ellipsis, superscript; canonical composition of e + combining acute.
    assert normalize("ﬁnal") == "final"
    assert normalize("ＨＴＳ") == "HTS"
    assert normalize("…") == "..."
    assert normalize("km²") == "km2"
    assert normalize("e\u0301") == "\u00e9"
    # a quote/dash mapped before NFKC: NFKC alone would turn "″" into "′′"
    assert normalize("5″") == '5"'


def test_normalize_seed_line_keeps_length_when_only_quotes_change():
    line = seed_line("000", 1)  # "ditphat.net – ... Hay’at Tahrir al-Sham ..."
    norm, off = normalize_with_offsets(line)
    assert len(norm) == len(line)
    assert np.array_equal(off, np.arange(len(line) + 1))
    assert "Hay'at" in norm and "ditphat.net - Serangan" in norm


def test_normalize_with_offsets_after_deletion_and_expansion():
    text = "ﬁ\u200bx\u00a0“y”"
    norm, off = normalize_with_offsets(text)
    assert norm == 'fix "y"'
    assert off.dtype.kind == "i" and len(off) == len(norm) + 1
    # "f" and "i" both come from the ligature at 0; the zero-width space
    # belongs to the ligature's chunk, so "x" starts at original index 2
    assert off.tolist() == [0, 0, 2, 3, 4, 5, 6, 7]
    s = norm.index("x")
    assert text[off[s]:off[s + 1]] == "x"
    assert text[off[0]:off[2]] == "ﬁ\u200b"


def test_normalize_rejects_non_text():
    with pytest.raises(BingkaiInputError, match="must be a str"):
        normalize(None)


# --------------------------------------------------------------------------
# tokens
# --------------------------------------------------------------------------

@pytest.mark.parametrize("word", [
    # reduplication with hyphen, all from the seeds
    "negara-negara", "kelompok-kelompok", "Kocar-kacir", "kocar-kacir", "besar-besaran",
    "serangan-serangan", "diduga-duga", "menambah-nambah", "jet-jet", "koridor-koridor",
    "disebut-sebut", "tergesa-gesa", "puing-puing", "Sumber-sumber", "Buka-bukaan",
    "Detik-detik", "Gara-gara", "kota-kota", "laki-laki", "bangunan-bangunan",
    # clitics stay on the word
    "pemiliknya", "posisinya", "tentaranya", "Jaraknya", "Benarkah",
    # Arabic particles and apostrophes
    "al-Assad", "al-Sham", "al-Julani", "Hay’at", "Hay'at", "Hayi'at", "Al-Qaeda",
    # prefixes
    "anti-Bashar", "anti-Assad", "pro-Turki", "anti-pemerintah", "pro-pemerintah",
])
def test_hyphen_and_apostrophe_words_are_one_token(word):
    assert tokenize(word) == [word]
    assert token_spans(f"x {word} y")[1] == (2, 2 + len(word), "word")


def test_seed_sentence_tokens_000():
    # seed 000 line 3, hand-tokenised
    assert tokenize(seed_line("000", 3)) == [
        "Pasukan", "anti-Bashar", "al-Assad", "telah", "menyerang", "pasukan", "khusus",
        "Rusia", "di", "Suriah", "sejak", "tahun", "2014", "."]


def test_seed_tokens_abbreviation_domain_and_spaced_dash():
    # seed 000 line 1 starts "ditphat.net – Serangan besar-besaran ..."
    assert tokenize(seed_line("000", 1))[:4] == ["ditphat.net", "–", "Serangan", "besar-besaran"]
    kinds = {t: k for s, e, k in token_spans(seed_line("000", 1))
             for t in [seed_line("000", 1)[s:e]]}
    assert kinds["ditphat.net"] == "word" and kinds["–"] == "punct"
    # seed 000 line 4: "... Angkatan Bersenjata Rusia (VSRF) yang ..."
    assert "Rusia ( VSRF ) yang" in " ".join(tokenize(seed_line("000", 4)))
    # seed 004 line 8: "ALEPPO, iNews.id - Rekaman video ..."
    assert tokenize(seed_line("004", 8))[:5] == ["ALEPPO", ",", "iNews.id", "-", "Rekaman"]
    # seed 001 line 1 and seed 003 line 46
    assert tokenize(seed_line("001", 1))[:3] == ["Suara.com", "-", "Di"]
    assert tokenize(seed_line("003", 46))[-3:] == ["By", ":", "XYZScripts.com"]
    # seed 001 line 14: a spaced en dash inside the sentence is punctuation
    toks = tokenize(seed_line("001", 14))
    assert toks[toks.index("Idlib") + 1] == "–"
    # seed 003 line 27 ends "(AL/ARN/RM/FNA)"
    assert tokenize(seed_line("003", 27))[-9:] == ["(", "AL", "/", "ARN", "/", "RM", "/",
                                                 "FNA", ")"]


def test_seed_numbers_and_dates_are_single_number_tokens():
    cases = {
        ("003", 9): "21/10",      # "pada hari Rabu (21/10), bahwa"
        ("004", 12): "1/12/2024",  # "sejak Minggu (1/12/2024), beberapa"
        ("001", 44): "2,4",       # "Rp 2,4 Juta"
        ("001", 32): "18.500",    # "Raih 18.500 Gems"
        ("001", 42): "2-1",       # "Kemenangan 2-1 Real Madrid"
        ("004", 5): "10:31",      # "Senin, 2 Desember 2024 - 10:31"
    }
    for (prefix, lineno), number in cases.items():
        spans = token_spans(seed_line(prefix, lineno))
        line = seed_line(prefix, lineno)
        found = [(line[s:e], k) for s, e, k in spans if line[s:e] == number]
        assert found == [(number, "number")], (prefix, lineno)
    assert "111-113" in tokenize(seed_line("001", 32))


def test_numbers_in_running_text():
    assert tokenize("tahun 1990-an, 2.500 orang, Rp2,4 juta (12/1).") == [
        "tahun", "1990-an", ",", "2.500", "orang", ",", "Rp", "2,4", "juta", "(", "12/1",
        ")", "."]
    assert [k for *_, k in token_spans("Rp18.500")] == ["word", "number"]
    # letter-digit mixes other than the rupiah sign stay one word
    assert tokenize("jet F-16 dan MH17 di G20") == ["jet", "F-16", "dan", "MH17", "di", "G20"]
    # a sentence-final period after a number is punctuation
    assert tokenize("sejak tahun 2016.")[-2:] == ["2016", "."]


def test_al_assad_with_space_is_two_tokens_and_dotted_abbreviations():
    assert tokenize(seed_line("004", 1))[-5:] == ["Bashar", "Al", "Assad", "di", "Aleppo"]
    assert tokenize("di A.S. dan dr. Ahmad") == ["di", "A.S", ".", "dan", "dr", ".", "Ahmad"]


def test_single_quotes_and_punctuation_are_separate_tokens():
    # seed 001 line 53: "Drama Grup WA 'Mas Menteri': Najelaa ..."
    assert tokenize(seed_line("001", 53))[:8] == ["Drama", "Grup", "WA", "'", "Mas", "Menteri",
                                                  "'", ":"]
    # seed 001 line 8 "... selama pertempuran di Suriah, yang ..."
    assert tokenize("Suriah, yang!?") == ["Suriah", ",", "yang", "!", "?"]
    assert tokenize("Sudah… ya...") == ["Sudah", "…", "ya", "..."]


def test_tokenize_seed_counts_match_hand_count():
    # seed 002 line 11: Militer Rusia mengatakan mereka mengebom pasukan “teroris”.
    assert tokenize(seed_line("002", 11)) == [
        "Militer", "Rusia", "mengatakan", "mereka", "mengebom", "pasukan", "“", "teroris", "”",
        "."]


def test_zero_width_inside_word_stays_in_token():
    text = "pem\u200bberontak \u200b kota"
    assert tokenize(text) == ["pem\u200bberontak", "kota"]
    assert normalize(tokenize(text)[0]) == "pemberontak"


# --------------------------------------------------------------------------
# sentences
# --------------------------------------------------------------------------

def test_sentences_seed_003_date_in_brackets_does_not_split():
    # seed 003 line 9 has two sentences; the second contains "Rabu (21/10), bahwa"
    got = sentences(seed_line("003", 9))
    assert len(got) == 2
    assert got[0] == ("Islam-Institute, DAMASKUS – Serangan Darat tentara Suriah menuai hasil "
                      "kemenangan gemilang di beberapa wilayah provinsi.")
    assert got[1].startswith("Sumber-sumber intellijen mengatakan pada hari Rabu (21/10), bahwa")
    assert got[1].endswith("Angkatan Udara Rusia.")


def test_sentences_closing_quote_belongs_to_sentence():
    # seed 000 line 8 is one sentence ending in the closing quote
    line = seed_line("000", 8)
    assert sentences(line) == [line]
    assert line.endswith("Khmeimim.”")
    # seed 003 line 23: quote "... mustahil,” ungkap komandan ..." continues
    # the second sentence; the first sentence ends at "Lattakia."
    got = sentences(seed_line("003", 23))
    assert len(got) == 2
    assert got[0].startswith("“Tujuan") and got[0].endswith("menuju provinsi Lattakia.")
    assert got[1].startswith("Jika operasi") and got[1].endswith("kepada FNA.")
    assert "mustahil,” ungkap komandan" in got[1]


def test_sentences_domain_and_multi_sentence_line():
    # seed 004 line 8: "ALEPPO, iNews.id - Rekaman ... viral. Istana tersebut ..."
    got = sentences(seed_line("004", 8))
    assert len(got) == 2 and got[1].startswith("Istana tersebut")
    # seed 001 line 4: a quotation of two sentences, then "kata laporan itu."
    got = sentences(seed_line("001", 4))
    assert len(got) == 2
    assert got[0].endswith("Pangkalan Udara Khmeimim.")
    assert got[1].endswith("kata laporan itu.")


def test_sentences_abbreviations_initials_decimals():
    text = ("Dr. Ahmad tinggal di Jl. Sudirman No. 5 sejak Jan. 2020. Kol. Vadim B. Baykulov "
            "tiba dari A.S. kemarin. Harga naik 2,4 persen atau 2.5 kali, dll. dan seterusnya. "
            "Ia pergi! Benarkah? Ya... Sudah.")
    assert sentences(text) == [
        "Dr. Ahmad tinggal di Jl. Sudirman No. 5 sejak Jan. 2020.",
        "Kol. Vadim B. Baykulov tiba dari A.S. kemarin.",
        "Harga naik 2,4 persen atau 2.5 kali, dll. dan seterusnya.",
        "Ia pergi!", "Benarkah?", "Ya...", "Sudah."]


def test_sentences_split_before_digit_and_opening_quote_but_not_lowercase():
    assert sentences('Ia tiba. 27 orang tewas. "Kami menang," katanya. lalu pergi.') == [
        "Ia tiba.", "27 orang tewas.", '"Kami menang," katanya. lalu pergi.']


def test_paragraph_break_always_ends_sentence_and_spans_trimmed():
    # seed 001 lines 17-19: headings and list dashes without final periods
    text = "\n".join(seed_line("001", k) for k in (17, 18, 19))
    assert sentences(text) == ["Berita Terkait", "-",
                               "Suriah Waspada!", "Kelompok Teroris Rencanakan Serangan Kimia "
                               "di Aleppo dan Idlib"]
    # indices: "Satu." is 2..7, "Dua" 9..12, "tiga" 16..20
    spans = sentence_spans("  Satu.  Dua \n\n tiga ")
    assert spans == [(2, 7), (9, 12), (16, 20)]


# --------------------------------------------------------------------------
# voice
# --------------------------------------------------------------------------

def test_scare_quotes_seed_002():
    v = voice_of(seed_line("002", 11))  # mengebom pasukan “teroris”.
    assert v["teroris"] == ["quoted"]
    assert v["“"] == ["quoted"] and v["”"] == ["quoted"]
    assert v["mengebom"] == ["narrator"] and v["pasukan"] == ["narrator"]
    assert v["."] == ["narrator"]
    v = voice_of(seed_line("002", 12))  # ... sebagai “simbolis”.
    assert v["simbolis"] == ["quoted"] and v["sebagai"] == ["narrator"]


def test_direct_quote_then_indirect_speech_seed_003():
    line = seed_line("003", 23)
    v = voice_of(line)
    for w in ("Tujuan", "teroris", "Lattakia", "Jika", "mustahil"):
        assert set(v[w]) == {"quoted"}, w
    for w in ("ungkap", "komandan", "lapangan", "FNA"):
        assert set(v[w]) == {"narrator"}, w
    (span,) = quote_spans(line)
    assert line[span[0]:span[1]].startswith("“Tujuan")
    assert line[span[0]:span[1]].endswith("mustahil,”")


def test_quotes_in_last_paragraphs_seed_000():
    l8, l9 = seed_line("000", 8), seed_line("000", 9)
    text = l8 + "\n" + l9
    spans = [text[a:b] for a, b in quote_spans(text)]
    assert spans == [
        "“Pasukan Keamanan Nasional yang melakukan kekerasan melarikan diri dari Hama dan "
        "diusir dari kamp Khmeimim.”",
        "“Kepala markas besar Rusia di Khmeimim, Kolonel Jenderal Alexander Zhuravlyov, "
        "mengakui bahwa rezim Assad tidak lagi mampu mengendalikan situasi,”"]
    v = voice_of(text)
    assert v["mengatakan"] == ["narrator"] and v["lanjut"] == ["narrator"]
    assert v["rezim"] == ["quoted"]


def test_straight_quotes_seed_004():
    v = voice_of(seed_line("004", 26))
    assert v["teroris"] == ["quoted"] and v["kelompok-kelompok"] == ["quoted"]
    assert v['"'] == ["quoted", "quoted"]
    assert v["katanya"] == ["narrator"] and v["."] == ["narrator"]


def test_multi_sentence_quote_seed_001():
    v = voice_of(seed_line("001", 4))
    assert v["agresor"] == ["quoted"] and v["Kepala"] == ["quoted"] and v["rezim"] == ["quoted"]
    assert v["kata"] == ["narrator"] and v["laporan"] == ["narrator"]


def test_unbalanced_quote_closes_at_paragraph_end():
    text = "“Kami tidak mundur, kata dia. Teroris menyerang.\nPemberontak maju ke Hama."
    v = voice_of(text)
    assert v["Teroris"] == ["quoted"]
    assert v["Pemberontak"] == ["narrator"] and v["Hama"] == ["narrator"]
    assert quote_spans(text) == [(0, text.index("\n"))]


def test_stray_closer_and_reopened_quote():
    # a closing glyph attached to a word with no opener: ignored
    v = voice_of("Mereka menyebutnya teroris” lalu pergi.")
    assert set(v["lalu"]) == {"narrator"} and set(v["teroris"]) == {"narrator"}
    # an opening glyph while a quote is open: the first was never closed
    text = "“Kami menang, katanya. “Mereka teroris” ujar komandan."
    spans = [text[a:b] for a, b in quote_spans(text)]
    assert spans == ["“Kami menang, katanya.", "“Mereka teroris”"]
    assert voice_of(text)["ujar"] == ["narrator"]


def test_single_quotes_are_scare_quotes_but_apostrophes_are_not():
    v = voice_of(seed_line("001", 53))  # Drama Grup WA 'Mas Menteri': ...
    assert v["Mas"] == ["quoted"] and v["Menteri"] == ["quoted"]
    assert v["Drama"] == ["narrator"] and v["Najelaa"] == ["narrator"]
    v = voice_of(seed_line("001", 59))  # ... Chalid 'Ngotot' Adu Argumen ...
    assert v["Ngotot"] == ["quoted"] and v["Adu"] == ["narrator"]
    # seed 004 line 12: "milisi Hayi'at Tahrir Al Shams (HTS)": no quotation
    assert quote_spans(seed_line("004", 12)) == []
    # an unmatched leading apostrophe does not open a quotation
    assert quote_spans("Pada tahun '90-an mereka datang.") == []


# --------------------------------------------------------------------------
# tokens(corpus)
# --------------------------------------------------------------------------

def hand_corpus() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["b", "a"],
        "outlet": ["inews", "dialeksis"],
        "title": [seed_line("004", 1), ""],
        "subtitle": ["", "Hay’at maju. Assad mundur."],
        "text": [seed_line("004", 26) + "\n" + seed_line("004", 10),
                 seed_line("002", 11) + "\n" + seed_line("002", 12)],
    })


def test_tokens_frame_contract():
    corpus = hand_corpus()
    t = tokens(corpus, parts=PARTS, progress=False)
    assert list(t.columns) == TOKEN_COLUMNS == [
        "doc_id", "outlet", "part", "para", "sent", "i", "token", "lower", "kind", "start",
        "end", "voice"]
    assert t["doc_id"].tolist() == sorted(t["doc_id"].tolist())
    fields = corpus.set_index("doc_id")
    col = {"title": "title", "subtitle": "subtitle", "body": "text"}
    for r in t.itertuples():
        assert fields.loc[r.doc_id, col[r.part]][r.start:r.end] == r.token
    for _, g in t.groupby("doc_id"):
        assert g["i"].tolist() == list(range(len(g)))
        assert g["sent"].is_monotonic_increasing
    assert set(t["voice"]) == {"narrator", "quoted"}
    assert set(t["kind"]) <= {"word", "number", "punct"}


def test_tokens_hand_values():
    t = tokens(hand_corpus(), parts=PARTS, progress=False)
    a = t[t["doc_id"] == "a"]
    # doc a: no title; subtitle has 2 sentences (0, 1); body line 0 is
    # sentence 2 ("Militer Rusia ... “teroris”."), body line 1 is sentence 3
    # subtitle tokens: Hay’at maju . Assad mundur .
    assert a["part"].tolist()[:7] == ["subtitle"] * 6 + ["body"]
    assert a.iloc[0][["token", "lower", "sent", "para", "start", "end"]].tolist() == [
        "Hay’at", "hay'at", 0, 0, 0, 6]
    assert a[a["token"] == "Assad"]["sent"].tolist() == [1]
    ter = a[a["token"] == "teroris"].iloc[0]
    assert (ter["part"], ter["para"], ter["sent"], ter["voice"]) == ("body", 0, 2, "quoted")
    simb = a[a["token"] == "simbolis"].iloc[0]
    assert (simb["para"], simb["sent"], simb["voice"]) == (1, 3, "quoted")
    assert a[a["token"] == "mengebom"]["voice"].tolist() == ["narrator"]
    b = t[t["doc_id"] == "b"]
    # doc b: title (1 sentence) then the straight-quoted line and line 10
    assert b.iloc[0][["part", "token", "sent", "i"]].tolist() == ["title", "Beredar", 0, 0]
    assert b[b["token"] == "katanya"][["part", "para", "sent", "voice"]].values.tolist() == [
        ["body", 0, 1, "narrator"]]
    assert b[b["token"] == "teroris"]["voice"].tolist() == ["quoted"]
    assert b[b["token"] == "Pemerintah"][["para", "sent"]].values.tolist() == [[1, 2]]
    assert b[b["token"] == "2016"]["kind"].tolist() == ["number"]


def test_tokens_parts_subset_and_determinism():
    corpus = hand_corpus()
    body = tokens(corpus, parts=("body",), progress=False)
    assert set(body["part"]) == {"body"}
    # without title/subtitle, the first body sentence is sentence 0
    assert body.groupby("doc_id")["sent"].min().tolist() == [0, 0]
    # the default is the views' one, the body (issue 20)
    assert DEFAULT_PARTS == ("body",)
    pd.testing.assert_frame_equal(tokens(corpus, progress=False), body)
    pd.testing.assert_frame_equal(tokens(corpus, progress=False), tokens(corpus, progress=False))
    # the public name resolves to the same function
    assert bingkai.tokens is tokens and bingkai.tokenize is tokenize


def test_tokens_missing_values_and_empty_corpus():
    corpus = hand_corpus()
    corpus.loc[0, "subtitle"] = None
    t = tokens(corpus, parts=PARTS, progress=False)
    assert "subtitle" not in set(t[t["doc_id"] == "b"]["part"])
    empty = tokens(corpus.iloc[0:0], progress=False)
    assert list(empty.columns) == TOKEN_COLUMNS and len(empty) == 0


def test_tokens_bad_input_errors():
    corpus = hand_corpus()
    with pytest.raises(BingkaiInputError, match="missing column"):
        tokens(corpus.drop(columns=["outlet"]), progress=False)
    with pytest.raises(BingkaiInputError, match="unknown part"):
        tokens(corpus, parts=("lead",), progress=False)
    dup = pd.concat([corpus, corpus.iloc[[0]]])
    with pytest.raises(BingkaiInputError, match="more than once"):
        tokens(dup, progress=False)
    bad = corpus.assign(source_file=["seeds/x.txt", "seeds/y.txt"])
    bad["text"] = bad["text"].astype(object)
    bad.loc[1, "text"] = 42
    with pytest.raises(BingkaiInputError, match="seeds/y.txt") as err:
        tokens(bad, progress=False)
    assert "'a'" in str(err.value)


def test_combining_marks_continue_words():
    # Devanagari vowel signs and virama are combining marks (Unicode Mc/Mn):
    # "हिन्दी" is one word; so is a letter with a mark NFKC cannot compose.
    assert tokenize("हिन्दी भाषा") == ["हिन्दी", "भाषा"]
    assert tokenize("n\u0308a b") == ["n\u0308a", "b"]
    # a mark after a space has nothing to attach to: its own punct token
    assert token_spans("x \u0301y") == [(0, 1, "word"), (2, 3, "punct"), (3, 4, "word")]


def test_tokens_fields_whose_normalisation_changes_length():
    corpus = pd.DataFrame({
        "doc_id": ["x"], "outlet": ["o"],
        "title": ["ﬁnal\u00a0“Teroris”"], "subtitle": [""],
        "text": ["Kata dia: “pem\u200bberontak ½.”\nNaik 2,4\u00a0persen."]})
    t = tokens(corpus, parts=PARTS, progress=False)
    for r in t.itertuples():
        field = corpus.loc[0, "title" if r.part == "title" else "text"]
        assert field[r.start:r.end] == r.token
    assert t["lower"].tolist() == [
        "final", '"', "teroris", '"',
        "kata", "dia", ":", '"', "pemberontak", "1⁄2", ".", '"',
        "naik", "2,4", "persen", "."]
    assert t["sent"].tolist() == [0] * 4 + [1] * 8 + [2] * 4
    assert t["voice"].tolist() == (["narrator"] + ["quoted"] * 3 + ["narrator"] * 3
                                   + ["quoted"] * 5 + ["narrator"] * 4)
    assert t.loc[t["token"] == "½", "kind"].tolist() == ["number"]


def test_whitespace_before_a_deleted_char_and_a_mark_stays_out_of_the_token():
    # Found by hypothesis (test_tokens_properties): space + ZERO WIDTH SPACE +
    # a supplementary-plane combining mark form one normalisation chunk (the
    # deleted char joins the chunk of the space, the mark continues it). The
    # token made from that chunk used to start with the space.
    text = "\u2024 \u200b\U0001d165"
    toks = tokenize(text)
    spans = token_spans(text)
    assert toks[0] == "\u2024"
    assert all(t and t.strip() == t for t in toks)
    assert [text[s:e] for s, e, _ in spans] == toks
    assert toks[-1].endswith("\U0001d165")  # the mark is still in a token
