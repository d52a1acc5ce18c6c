"""Lexicon packs, sense rules, wildcards, validation per bad row, and a custom
lexicon reaching every function that matches labels or actors.

Every sentence here is written for the test (imitating Indonesian news
copy); expectations follow from the CSV rules as documented in
``bingkai.lexicon.packs``, not from running the code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import bingkai
from bingkai.lexicon import matching
from bingkai import cli
from bingkai.errors import BingkaiInputError
from bingkai.lexicon.packs import PACKS, PhraseMatcher, load_lexicon, pack_path, variant_key

ALL_PARTS = ("title", "subtitle", "body")  # actor_labels counted every part before parts= (issue 20)

ALL = ("syria", "indonesia", "israel_palestine")


def corpus(*texts: str, outlet: str = "x") -> pd.DataFrame:
    rows = [{"doc_id": f"d{i}", "outlet": outlet, "domain": "", "published": "", "period": "p",
             "republished_from": "", "title": "", "subtitle": "", "text": t} for i, t in enumerate(texts)]
    return pd.DataFrame(rows)


def occ(text: str, lexicon=None) -> pd.DataFrame:
    return bingkai.label_occurrences(corpus(text), lexicon=lexicon, progress=False)


def write_lexicon(folder: Path, labels: str, actors: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "labels.csv").write_text(labels, encoding="utf-8")
    (folder / "actors.csv").write_text(actors, encoding="utf-8")
    return folder


# ------------------------------------------------------------------- packs

def test_default_is_the_syria_pack():
    default = bingkai.load_lexicon()
    assert default.name == "syria"
    assert default.labels.drop(columns="source").equals(bingkai.load_labels().drop(columns="source"))
    assert set(PACKS) == set(ALL)


@pytest.mark.parametrize("pack", ALL)
def test_every_entry_has_a_note_and_display(pack):
    lex = load_lexicon(pack)
    for frame in (lex.labels, lex.actors):
        assert (frame["display"] != "").all()
    # a note per label (on at least one of its rows) and per actor
    assert lex.labels.groupby("label")["note"].apply(lambda s: (s != "").any()).all()
    assert lex.actors.groupby("actor")["note"].apply(lambda s: (s != "").any()).all()


@pytest.mark.parametrize("pack", ALL)
def test_every_variant_of_a_pack_matches_in_a_sentence(pack):
    # each variant in a made-up sentence with an armed context word (so the
    # requires rules are met) and nothing its excludes rules name
    lex = load_lexicon(pack)
    # a wildcard variant ("penjajah* Belanda") is written with its stem
    texts = [f"Pada Senin, {v.replace('*', '')} yang bersenjata bergerak ke arah kota."
             for v in lex.labels["variant"]]
    found = bingkai.label_occurrences(corpus(*texts), lexicon=lex, progress=False)
    got = dict(zip(found["doc_id"], found["variant"]))
    for i, variant in enumerate(lex.labels["variant"]):
        assert got.get(f"d{i}") == variant, variant


@pytest.mark.parametrize("pack", ALL)
def test_every_alias_of_a_pack_is_found_by_the_matcher(pack):
    from bingkai.text.normalize import normalize
    from bingkai.text.tokens import tokenize

    lex = load_lexicon(pack)
    matcher = PhraseMatcher(list(lex.actors["key"]))
    for alias, actor in zip(lex.actors["alias"], lex.actors["actor"]):
        sentence = f"Kemarin {alias} mengeluarkan pernyataan resmi."
        keys = [t.lower() for t in tokenize(normalize(sentence))]
        hits = matcher.find(keys)
        assert [lex.actors["actor"].iloc[k] for _, _, k in hits] == [actor], alias


def test_indonesia_pack_sentences():
    lex = load_lexicon("indonesia")
    o = occ("Aparat gabungan TNI dan Polri terus memburu KKB di Kabupaten Intan Jaya.", lex)
    kkb = o[o["label"] == "KKB"].iloc[0]
    assert (kkb["frame"], kkb["actor"], kkb["actor_basis"]) == ("criminality", "tpnpb_opm", "same_phrase")
    aparat = o[o["label"] == "aparat"].iloc[0]
    assert aparat["actor"] == "tni" and aparat["framing"]
    o = occ("Polisi menyebut massa anarkis melempari gedung DPRD, sementara massa aksi lain bubar.", lex)
    assert o["label"].tolist() == ["anarkis", "massa aksi"]
    assert o["frame"].tolist() == ["disorder", "protest"]
    # the misattribution: Prabowo's government, not Iran
    both = load_lexicon("indonesia", "israel_palestine")
    o = occ("Pemerintahan Presiden Prabowo memulai evakuasi WNI dari Iran pekan ini.", both)
    row = o[o["label"] == "pemerintah"].iloc[0]
    assert (row["actor"], row["actor_basis"]) == ("indonesian_government", "genitive")


def test_israel_palestine_pack_sentences():
    lex = load_lexicon("israel_palestine")
    o = occ("Rezim Zionis kembali melancarkan agresi ke Jalur Gaza, ujar juru bicara Hamas.", lex)
    zion = o[o["label"] == "Zionis"].iloc[0]
    assert (zion["variant"], zion["actor"], zion["actor_basis"]) == ("rezim Zionis", "israel", "same_phrase")
    agresi = o[o["label"] == "agresi"].iloc[0]
    assert agresi["actor"] == "israel"  # Gaza is a place, never a target
    assert (agresi["speaker"], agresi["speaker_actor"], agresi["speaker_basis"]) == \
        ("juru bicara Hamas", "hamas", "tag")
    o = occ("Para pejuang Palestina menembakkan roket ke wilayah pendudukan.", lex)
    assert o["label"].tolist() == ["pejuang Palestina", "pendudukan"]


def test_packs_combine_and_keep_shared_entries_once():
    both = load_lexicon("syria", "israel_palestine")
    assert both.name == "syria+israel_palestine"
    assert not both.labels["key"].duplicated().any() and not both.actors["key"].duplicated().any()
    # shared rows come from the first pack
    ter = both.labels[both.labels["variant"] == "teroris"]
    assert len(ter) == 1 and ter["source"].iloc[0].endswith("syria/labels.csv")
    assert {"hamas", "hts", "israel"} <= set(both.actors["actor"])


def test_folder_lexicon_and_copy_of_a_pack(tmp_path):
    shutil.copytree(pack_path("syria"), tmp_path / "mine")
    with open(tmp_path / "mine" / "labels.csv", "a", encoding="utf-8") as fh:
        fh.write("bandit,bandit,crime,any,bandit,'bandits',,,,,\n")
    lex = bingkai.load_lexicon(str(tmp_path / "mine") + "/")
    assert "bandit" in set(lex.labels["label"])
    assert occ("Bandit HTS menyerang pos.", lex)[["label", "actor"]].values.tolist() == [["bandit", "hts"]]


@pytest.mark.parametrize("bad,problem", [("suriah_pack", "neither a packaged lexicon nor a folder")])
def test_unknown_pack(bad, problem):
    with pytest.raises(BingkaiInputError, match=problem):
        bingkai.load_lexicon(bad)


def test_folder_without_actors(tmp_path):
    (tmp_path / "labels.csv").write_text("label,variant,frame,applies_to\nx,bandit,crime,any\n", encoding="utf-8")
    with pytest.raises(BingkaiInputError, match="no actors.csv"):
        bingkai.load_lexicon(tmp_path)


# ----------------------------------------------------------------- senses

@pytest.mark.parametrize("text,kept", [
    ("Cuaca ekstrem melanda pesisir utara Jawa sepanjang pekan.", False),
    ("Angka kemiskinan ekstrem turun tahun ini.", False),
    ("Kelompok ekstrem itu menyerang desa di perbatasan.", True),
])
def test_ekstrem_excludes_weather_and_poverty(text, kept):
    assert ("ekstremis" in occ(text)["label"].tolist()) is kept


@pytest.mark.parametrize("text,kept", [
    ("Tim tamu memberikan perlawanan sengit di babak kedua.", False),
    ("Perlawanan bersenjata terhadap pendudukan terus berlanjut.", True),
    ("Warga desa itu memberikan perlawanan kepada petugas pajak.", False),  # no armed/political word, no actor
])
def test_perlawanan_needs_armed_context(text, kept):
    assert ("perlawanan" in occ(text)["label"].tolist()) is kept


def test_perlawanan_kept_by_an_attributed_actor():
    o = occ("Perlawanan Hamas makin kuat.", "israel_palestine")
    assert o[["label", "actor"]].values.tolist() == [["perlawanan", "hamas"]]


@pytest.mark.parametrize("text,kept", [
    ("Ia dikenal sebagai pejuang cinta yang setia.", False),
    ("Para pejuang bersenjata menyerbu pos itu.", True),
])
def test_pejuang_senses(text, kept):
    assert ("pejuang" in occ(text)["label"].tolist()) is kept


def test_revolusioner_technology_and_rezim_trade_dropped():
    assert occ("Ponsel ini membawa teknologi revolusioner.").empty
    assert occ("Rezim tarif baru Washington mulai berlaku.").empty
    assert occ("Kaum revolusioner menguasai ibu kota.")["label"].tolist() == ["revolusioner"]


def test_needs_actor_reported_apart_and_not_rated():
    c = corpus("Pemerintah menaikkan harga BBM pekan ini.", "Pemerintah Suriah membantah laporan itu.")
    o = bingkai.label_occurrences(c, progress=False)
    assert o[["doc_id", "label", "framing"]].values.tolist() == [["d0", "pemerintah", False],
                                                                   ["d1", "pemerintah", True]]
    rates = bingkai.label_rates(c.assign(outlet=["A", "B"]), progress=False)
    got = rates[(rates["label"] == "pemerintah") & (rates["voice"] == "all")].set_index("outlet")["count"]
    assert got.to_dict() == {"A": 0, "B": 1}


def test_sense_words_are_data(tmp_path):
    # the same word with a different rule in a custom lexicon
    folder = write_lexicon(tmp_path / "lex", "label,variant,frame,applies_to,excludes,span\n"
                                             "panas,panas,heat,any,cuaca,1\n", "actor,alias,kind\nhts,HTS,armed_group\n")
    assert occ("Cuaca panas sekali.", str(folder)).empty
    assert occ("Cuaca sangat panas sekali.", str(folder))["label"].tolist() == ["panas"]  # 2 words away


# -------------------------------------------------- wildcards, longest match

def test_wildcards_and_longest_match(tmp_path):
    folder = write_lexicon(
        tmp_path / "lex",
        "label,variant,frame,applies_to\n"
        "teror,teroris*,terror,any\n"
        "isme,*isme,ideology,any\n"
        "kelompok teror,kelompok teroris*,terror,any\n"
        "terorisme,terorisme,terror,any\n",
        "actor,alias,kind\nhts,HTS,armed_group\n")
    o = occ("Teroris dan teroris-teroris itu. Kelompok terorisnya bubar. Terorisme meningkat. "
            "Radikalisme dan sekularisme dibahas.", str(folder))
    assert o["label"].tolist() == ["teror", "teror", "kelompok teror", "terorisme", "isme", "isme"]
    # an exact variant beats a wildcard one of the same length; the longest wins
    assert o["variant"].tolist() == ["teroris*", "teroris*", "kelompok teroris*", "terorisme", "*isme", "*isme"]


@pytest.mark.parametrize("variant", ["te*", "ter*or", "*", "**isme"])
def test_bad_wildcards(tmp_path, variant):
    path = tmp_path / "labels.csv"
    path.write_text(f"label,variant,frame,applies_to\nx,teroris,terror,any\ny,{variant},terror,any\n",
                    encoding="utf-8")
    with pytest.raises(BingkaiInputError, match=r"row 3"):
        bingkai.load_labels(path)


def test_variant_key_of_wildcards():
    assert variant_key("kelompok teroris*") == ("kelompok", "teroris*")
    assert variant_key("*isme") == ("*isme",)


# ------------------------------------------------------- validation per row

@pytest.mark.parametrize("labels,actors,where,what", [
    ("label,variant,frame,applies_to\nx,teroris,terror,any\nx,yang,terror,any\n", None, "labels.csv, row 3",
     "only stopwords"),
    (None, "actor,alias,kind\nhts,HTS,armed_group\nhts,dan,armed_group\n", "actors.csv, row 3", "only stopwords"),
    (None, "actor,alias,kind\nhts,HTS,armed_group\nusa,Q,foreign_power\n", "actors.csv, row 3", "one letter"),
    (None, "actor,alias,kind\nhts,HTS,armed_group\nhts,teroris,armed_group\n", "actors.csv, row 3",
     "also the label variant"),
    ("label,variant,frame,applies_to,names_actor\nx,teroris,terror,any,nobody\n", None, "labels.csv, row 2",
     "not an actor"),
    ("label,variant,frame,applies_to,requires\nx,teroris,terror,any,cuaca panas\n", None, "labels.csv, row 2",
     "not one word"),
    ("label,variant,frame,applies_to,span\nx,teroris,terror,any,0\n", None, "labels.csv, row 2", "span"),
    ("label,variant,frame,applies_to,needs_actor\nx,teroris,terror,any,maybe\n", None, "labels.csv, row 2",
     "needs_actor"),
    ("label,variant,frame,applies_to,display\nx,teroris,terror,any,A\nx,para teroris,terror,any,B\n", None,
     "labels.csv, row 3", "display"),
])
def test_validation_names_the_bad_row(tmp_path, labels, actors, where, what):
    labels = labels or "label,variant,frame,applies_to\nx,teroris,terror,any\n"
    actors = actors or "actor,alias,kind\nhts,HTS,armed_group\n"
    folder = write_lexicon(tmp_path / "lex", labels, actors)
    with pytest.raises(BingkaiInputError) as err:
        bingkai.load_lexicon(folder)
    assert where in str(err.value) and what in str(err.value)


def test_stopword_inside_a_phrase_is_fine(tmp_path):
    folder = write_lexicon(tmp_path / "lex", "label,variant,frame,applies_to\nx,yang bersenjata,militancy,any\n",
                           "actor,alias,kind\nhts,HTS,armed_group\n")
    assert len(bingkai.load_lexicon(folder).labels) == 1


def test_combined_packs_that_disagree_name_both_files(tmp_path):
    a = write_lexicon(tmp_path / "a", "label,variant,frame,applies_to\nteroris,teroris,terror,any\n",
                      "actor,alias,kind\nhts,HTS,armed_group\n")
    b = write_lexicon(tmp_path / "b", "label,variant,frame,applies_to\npejuang,teroris,resistance,any\n",
                      "actor,alias,kind\nhts,HTS,armed_group\n")
    with pytest.raises(BingkaiInputError) as err:
        bingkai.load_lexicon(a, b)
    message = str(err.value)
    assert str(b / "labels.csv") in message and str(a / "labels.csv") in message and "row 2" in message
    c = write_lexicon(tmp_path / "c", "label,variant,frame,applies_to\nx,bandit,crime,any\n",
                      "actor,alias,kind\nhts,HTS,state\n")
    with pytest.raises(BingkaiInputError, match="kind"):
        bingkai.load_lexicon(a, c)


def test_a_lexicon_is_passed_only_as_lexicon():
    # issue 20: labels=/actors= (and the attribution window=) are gone from the framing views
    with pytest.raises(TypeError, match="labels"):
        bingkai.label_occurrences(corpus("x"), lexicon="syria", labels=bingkai.load_labels())
    with pytest.raises(TypeError, match="window"):
        bingkai.label_rates(corpus("x"), window=3)


def test_the_attribution_window_is_a_lexicon_setting():
    lex = bingkai.load_lexicon("syria")
    assert lex.window == 8
    narrow = lex.with_window(3)
    assert (narrow.window, lex.window) == (3, 8)
    assert narrow.labels.equals(lex.labels) and narrow.name == lex.name
    assert bingkai.load_lexicon("syria", window=3).window == 3
    assert bingkai.Lexicon(window=2).window == 2
    with pytest.raises(BingkaiInputError, match="window"):
        bingkai.Lexicon(window=-1)


# ------------------------------------- a custom lexicon reaches every function

@pytest.fixture()
def papua(tmp_path) -> tuple[bingkai.Lexicon, pd.DataFrame]:
    folder = write_lexicon(
        tmp_path / "papua",
        "label,variant,frame,applies_to,names_actor\n"
        "kkb,KKB,criminality,armed_group,kkb\n"
        "separatis,separatis,separatism,armed_group,\n",
        "actor,alias,kind\nkkb,TPNPB-OPM,armed_group\ntni,TNI,state\n")
    c = corpus("Pasukan TNI mengejar KKB di hutan. Kelompok separatis TPNPB-OPM membantah.",
               "KKB kembali menembak warga sipil, kata juru bicara TNI.")
    return bingkai.load_lexicon(folder), c


def test_custom_lexicon_reaches_kwic_and_collocates(papua):
    lex, c = papua
    lines = bingkai.kwic(c, "kkb", match="actor", lexicon=lex)
    assert lines["match"].tolist() == ["KKB", "separatis", "KKB"]
    assert bingkai.kwic(c, "separatis", match="label", lexicon=lex)["match"].tolist() == ["separatis"]
    col = bingkai.collocates(c, "kkb", match="label", lexicon=lex)
    assert {"mengejar", "kembali"} <= set(col["collocate"] if "collocate" in col else col.iloc[:, 0])
    with pytest.raises(BingkaiInputError) as err:
        bingkai.kwic(c, "hts", match="actor", lexicon=lex)
    assert "actors.csv" in str(err.value) and "kkb" in str(err.value)


def test_custom_lexicon_reaches_rates_and_actor_table(papua):
    lex, c = papua
    rates = bingkai.label_rates(c, lexicon=lex, progress=False)
    assert set(rates["label"]) == {"kkb", "separatis"}
    table = bingkai.actor_labels(c, parts=ALL_PARTS, lexicon=lex, progress=False)
    assert table.groupby("actor")["count"].sum().to_dict() == {"kkb": 3}


def test_custom_lexicon_reaches_figures(papua, tmp_path):
    from bingkai.report import figures

    lex, c = papua
    paths = figures.paper_figures(c, tmp_path / "fig", names=["labels_by_outlet", "actor_labels"], lexicon=lex)
    assert all(p.exists() and p.stat().st_size > 0 for p in paths)
    with pytest.raises(BingkaiInputError):  # the default lexicon has no label in this corpus
        figures.paper_figure("labels_by_outlet", c.assign(text="Cuaca cerah."), tmp_path / "fig2")


def test_custom_lexicon_reaches_the_cli(tmp_path, capsys):
    root = Path(__file__).resolve().parents[2]
    if not (root / "corpus" / "articles.jsonl").exists():
        pytest.skip("corpus/articles.jsonl not built yet")
    folder = write_lexicon(tmp_path / "lex", "label,variant,frame,applies_to\nserangan,serangan udara,violence,any\n",
                           "actor,alias,kind\nrussia,Rusia,foreign_power\n")
    argv = ["kwic", "serangan", "--match", "label", "--corpus", str(root / "corpus")]
    code = cli.main([*argv, "--lexicon", str(folder)])
    printed = capsys.readouterr().out
    # 002: "dengan serangan udara putaran", "melakukan serangan udara."; 004: "akibat serangan udara dari"
    assert code == 0 and printed.count("[serangan udara]") == 3 and "3 lines" in printed
    assert cli.main(argv) == 2  # the default lexicon has no label "serangan"
    assert "serangan" in capsys.readouterr().err


def test_lexicon_given_once_to_the_index(tmp_path):
    c = corpus("Aparat gabungan TNI memburu KKB di Intan Jaya, kata Kapolda Papua.",
               "Kelompok separatis itu membantah.")
    idx = bingkai.index(c, lexicon="indonesia", progress=False)
    o = bingkai.label_occurrences(idx)
    assert o["label"].tolist() == ["aparat", "KKB", "separatis"]
    assert o.loc[o["label"] == "KKB", "speaker_actor"].tolist() == ["polri"]
    assert bingkai.kwic(idx, "tpnpb_opm", match="actor")["match"].tolist() == ["KKB"]
    pd.testing.assert_frame_equal(o, bingkai.label_occurrences(c, lexicon="indonesia", progress=False))
    # the per-document entry point the index calls gives the same rows
    lex = bingkai.load_lexicon("indonesia")
    rows = []
    from bingkai.text import tokens as text
    for doc_id, t in zip(c["doc_id"], c["text"]):
        fields = [("title", ""), ("subtitle", ""), ("body", t)]
        rows.extend(matching.document_occurrences(doc_id, "x", fields, *text.document_arrays(fields), lex))
    assert [r[3] for r in rows] == o["label"].tolist()


def test_an_edited_lexicon_folder_is_read_again(tmp_path):
    # The framing functions and bingkai.index keep a folder's lexicon while
    # its files are unchanged; an edit (a researcher adding a variant between
    # two cells) must be seen by the next call, not the remembered lexicon.
    folder = tmp_path / "mine"
    shutil.copytree(pack_path("syria"), folder)
    corpus = pd.DataFrame({"doc_id": ["d1"], "outlet": ["Kabar"], "title": [""], "subtitle": [""],
                           "text": ["Para begundal HTS menyerang kota itu."]})
    before = bingkai.label_occurrences(corpus, lexicon=str(folder))
    assert "begundal" not in set(before["variant"])
    labels = folder / "labels.csv"
    labels.write_text(labels.read_text(encoding="utf-8")
                      + "penjahat,begundal,criminal,armed_group,penjahat,a test entry,,,,,\n",
                      encoding="utf-8")
    after = bingkai.label_occurrences(corpus, lexicon=str(folder))
    assert list(after.loc[after["variant"] == "begundal", "label"]) == ["penjahat"]
    # and the same folder unchanged gives the same (remembered) lexicon object
    from bingkai.lexicon.packs import resolve_lexicon

    assert resolve_lexicon(str(folder)) is resolve_lexicon(str(folder))
