"""One definition of a *term*, shared by TF-IDF, keyness and everything else.

``Analyzer`` turns a text into the list of terms bingkai counts:

    normalise (``text.normalize.normalize``) -> tokenise (``text.tokens.token_spans``)
    -> drop punctuation, numbers and stopwords (``text.stopwords.stopwords``)
    -> stem with protected forms (``text.stemming.Stemmer``), proper nouns unstemmed

It is a plain callable, so it plugs into scikit-learn as
``TfidfVectorizer(analyzer=Analyzer())`` (scikit-learn then skips its own
preprocessing, tokenisation and stop-word steps, so nothing is done twice).

Proper nouns. Sastrawi stems names as if they were derived words
(Bekasi -> bekas: "-i" read as a suffix), so a token
is kept lower-cased and *unstemmed* when, within the text being analysed,

- it is written in capitals (an acronym: HTS, ISIS, VSRF), or
- it starts with a capital letter, is not the first word of a sentence or
  paragraph, the paragraph is not a title-cased headline (where every word
  is capitalised), and the same word never occurs in lower case in the text.

The decision is made per text (per document for ``terms``) because that is
what the analyzer sees; a word capitalised in one article and lower-case in
another can therefore get two different terms (a documented limitation; the
protected list in ``data/protected.csv`` fixes a form for the whole corpus).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from bingkai.parallel import check_n_jobs
from bingkai.text.normalize import normalize
from bingkai.text.stemming import Stemmer, default_stemmer
from bingkai.text.stopwords import stopwords as default_stopwords
from bingkai.text.tokens import _kind, _token_re, document_arrays

# Punctuation after which the next word starts a sentence (after normalisation).
SENTENCE_END = frozenset({".", "!", "?", "…"})
# Opening quotes/brackets that may stand between a sentence end and its first word.
OPENERS = frozenset({'"', "'", "(", "["})
# A paragraph whose word tokens are at least this share capitalised is a headline
# in Title Case ("Beredar Video Pasukan Pemberontak Suriah ..."), where
# capitalisation says nothing about proper nouns.
TITLE_CASE_SHARE = 0.8


# Token classes of the per-type cache (see Analyzer._info).
_END, _OPENER, _PUNCT, _NUMBER, _STOP, _WORD = range(6)
# At most this many distinct paragraphs are memoised per Analyzer (~65 MB of
# text and term tuples at the benchmark corpus's paragraph length: 16 MB per
# million words); later paragraphs are analysed without being stored, so
# memory stays bounded on huge corpora.
_MEMO_PARAGRAPHS = 200_000
# Candidate Sastrawi words for Analyzer.prestem: runs of [a-z0-9-] with a letter in
# the lower-cased raw text. One C-level findall per text (~0.25 us/token) instead of
# the analyzer's own tokenise-and-classify pass (~0.9 us/token); it only has to
# cover the words the analysis will stem, not match them exactly (see prestem).
_CANDIDATE_WORD = re.compile(r"[a-z0-9-]*[a-z][a-z0-9-]*")


class Analyzer:
    """Callable ``text -> list[str]`` of terms.

    Parameters
    ----------
    stemmer : bingkai.Stemmer, optional
        Defaults to the shared ``default_stemmer()`` (PySastrawi +
        ``data/protected.csv``; the one ``bingkai.stem`` and the index use), so
        every default Analyzer shares one warm word cache; pass a
        ``Stemmer()`` of your own to keep caches and statistics apart.
    stopwords : iterable of str, optional
        Lower-case words to drop; defaults to ``bingkai.stopwords()``.
    stem : bool
        ``False`` gives lower-cased surface forms (still without stopwords,
        punctuation and numbers).
    keep_numbers : bool
        Keep number tokens (dates, quantities) as terms.
    proper_nouns : bool
        Keep proper nouns unstemmed (see module docstring).

    Speed: every decision is made per paragraph, so the terms of each
    distinct (normalised) paragraph are memoised: ``terms()`` and
    ``fit_tfidf()`` with the same Analyzer analyse a corpus once, and an
    outlet's concatenated articles (``fit_tfidf(by="outlet")``) reuse the
    per-article work. Within a paragraph, each distinct surface form is
    classified, lower-cased, stopword-checked and stemmed once (a per-type
    cache), so the per-token cost is a dict lookup and a few comparisons.
    Both caches are dropped when an attribute (stemmer, stopwords, stem,
    keep_numbers, proper_nouns) is changed, and are not pickled.

    A cold first run spends most of its time in Sastrawi (one call per new
    word type); :meth:`prestem` stems a corpus's vocabulary in several
    processes first (``terms``/``fit_tfidf``/... ``n_jobs=``).
    """

    def __init__(self, stemmer: Stemmer | None = None, stopwords: Iterable[str] | None = None,
                 *, stem: bool = True, keep_numbers: bool = False,
                 proper_nouns: bool = True) -> None:
        self.stemmer = stemmer if stemmer is not None else default_stemmer()
        self.stopwords = frozenset(w.lower() for w in stopwords) if stopwords is not None \
            else frozenset(default_stopwords())
        self.stem = stem
        self.keep_numbers = keep_numbers
        self.proper_nouns = proper_nouns
        self._reset_caches()

    def _reset_caches(self) -> None:
        self._config = self._current_config()
        self._types = _TypeCache(self._info)
        self._memo: dict[str, tuple[str, ...]] = {}
        self._prestemmed: set[int] = set()  # hash() of texts prestem has covered

    def _current_config(self) -> tuple:
        return (self.stemmer, self.stopwords, self.stem, self.keep_numbers, self.proper_nouns)

    def __getstate__(self) -> dict:
        # caches are derived (and the memo holds corpus text): rebuilt on use
        state = self.__dict__.copy()
        del state["_types"], state["_memo"], state["_prestemmed"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._reset_caches()

    def __repr__(self) -> str:
        return (f"Analyzer(stem={self.stem}, keep_numbers={self.keep_numbers}, "
                f"proper_nouns={self.proper_nouns}, stopwords={len(self.stopwords)} words)")

    def __call__(self, text: str) -> list[str]:
        if self._current_config() != self._config:
            self._reset_caches()
        norm = normalize(text)
        # One tokeniser for the whole text: the mark-aware variant (chosen when
        # any paragraph has a combining mark) tokenises mark-free paragraphs
        # exactly like the plain one, so per-paragraph choice is unnecessary.
        pattern = _token_re(norm)
        memo = self._memo
        out: list[str] = []
        for paragraph in norm.split("\n"):
            hit = memo.get(paragraph)
            if hit is None:
                hit = self._paragraph(paragraph, pattern)
                if len(memo) < _MEMO_PARAGRAPHS:
                    memo[paragraph] = hit
            out.extend(hit)
        return out

    def prestem(self, texts: Iterable[str], n_jobs: int = 1,
                progress: bool | None = None) -> int:
        """Stem the vocabulary of ``texts`` into the stemmer's cache in
        ``n_jobs`` processes (``Stemmer.stem_many``), before analysing them.

        Returns the number of words sent to Sastrawi (0 when ``n_jobs`` is 1,
        ``stem`` is False, or every word is already cached). Analysing the
        texts afterwards gives exactly the terms it gives without this call
        (the cache memoises one deterministic function per word); only the
        time changes: the Sastrawi calls a cold analysis would make one by
        one are made in parallel.

        The candidate words are the runs of ``[a-z0-9-]`` containing a letter
        in each lower-cased text, minus stopwords and words already cached:
        a cheap superset of what the analysis stems (it also stems, for
        nothing, words the analysis keeps as proper nouns or protected
        forms). A word it misses (e.g. one that only normalisation makes
        ASCII) is stemmed on demand during the analysis, as without
        ``prestem``. Texts already covered by an earlier call are skipped
        (by ``hash``), so ``fit_tfidf(n_jobs=2)`` then ``terms(n_jobs=2)``
        with the same Analyzer collect the vocabulary once. Costs one
        regex pass over the new texts (~0.25 us/token) plus process start-up
        (~0.3 s per process: import and Sastrawi's dictionary), so it pays
        off for a cold cache and a corpus of tens of thousands of words up.
        """
        n_jobs = check_n_jobs(n_jobs)
        if self._current_config() != self._config:
            self._reset_caches()
        if n_jobs == 1 or not self.stem:
            return 0
        seen = self._prestemmed
        words: set[str] = set()
        new: list[int] = []
        for text in texts:
            if not isinstance(text, str) or not text:
                continue
            key = hash(text)
            if key in seen:
                continue
            new.append(key)
            words.update(_CANDIDATE_WORD.findall(text.lower()))
        # Sastrawi's normaliser leaves [a-z0-9-] words unchanged, so these are
        # the stemmer's word-cache keys; only the missing ones cost a process.
        cached = getattr(self.stemmer, "_word_cache", {})
        todo = sorted(w for w in words - self.stopwords if w not in cached)
        if todo:
            self.stemmer.stem_many(todo, n_jobs=n_jobs, progress=progress)
        if len(seen) < _MEMO_PARAGRAPHS:  # bounded like the paragraph memo
            seen.update(new)
        return len(todo)

    def _info(self, tok: str) -> list:
        """Per-type facts: [class, lower, capitalised, acronym, is lower case,
        plain term, proper-noun term] (terms filled in on first use)."""
        kind = _kind(tok[0])
        if kind == "punct":
            cls = _END if tok in SENTENCE_END else _OPENER if tok in OPENERS else _PUNCT
            info = [cls, tok, False, False, False, None, None]
        elif kind == "number":
            info = [_NUMBER, tok, False, False, False, tok, tok]
        else:
            low = tok.lower()
            info = [_STOP if low in self.stopwords else _WORD, low, tok[:1].isupper(),
                    len(tok) > 1 and tok.isupper(), tok.islower(), None, None]
        return info

    def _paragraph(self, paragraph: str, pattern) -> tuple[str, ...]:
        """Terms of one normalised paragraph.

        Tokens and sentences come from the one tokenisation path the corpus
        index uses (``text.tokens.document_arrays``), so the sentence splitter
        decides where a sentence starts: "Dr." or "H." inside a sentence does
        not make the next word sentence-initial (the index's terms and this
        analyzer's agree token for token).
        """
        found = document_arrays([("body", paragraph)])
        if found is None:
            return ()
        toks, arr = found
        sents = arr["sent"].tolist()
        infos = list(map(self._types.__getitem__, toks))  # _TypeCache fills misses
        n_words = n_caps = 0
        lower_seen = set()
        for tok, inf in zip(toks, infos):
            if inf[0] >= _STOP:
                n_words += 1
                n_caps += inf[2]
                if inf[4]:
                    lower_seen.add(tok)
        title_case = n_words > 0 and n_caps >= TITLE_CASE_SHARE * n_words
        proper_nouns, keep_numbers, stem = self.proper_nouns, self.keep_numbers, self.stem
        stemmer = self.stemmer
        out: list[str] = []
        append = out.append
        sentence_start = True
        previous_sent = sents[0] if sents else 0
        for tok, inf, sent in zip(toks, infos, sents):
            if sent != previous_sent:
                sentence_start, previous_sent = True, sent
            cls = inf[0]
            if cls == _WORD:
                initial, sentence_start = sentence_start, False
                if not stem:
                    append(inf[1])
                elif proper_nouns and inf[2] and (
                        inf[3] or (not initial and not title_case and inf[1] not in lower_seen)):
                    term = inf[6]
                    if term is None:
                        term = inf[6] = stemmer.stem_token(tok, proper_noun=True)
                    append(term)
                else:
                    term = inf[5]
                    if term is None:
                        term = inf[5] = stemmer.stem_token(tok)
                    append(term)
            elif cls == _STOP:
                sentence_start = False
            elif cls == _END:
                sentence_start = False  # a sentence's end is the splitter's call (abbreviations)
            elif cls == _PUNCT:
                sentence_start = False
            elif cls == _NUMBER:
                sentence_start = False
                if keep_numbers:
                    append(tok)
            # _OPENER leaves sentence_start as it is
        return tuple(out)


class _TypeCache(dict):
    """surface form -> Analyzer._info facts, computed on first lookup."""

    def __init__(self, info) -> None:
        super().__init__()
        self._make = info

    def __missing__(self, tok: str) -> list:
        info = self[tok] = self._make(tok)
        return info


def corpus_texts(corpus: pd.DataFrame, columns: Iterable[str]) -> list[str]:
    """The non-empty strings of ``columns`` of ``corpus``, column by column
    (what ``prestem`` needs: the vocabulary, whatever the grouping)."""
    return [v for c in columns for v in corpus[c].tolist() if isinstance(v, str) and v]


_DEFAULT: Analyzer | None = None


def default_analyzer() -> Analyzer:
    """The shared ``Analyzer()`` (default stemmer, stopwords and options) used
    when ``terms``/``fit_tfidf``/``tfidf``/``similarity`` get no analyzer:
    one instance per process, so its per-paragraph memo lets those calls
    share the analysis of a corpus and Sastrawi's dictionary loads once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Analyzer(stemmer=default_stemmer())
    return _DEFAULT
