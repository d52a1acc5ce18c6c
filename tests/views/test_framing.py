"""Label occurrences, attribution, voice, rates and the actor table.

Expectations come from reading the seed lines quoted in each test (see
``seeds/``), from the attribution rules as documented in
``bingkai.lexicon.attribution``, and from SciPy's own binomial intervals.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import bingkai
from bingkai.constants import PARTS
from bingkai.errors import BingkaiInputError
from bingkai.stats import proportion_ci
from bingkai.views.framing import OCCURRENCE_COLUMNS
from bingkai.lexicon.packs import variant_key

ALL_PARTS = ("title", "subtitle", "body")  # actor_labels counted every part before parts= (issue 20)

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ARTICLES = ROOT / "corpus" / "articles.jsonl"
_FIELD = {"title": "title", "subtitle": "subtitle", "body": "text"}


def seed_line(prefix: str, n: int) -> str:
    """Line ``n`` (1-based) of the seed whose name starts with ``prefix``."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8").splitlines()[n - 1].rstrip()


def make_corpus(*docs: dict) -> pd.DataFrame:
    """A corpus frame by hand: each doc gives doc_id, outlet, text (+ title...)."""
    rows = [{"doc_id": d["doc_id"], "outlet": d.get("outlet", "x"), "domain": "",
             "published": "", "period": d.get("period", "p"), "republished_from": "",
             "title": d.get("title", ""), "subtitle": d.get("subtitle", ""), "text": d["text"]}
            for d in docs]
    return pd.DataFrame(rows).sort_values("doc_id").reset_index(drop=True)


def occ_of(text: str, **kw) -> pd.DataFrame:
    return bingkai.label_occurrences(make_corpus({"doc_id": "d", "text": text, **kw}), progress=False)


def one(occ: pd.DataFrame, label: str, nth: int = 0) -> pd.Series:
    rows = occ[occ["label"] == label]
    assert len(rows) > nth, (label, occ[["label", "variant"]].to_dict("records"))
    return rows.iloc[nth]


def surface(corpus: pd.DataFrame, row) -> str:
    field = corpus.set_index("doc_id").loc[row["doc_id"], _FIELD[row["part"]]]
    return field[row["start"]:row["end"]]


@pytest.fixture(scope="module")
def real_corpus(seed_corpus) -> pd.DataFrame:
    return seed_corpus.copy()


@pytest.fixture(scope="module")
def real_occ(real_corpus) -> pd.DataFrame:
    return bingkai.label_occurrences(real_corpus, progress=False)


# --------------------------------------------------- hand-checked seed sentences

def test_002_militan_dari_hts():
    # 002 l.16: "Militan dari HTS kini mengklaim Aleppo, ..."
    text = seed_line("002", 16)
    assert text.startswith("Militan dari HTS")
    row = one(occ_of(text), "militan")
    assert (row["variant"], row["actor"], row["actor_basis"], row["voice"]) == \
        ("militan", "hts", "linked:dari", "narrator")


def test_004_milisi_hts_apposition():
    # 004 l.12: "... diambil oleh milisi Hayi'at Tahrir Al Shams (HTS), ..."
    row = one(occ_of(seed_line("004", 12)), "milisi")
    assert (row["actor"], row["actor_basis"], row["voice"]) == ("hts", "apposition", "narrator")


def test_004_closing_quote_kelompok_kelompok_teroris():
    # 004 l.26: "Tentara Suriah akan sekali lagi mengalahkan kelompok-kelompok
    # teroris ini seperti di masa lalu," katanya.
    text = seed_line("004", 26)
    c = make_corpus({"doc_id": "d", "text": text})
    occ = bingkai.label_occurrences(c, progress=False)
    ter = one(occ, "teroris")
    assert ter["variant"] == "kelompok teroris"  # the reduplicated plural matched the variant
    assert surface(c, ter) == "kelompok-kelompok teroris"
    assert ter["voice"] == "quoted"
    # the Syrian army is the subject, not the target; kind check (state vs
    # armed_group) keeps it out, and no armed group is named
    assert pd.isna(ter["actor"]) and ter["actor_basis"] == "unattributed"
    army = one(occ, "tentara Suriah")
    assert (army["actor"], army["actor_basis"], army["voice"]) == \
        ("syrian_government", "same_phrase", "quoted")


def test_003_teroris_dari_kelompok_isis():
    # 003 l.9: "... bahwa ratusan teroris bersenjata dari kelompok ISIS kocar-kacir ..."
    row = one(occ_of(seed_line("003", 9)), "teroris")
    assert (row["actor"], row["actor_basis"], row["voice"]) == ("isis", "linked:dari", "narrator")


@pytest.mark.parametrize("prefix,line,voice", [("000", 9, "quoted"), ("001", 4, "quoted"),
                                                ("000", 7, "narrator")])
def test_rezim_assad_genitive(prefix, line, voice):
    # 000 l.9 / 001 l.4: “... bahwa rezim Assad ...” (inside a quotation);
    # 000 l.7: "... kegagalan rezim al-Assad ..." (narrator)
    row = one(occ_of(seed_line(prefix, line)), "rezim")
    assert (row["actor"], row["actor_basis"], row["voice"]) == ("syrian_government", "genitive", voice)


def test_002_rezim_presiden_title_skipped():
    # 002 l.2: "... serangan mendadak terhadap rezim Presiden Bashar al-Assad."
    occ = occ_of(seed_line("002", 2))
    row = one(occ, "rezim")
    assert (row["actor"], row["actor_basis"]) == ("syrian_government", "genitive")
    # "kelompok Islam militan Hayat Tahrir al-Sham (HTS)": militan -> hts
    assert one(occ, "militan")["actor"] == "hts"


def test_004_kelompok_pemberontak_yang_dipimpin_hts():
    # 004 l.20: "Kelompok pemberontak yang dipimpin HTS menyerang Aleppo ..."
    row = one(occ_of(seed_line("004", 20)), "pemberontak")
    assert row["variant"] == "kelompok pemberontak"
    assert (row["actor"], row["actor_basis"]) == ("hts", "linked:yang dipimpin")


def test_000_pasukan_pemberontak_suriah_hts():
    # 000 l.1: "... pasukan pemberontak Suriah Hay’at Tahrir al-Sham memaksa ..."
    c = make_corpus({"doc_id": "d", "text": seed_line("000", 1)})
    row = one(bingkai.label_occurrences(c, progress=False), "pemberontak")
    assert surface(c, row) == "pasukan pemberontak"
    assert (row["actor"], row["actor_basis"]) == ("hts", "apposition")


def test_002_speaker_is_not_the_target():
    # 002 l.11: "Militer Rusia mengatakan mereka mengebom pasukan “teroris”."
    row = one(occ_of(seed_line("002", 11)), "teroris")
    assert row["voice"] == "quoted"  # scare quotes
    assert pd.isna(row["actor"])


def test_002_supporters_are_not_the_target():
    # 002 l.18: "... sejak pasukan pemerintah yang didukung Rusia dan Iran mengusir
    # pemberontak enam tahun lalu."
    row = one(occ_of(seed_line("002", 18)), "pasukan pemerintah")
    assert row["actor"] not in ("russia", "iran")


def test_004_coordinated_actor_is_another_party():
    # 004 l.22: "... jet-jet tempur pasukan pemerintah serta Rusia."
    row = one(occ_of(seed_line("004", 22)), "pasukan pemerintah")
    assert row["actor"] != "russia"
    assert one(occ_of(seed_line("004", 22)), "pejuang")["actor"] == "hts"  # "para pejuang HTS"


def test_000_anti_bashar_is_not_assad():
    # 000 l.3: "Pasukan anti-Bashar al-Assad telah menyerang pasukan khusus Rusia ..."
    row = one(occ_of(seed_line("000", 3)), "anti-Assad")
    assert row["variant"] == "anti-Bashar"
    assert row["actor"] != "syrian_government"


def test_002_anti_pemerintah_no_label():
    # 002 l.22: "... terhadap protes anti-pemerintah ... tentara asing dan jihadis ..."
    occ = occ_of(seed_line("002", 22))
    assert occ["label"].tolist() == ["jihadis"]


def test_pemberontakan_is_its_own_label():
    # 004 l.24: "... membantu pasukan pemerintah mengalahkan pemberontakan."
    occ = occ_of(seed_line("004", 24))
    assert "pemberontakan" in occ["label"].tolist()
    assert "pemberontak" not in occ["label"].tolist()


# ------------------------------------------------------ rules on made-up text

@pytest.mark.parametrize("k,actor", [(7, "hts"), (8, None)])
def test_window_default_is_eight_words(k, actor):
    # k words between label and mention: distance k + 1
    row = one(occ_of("Militan " + "itu " * k + "HTS."), "militan")
    if actor is None:
        assert pd.isna(row["actor"]) and row["actor_basis"] == "unattributed"
    else:
        assert (row["actor"], row["actor_basis"]) == (actor, "window")


def test_window_counts_words_not_numbers_or_punctuation():
    row = one(occ_of("Militan itu , 2024 , 12 itu HTS."), "militan")
    assert (row["actor"], row["actor_basis"]) == ("hts", "window")


def test_window_parameter():
    text = "Militan itu itu itu HTS."
    assert one(occ_of(text), "militan")["actor"] == "hts"
    narrow = bingkai.label_occurrences(make_corpus({"doc_id": "d", "text": text}),
                                       lexicon=bingkai.Lexicon(window=3), progress=False)
    assert pd.isna(one(narrow, "militan")["actor"])


def test_window_tie_goes_to_following_mention():
    row = one(occ_of("ISIS itu militan itu HTS."), "militan")
    assert (row["actor"], row["actor_basis"]) == ("hts", "window")
    row = one(occ_of("ISIS itu militan itu itu HTS."), "militan")
    assert row["actor"] == "isis"


def test_never_across_sentences():
    assert pd.isna(one(occ_of("HTS menyerang. Militan itu bergerak."), "militan")["actor"])
    assert pd.isna(one(occ_of("HTS menyerang\nMilitan itu bergerak."), "militan")["actor"])
    assert one(occ_of("HTS menyerang, militan itu bergerak."), "militan")["actor"] == "hts"


def test_speaker_exclusion():
    # "militan" (no sense rule): bare "pejuang" now needs an armed/political
    # context word or an actor (see test_lexicon_packs.py)
    row = one(occ_of("HTS mengatakan para militan telah tiba."), "militan")
    assert pd.isna(row["actor"]) and (row["speaker"], row["speaker_actor"]) == ("HTS", "hts")
    assert one(occ_of("HTS menyambut para militan yang telah tiba."), "militan")["actor"] == "hts"
    row = one(occ_of("Menurut HTS, para militan telah tiba."), "militan")
    assert pd.isna(row["actor"]) and row["speaker_basis"] == "menurut"


def test_parenthetical_and_stacked_labels():
    assert one(occ_of("Serangan oleh milisi (HTS) berlanjut."), "milisi")["actor_basis"] == "apposition"
    occ = occ_of("Mereka melawan kelompok militan ekstrim ISIS di utara.")
    assert one(occ, "militan")[["actor", "actor_basis"]].tolist() == ["isis", "apposition"]
    assert one(occ, "ekstremis")[["actor", "actor_basis"]].tolist() == ["isis", "apposition"]


def test_wrong_kind_after_label_stops_rule_two():
    # "pemberontak Rusia": Russia is not an armed group -> not attributed
    assert pd.isna(one(occ_of("Para pemberontak Rusia itu kalah."), "pemberontak")["actor"])


def test_title_and_body_both_count_with_offsets():
    c = make_corpus({"doc_id": "d", "title": "Milisi HTS Serang Aleppo",
                     "text": "Warga kota mengungsi.\nRezim Assad kalah."})
    occ = bingkai.label_occurrences(c, progress=False)
    assert occ["part"].tolist() == ["title", "body"]
    assert [surface(c, r) for _, r in occ.iterrows()] == ["Milisi", "Rezim"]
    assert occ["sentence"].tolist() == ["Milisi HTS Serang Aleppo", "Rezim Assad kalah."]
    # sentences count through title then body (title = sentence 0)
    assert occ["sent"].tolist() == [0, 2]


def test_empty_corpus_and_no_matches():
    empty = bingkai.label_occurrences(make_corpus({"doc_id": "d", "text": "Cuaca cerah."}),
                                      progress=False)
    assert list(empty.columns) == OCCURRENCE_COLUMNS and empty.empty


def test_missing_corpus_columns():
    with pytest.raises(BingkaiInputError):
        bingkai.label_occurrences(pd.DataFrame({"doc_id": ["a"], "text": ["x"]}))


def test_custom_lexicons(tmp_path):
    lab = tmp_path / "labels.csv"
    lab.write_text("label,variant,frame,applies_to\nbandit,bandit,crime,any\n", encoding="utf-8")
    act = tmp_path / "actors.csv"
    act.write_text("actor,alias,kind\nkkb,KKB,armed_group\n", encoding="utf-8")
    c = make_corpus({"doc_id": "d", "text": "Bandit KKB menyerang pos. Teroris lari."})
    occ = bingkai.label_occurrences(c, lexicon=bingkai.Lexicon(labels=lab, actors=act), progress=False)
    assert occ[["label", "actor", "actor_basis"]].values.tolist() == [["bandit", "kkb", "apposition"]]


# --------------------------------------------------------------- real corpus

def test_001_negara_agresor_twice_no_teroris(real_corpus, real_occ):
    doc = real_corpus.loc[real_corpus["doc_id"].str.startswith("001_"), "doc_id"].item()
    occ = real_occ[real_occ["doc_id"] == doc]
    assert (occ["label"] == "negara agresor").sum() == 2
    # its two "teroris" are in the related-links sidebar, which cleaning drops
    assert (occ["label"] == "teroris").sum() == 0


def test_who_says_teroris_in_own_voice(real_corpus, real_occ):
    # issue 4: the tabloid (002) and iNews (004) only quote "teroris";
    # Islam-Institute (003) uses it in its own voice, for ISIS, not HTS
    ter = real_occ[real_occ["label"] == "teroris"]
    by_doc = {d[:3]: g for d, g in ter.groupby("doc_id")}
    assert set(by_doc["002"]["voice"]) == {"quoted"}
    assert set(by_doc["004"]["voice"]) == {"quoted"}
    narr = by_doc["003"][by_doc["003"]["voice"] == "narrator"]
    assert len(narr) > 0 and "isis" in set(narr["actor"].dropna())
    assert "hts" not in set(ter["actor"].dropna())


def test_offsets_variants_sentences_and_voice_consistent(real_corpus, real_occ):
    toks = bingkai.tokens(real_corpus, parts=ALL_PARTS, progress=False)
    first_voice = {(r.doc_id, r.part, r.start): r.voice for r in toks.itertuples(index=False)}
    lex = bingkai.load_labels().set_index("variant")["key"]
    for _, row in real_occ.iterrows():
        s = surface(real_corpus, row)
        assert variant_key(s) == lex[row["variant"]]
        assert s in row["sentence"]
        assert first_voice[(row["doc_id"], row["part"], row["start"])] == row["voice"]
    assert real_occ["actor_basis"].isin(
        ["same_phrase", "apposition", "genitive", "window", "unattributed"]
        + [b for b in real_occ["actor_basis"] if b.startswith("linked:")]).all()
    assert (real_occ["actor"].isna() == (real_occ["actor_basis"] == "unattributed")).all()


def test_deterministic(real_corpus, real_occ):
    again = bingkai.label_occurrences(real_corpus, progress=False)
    assert again.to_csv(index=False) == real_occ.to_csv(index=False)


# --------------------------------------------------------------------- rates

@pytest.fixture(scope="module")
def small_corpus() -> pd.DataFrame:
    # two outlets, each with real seed sentences (narrator and quoted labels)
    return make_corpus(
        {"doc_id": "a1", "outlet": "A", "period": "p1",
         "text": "\n".join([seed_line("004", 20), seed_line("004", 26), seed_line("004", 12)])},
        {"doc_id": "a2", "outlet": "A", "period": "p2", "title": "Milisi HTS Serang",
         "text": seed_line("002", 11)},
        {"doc_id": "b1", "outlet": "B", "period": "p1",
         "text": "\n".join([seed_line("003", 9), seed_line("000", 9)])},
    )


@pytest.mark.parametrize("by", ["outlet", "doc_id", "period"])
@pytest.mark.parametrize("part", ["body", None])
def test_rate_counts_match_occurrences(small_corpus, by, part):
    rates = bingkai.label_rates(small_corpus, by=by, parts=part or ("title", "subtitle", "body"),
                                progress=False)
    assert list(rates.columns) == [by, "label", "frame", "voice", "count", "tokens", "rate",
                                   "ci_low", "ci_high"]
    groups = sorted(small_corpus[by].unique())
    labels = sorted(bingkai.load_labels()["label"].unique())
    # every group x label x voice, zeros included
    assert len(rates) == len(groups) * len(labels) * 3
    assert rates[[by, "label", "voice"]].drop_duplicates().shape[0] == len(rates)
    assert rates.equals(rates.sort_values([by, "label", "voice"]).reset_index(drop=True))

    occ = bingkai.label_occurrences(small_corpus, progress=False)
    occ = occ[occ["framing"]]  # an unattributed needs_actor word ("pasukan pemerintah") is not a rate
    if part is not None:
        occ = occ[occ["part"] == part]
    group_of = pd.Series(small_corpus[by].to_numpy(), index=small_corpus["doc_id"])
    occ = occ.assign(g=occ["doc_id"].map(group_of))
    expected = occ.groupby(["g", "label", "voice"]).size()
    expected_all = occ.groupby(["g", "label"]).size()
    for _, r in rates.iterrows():
        if r["voice"] == "all":
            assert r["count"] == expected_all.get((r[by], r["label"]), 0)
        else:
            assert r["count"] == expected.get((r[by], r["label"], r["voice"]), 0)

    toks = bingkai.tokens(small_corpus, parts=("body",) if part else ("title", "subtitle", "body"),
                          progress=False)
    words = toks[toks["kind"] == "word"]
    n_all = words["doc_id"].map(group_of).value_counts()
    for _, r in rates[rates["voice"] == "all"].iterrows():
        assert r["tokens"] == n_all.get(r[by], 0)
    # narrator + quoted partition "all", for counts and tokens
    wide = rates.pivot_table(index=[by, "label"], columns="voice", values=["count", "tokens"])
    assert (wide[("count", "all")] == wide[("count", "narrator")] + wide[("count", "quoted")]).all()
    assert (wide[("tokens", "all")] == wide[("tokens", "narrator")] + wide[("tokens", "quoted")]).all()


def test_rate_values_and_hand_counts(small_corpus):
    rates = bingkai.label_rates(small_corpus, by="outlet", progress=False).set_index(
        ["outlet", "label", "voice"])
    # outlet A body: 004 l.20 (kelompok pemberontak), l.26 (tentara Suriah,
    # kelompok-kelompok teroris: quoted), l.12 (milisi, orang bersenjata),
    # 002 l.11 (“teroris”: quoted)
    assert rates.loc[("A", "teroris", "quoted"), "count"] == 2
    assert rates.loc[("A", "teroris", "narrator"), "count"] == 0
    assert rates.loc[("A", "pemberontak", "narrator"), "count"] == 1
    assert rates.loc[("A", "milisi", "all"), "count"] == 1  # the title's "Milisi" is not body
    assert rates.loc[("B", "teroris", "narrator"), "count"] == 1
    r = rates.reset_index()
    ok = r["tokens"] > 0
    assert np.allclose(r.loc[ok, "rate"], 1000 * r.loc[ok, "count"] / r.loc[ok, "tokens"])
    assert (r.loc[ok, "ci_low"] <= r.loc[ok, "rate"] + 1e-12).all()
    assert (r.loc[ok, "rate"] <= r.loc[ok, "ci_high"] + 1e-12).all()


@pytest.mark.parametrize("method,scipy_method", [("wilson", "wilson"), ("exact", "exact")])
def test_ci_equals_scipy_binomtest(method, scipy_method):
    ks = np.array([0, 1, 2, 5, 17, 40, 0])
    ns = np.array([10, 10, 250, 1234, 3000, 40, 0])
    low, high = proportion_ci(ks, ns, method=method)
    for k, n, lo, hi in zip(ks, ns, low, high):
        if n == 0:
            assert np.isnan(lo) and np.isnan(hi)
            continue
        ci = stats.binomtest(int(k), int(n)).proportion_ci(confidence_level=0.95, method=scipy_method)
        assert lo == pytest.approx(ci.low, abs=1e-12)
        assert hi == pytest.approx(ci.high, abs=1e-12)


def test_rates_scaled_by_1000_and_ci_option(small_corpus):
    w = bingkai.label_rates(small_corpus, progress=False)
    e = bingkai.label_rates(small_corpus, ci="exact", progress=False)
    row = w[(w["outlet"] == "A") & (w["label"] == "teroris") & (w["voice"] == "all")].iloc[0]
    ci = stats.binomtest(int(row["count"]), int(row["tokens"])).proportion_ci(method="wilson")
    assert row["ci_low"] == pytest.approx(1000 * ci.low) and row["ci_high"] == pytest.approx(1000 * ci.high)
    assert not np.allclose(w["ci_high"], e["ci_high"], equal_nan=True)


def test_zero_token_group_gives_nan_rate():
    c = make_corpus({"doc_id": "a", "outlet": "A", "text": "Rezim Assad kalah."},
                    {"doc_id": "b", "outlet": "B", "text": "Kata \"rezim\" itu."})
    rates = bingkai.label_rates(c, progress=False)
    a_quoted = rates[(rates["outlet"] == "A") & (rates["voice"] == "quoted")]
    assert (a_quoted["tokens"] == 0).all() and a_quoted["rate"].isna().all()
    assert a_quoted["ci_low"].isna().all()


@pytest.mark.parametrize("kw", [{"by": "domain_name"}, {"parts": "headline"}, {"parts": ()}, {"ci": "normal"}])
def test_rates_bad_arguments(small_corpus, kw):
    with pytest.raises(BingkaiInputError):
        bingkai.label_rates(small_corpus, **kw)


# --------------------------------------------------------------- actor table

def test_actor_labels_is_a_groupby_of_occurrences(small_corpus):
    for part in (None, "body"):
        table = bingkai.actor_labels(small_corpus, parts=part or ("title", "subtitle", "body"),
                                     progress=False)
        assert list(table.columns) == ["actor", "label", "frame", "outlet", "voice", "count"]
        occ = bingkai.label_occurrences(small_corpus, progress=False)
        occ = occ[occ["framing"]]  # the table counts framing uses, as label_rates does (issue 21)
        if part:
            occ = occ[occ["part"] == part]
        expected = (occ.assign(actor=occ["actor"].fillna("unattributed"))
                    .groupby(["actor", "label", "frame", "outlet", "voice"]).size())
        got = table.set_index(["actor", "label", "frame", "outlet", "voice"])["count"]
        assert got.to_dict() == expected.to_dict()
        assert table["count"].sum() == len(occ)
        assert table["actor"].notna().all()


def test_actor_labels_hand_rows(small_corpus):
    t = bingkai.actor_labels(small_corpus, parts=ALL_PARTS, progress=False).set_index(
        ["actor", "label", "outlet", "voice"])["count"]
    assert t[("hts", "milisi", "A", "narrator")] == 2  # body 004 l.12 + title "Milisi HTS"
    assert t[("hts", "pemberontak", "A", "narrator")] == 1
    assert t[("isis", "teroris", "B", "narrator")] == 1
    assert t[("syrian_government", "rezim", "B", "quoted")] == 1
    assert t[("unattributed", "teroris", "A", "quoted")] == 2


# --- n_jobs: documents in worker processes, same rows in the same order ----------

def test_n_jobs_gives_the_same_frames_as_one_process(real_corpus):
    corpus = real_corpus
    occ1 = bingkai.label_occurrences(corpus)
    assert len(occ1) > 0
    pd.testing.assert_frame_equal(bingkai.label_occurrences(corpus, n_jobs=2), occ1)
    pd.testing.assert_frame_equal(bingkai.label_rates(corpus, n_jobs=2), bingkai.label_rates(corpus))
    pd.testing.assert_frame_equal(bingkai.actor_labels(corpus, parts=ALL_PARTS, n_jobs=-1), bingkai.actor_labels(corpus, parts=ALL_PARTS))


@pytest.mark.parametrize("bad", [0, -2, 1.5, True, "2"])
def test_n_jobs_must_be_a_process_count(real_corpus, bad):
    corpus = real_corpus
    with pytest.raises(BingkaiInputError, match="n_jobs"):
        bingkai.label_occurrences(corpus, n_jobs=bad)


def test_wilson_bounds_are_exact_at_zero_and_full_counts():
    from bingkai.stats import proportion_ci

    low, high = proportion_ci([0, 5, 3], [334, 5, 10])
    assert low[0] == 0.0 and high[1] == 1.0
    # interior cell equals SciPy's own Wilson interval
    from scipy.stats import binomtest
    ci = binomtest(3, 10).proportion_ci(0.95, method="wilson")
    assert (low[2], high[2]) == pytest.approx((ci.low, ci.high), rel=1e-12)


def test_label_rates_leave_short_articles_out_by_default():
    import warnings as _w

    # hand-written: one real article and one stub flagged short by read_articles
    frame = pd.DataFrame({
        "doc_id": ["long", "stub"], "outlet": ["X", "X"], "period": ["p", "p"],
        "title": ["", ""], "subtitle": ["", ""],
        "text": ["Pasukan pemberontak menyerang kota itu pada pagi hari.", "Para teroris."],
        "short": [False, True],
    })
    with pytest.warns(UserWarning, match="1 short article"):
        rates = bingkai.label_rates(frame, by="outlet")
    teroris = rates[(rates["label"] == "teroris") & (rates["voice"] == "all")]
    assert teroris["count"].tolist() == [0] and teroris["tokens"].tolist() == [8]
    with _w.catch_warnings():
        _w.simplefilter("error")
        counted = bingkai.label_rates(frame, by="outlet", include_short=True)
    teroris = counted[(counted["label"] == "teroris") & (counted["voice"] == "all")]
    assert teroris["count"].tolist() == [1] and teroris["tokens"].tolist() == [10]


def test_leaving_short_articles_out_equals_rates_of_the_other_articles(real_corpus, monkeypatch):
    """Short articles left out by their counts (issue 24: at 100M words a subset of the
    index copied every token array): the same table as the rates of the index without
    them, for every grouping; one outlet entirely short loses its rows."""
    frame = real_corpus.copy()
    frame["short"] = [k % 2 == 0 for k in range(len(frame))]  # every other article: stub
    frame.loc[frame["outlet"] == frame["outlet"].iloc[0], "short"] = True
    index = bingkai.index(frame, progress=False)
    for by in ("outlet", "doc_id", "period"):
        for parts in (("body",), PARTS):
            want = bingkai.label_rates(index.where(short=False), by=by, parts=parts, include_short=True)
            with monkeypatch.context() as m:
                m.setattr(type(index), "_subset", lambda *a, **k: pytest.fail("subset of the index"))
                with pytest.warns(UserWarning, match="short article"):
                    got = bingkai.label_rates(index, by=by, parts=parts)
            pd.testing.assert_frame_equal(got, want, check_exact=True)
            assert frame["outlet"].iloc[0] not in set(got["outlet"] if by == "outlet" else [])
