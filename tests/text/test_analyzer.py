"""The analyzer: one definition of a term for TF-IDF, keyness and the rest."""

from __future__ import annotations


import pandas as pd
import pytest
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
from sklearn.feature_extraction.text import TfidfVectorizer

from bingkai.text.analyzer import Analyzer
from bingkai.views.terms import terms


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.fixture(scope="module")
def sastrawi():
    return StemmerFactory().create_stemmer()


def test_drops_punctuation_numbers_and_stopwords(analyzer):
    # "yang", "dan", "di", "sejak" are in Sastrawi's stopword list; 2016 is a number.
    out = analyzer("Pasukan yang menyerang dan merebut Aleppo sejak 2016.")
    assert out == ["pasukan", "serang", "rebut", "aleppo"]


def test_protected_forms_are_not_conflated(analyzer, sastrawi):
    # Upstream Sastrawi conflates these (the reason protection exists) ...
    assert sastrawi.stem("pemerintah") == "perintah"
    assert sastrawi.stem("pemberontakan") == "ronta"
    # ... the analyzer keeps the framing forms apart from "perintah"/"ronta".
    out = analyzer("pemerintah memberi perintah; pemberontakan oleh pemberontak")
    assert out == ["pemerintah", "perintah", "pemberontak", "pemberontak"]


def test_unprotected_words_get_upstream_stems(analyzer, sastrawi):
    words = ["menyerang", "bersenjata", "kemenangan", "pertahanan", "dievakuasi"]
    assert analyzer(" ".join(words)) == [sastrawi.stem(w) for w in words]


def test_proper_noun_mid_sentence_is_not_stemmed(analyzer, sastrawi):
    assert sastrawi.stem("bekasi") == "bekas"  # the Sastrawi error class
    assert analyzer("Warga tinggal di Bekasi.") == ["warga", "tinggal", "bekasi"]


def test_capitalised_word_seen_lower_case_is_stemmed(analyzer):
    # "Pertahanan" is a common noun here: the same text also has it in lower case.
    out = analyzer("Kementerian Pertahanan bicara. Soal pertahanan negara.")
    assert out.count("tahan") == 2


def test_sentence_initial_word_is_stemmed(analyzer):
    # Capitalisation at a sentence start says nothing about proper nouns.
    assert analyzer("Menyerang kota.")[0] == "serang"


def test_acronyms_are_kept(analyzer):
    assert analyzer("Militan dari HTS dan ISIS.") == ["militan", "hts", "isis"]


def test_title_case_headline_is_stemmed(analyzer):
    # Every word capitalised: a headline, not a row of proper nouns.
    out = analyzer("Beredar Video Pasukan Pemberontak Suriah Duduki Istana Presiden")
    assert out[:2] == ["edar", "video"]
    assert "duduk" in out


def test_one_token_gives_one_term(analyzer):
    out = analyzer("pasukan Hay’at Tahrir al-Sham dan negara-negara")
    assert out == ["pasukan", "hay'at", "tahrir", "al-sham", "negara"]
    assert all(" " not in t for t in out)


def test_usable_as_tfidf_vectorizer_analyzer(analyzer):
    docs = ["Pemerintah Suriah menyerang pemberontak.", "Pasukan pemerintah dan pemberontakan."]
    vec = TfidfVectorizer(analyzer=analyzer).fit(docs)
    assert sorted(vec.vocabulary_) == ["pasukan", "pemberontak", "pemerintah", "serang", "suriah"]


def test_terms_frame_counts_match_the_analyzer(analyzer):
    corpus = pd.DataFrame({
        "doc_id": ["b", "a"], "outlet": ["X", "Y"], "period": ["p", "p"],
        "title": ["", "Judul"], "subtitle": ["", ""],
        "text": ["pemberontak menyerang pemberontak", "Pasukan pemerintah."],
    })
    frame = terms(corpus, analyzer=analyzer)
    assert list(frame.columns) == ["doc_id", "outlet", "period", "term", "count"]
    assert frame["doc_id"].tolist() == ["a", "a", "b", "b"]
    got = dict(zip(zip(frame["doc_id"], frame["term"]), frame["count"], strict=True))
    assert got == {("a", "pasukan"): 1, ("a", "pemerintah"): 1,
                   ("b", "pemberontak"): 2, ("b", "serang"): 1}
    # Titles are opt-in.
    with_title = terms(corpus, analyzer=analyzer, parts=("title", "body"))
    assert "judul" in set(with_title["term"])


def test_memoised_paragraphs_follow_option_changes():
    # The per-paragraph memo must not outlive a change of options: the same
    # text analysed again after switching stemming off gives surface forms.
    an = Analyzer()
    text = "Pasukan menyerang kota.\nPemberontak menyerang lagi."
    assert an(text) == ["pasukan", "serang", "kota", "pemberontak", "serang"]
    an.stem = False
    assert an(text) == ["pasukan", "menyerang", "kota", "pemberontak", "menyerang"]
    an.stopwords = frozenset({"kota", "lagi"})
    assert an(text) == ["pasukan", "menyerang", "pemberontak", "menyerang"]


def test_warm_analyzer_gives_the_same_terms_as_a_fresh_one(seed_corpus):
    import pickle

    corpus = seed_corpus.copy()
    warm = Analyzer()
    first = terms(corpus, analyzer=warm, parts=("title", "subtitle", "body"))
    again = terms(corpus, analyzer=warm, parts=("title", "subtitle", "body"))  # memo hits
    fresh = terms(corpus, analyzer=Analyzer(), parts=("title", "subtitle", "body"))
    pd.testing.assert_frame_equal(first, again)
    pd.testing.assert_frame_equal(first, fresh)
    # a pickled analyzer (e.g. inside a fitted vectorizer) drops its caches
    # and still gives the same terms
    clone = pickle.loads(pickle.dumps(warm))
    text = corpus["text"].iloc[0]
    assert clone(text) == warm(text) == Analyzer()(text)


def test_terms_order_does_not_depend_on_corpus_row_order(seed_corpus, analyzer):
    # Sorted input takes a shortcut (no final sort); reversed input is sorted.

    corpus = seed_corpus.copy()
    assert corpus["doc_id"].is_monotonic_increasing
    forward = terms(corpus, analyzer=analyzer)
    backward = terms(corpus.iloc[::-1].reset_index(drop=True), analyzer=analyzer)
    pd.testing.assert_frame_equal(forward, backward)
    keys = list(zip(forward["doc_id"], forward["term"]))
    assert keys == sorted(keys)


# --- n_jobs: the corpus vocabulary stemmed in processes first, same terms ----------



def test_terms_n_jobs_2_gives_the_same_bytes_as_one_process(seed_corpus):
    from bingkai.text.stemming import Stemmer

    corpus = seed_corpus.copy()
    parts = ("title", "subtitle", "body")
    one = terms(corpus, analyzer=Analyzer(stemmer=Stemmer()), parts=parts)
    parallel = Analyzer(stemmer=Stemmer())  # cold: prestem has real work to do
    two = terms(corpus, analyzer=parallel, parts=parts, n_jobs=2)
    pd.testing.assert_frame_equal(one, two)
    assert one.to_csv(index=False).encode() == two.to_csv(index=False).encode()
    stats = parallel.stemmer.stats
    # every Sastrawi call was made by the pre-stemming pass: the analysis after
    # it found each word it stems in the cache (the candidate set covers them)
    assert stats["sastrawi_calls"] == stats["cached_words"] > 0
    # a second call finds the texts covered and the words cached: nothing to stem
    assert parallel.prestem(corpus["text"].tolist(), n_jobs=2) == 0
    pd.testing.assert_frame_equal(terms(corpus, analyzer=parallel, parts=parts, n_jobs=-1), one)


def test_prestem_fills_the_stemmer_cache_with_sastrawi_stems(sastrawi):
    from bingkai.text.stemming import Stemmer

    analyzer = Analyzer(stemmer=Stemmer(protected={}))
    text = "Pasukan yang menyerang dan merebut Aleppo sejak 2016."
    # candidates: ASCII letter runs of the lower-cased text minus stopwords
    # ("yang", "dan", "sejak"), numbers never: 4 words for Sastrawi
    assert analyzer.prestem([text], n_jobs=2) == 4
    cached = analyzer.stemmer.stats
    assert cached["sastrawi_calls"] == cached["cached_words"] == 4
    for word in ("pasukan", "menyerang", "merebut", "aleppo"):
        assert analyzer.stemmer.stem(word) == sastrawi.stem(word)
    assert analyzer.stemmer.stats["sastrawi_calls"] == 4  # all four were cache hits
    # n_jobs=1 and stem=False do nothing
    assert Analyzer().prestem([text], n_jobs=1) == 0
    assert Analyzer(stem=False).prestem([text], n_jobs=2) == 0


@pytest.mark.parametrize("bad", [0, -2, 1.5, True, "2", None])
def test_n_jobs_is_validated_like_label_occurrences(seed_corpus, bad):
    import bingkai
    from bingkai.errors import BingkaiInputError

    corpus = seed_corpus.copy()
    with pytest.raises(BingkaiInputError) as ours:
        terms(corpus, analyzer=Analyzer(), n_jobs=bad)
    with pytest.raises(BingkaiInputError) as framing:
        bingkai.label_occurrences(corpus, n_jobs=bad)
    # one rule and one message for every n_jobs option of the package
    assert str(ours.value) == str(framing.value)
    assert "n_jobs" in str(ours.value)


def test_entering_is_not_counted_with_troops(analyzer, sastrawi):
    # Sastrawi reads "memasuki" as mem- + pasuk (the root of "pasukan");
    # the protected list maps it to masuk so "entering" is not a troops term.
    assert sastrawi.stem("memasuki") == "pasuk"
    assert analyzer("pasukan memasuki kota") == ["pasukan", "masuk", "kota"]
