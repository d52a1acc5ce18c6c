"""One definition of a *term*, shared by TF-IDF, keyness and everything else.

``Analyzer`` turns a text into the list of terms bingkai counts:

    normalise (``text.normalize``) -> tokenise (``text.token_spans``)
    -> drop punctuation, numbers and stopwords (``stopwords.stopwords``)
    -> stem with protected forms (``stem.Stemmer``), proper nouns unstemmed

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

from collections import Counter
from collections.abc import Iterable

import pandas as pd

from .progress import progress_bar
from .stemming import Stemmer
from .stoplist import stopwords as default_stopwords
from .text import normalize, token_spans

# Punctuation after which the next word starts a sentence (after normalisation).
_SENTENCE_END = frozenset({".", "!", "?", "…"})
# Opening quotes/brackets that may stand between a sentence end and its first word.
_OPENERS = frozenset({'"', "'", "(", "["})
# A paragraph whose word tokens are at least this share capitalised is a headline
# in Title Case ("Beredar Video Pasukan Pemberontak Suriah ..."), where
# capitalisation says nothing about proper nouns.
_TITLE_CASE_SHARE = 0.8


class Analyzer:
    """Callable ``text -> list[str]`` of terms.

    Parameters
    ----------
    stemmer : bingkai.Stemmer, optional
        Defaults to a new ``Stemmer()`` (PySastrawi + ``data/protected.csv``).
    stopwords : iterable of str, optional
        Lower-case words to drop; defaults to ``bingkai.stopwords()``.
    stem : bool
        ``False`` gives lower-cased surface forms (still without stopwords,
        punctuation and numbers).
    keep_numbers : bool
        Keep number tokens (dates, quantities) as terms.
    proper_nouns : bool
        Keep proper nouns unstemmed (see module docstring).
    """

    def __init__(self, stemmer: Stemmer | None = None, stopwords: Iterable[str] | None = None,
                 *, stem: bool = True, keep_numbers: bool = False,
                 proper_nouns: bool = True) -> None:
        self.stemmer = stemmer if stemmer is not None else Stemmer()
        self.stopwords = frozenset(w.lower() for w in stopwords) if stopwords is not None \
            else frozenset(default_stopwords())
        self.stem = stem
        self.keep_numbers = keep_numbers
        self.proper_nouns = proper_nouns

    def __repr__(self) -> str:
        return (f"Analyzer(stem={self.stem}, keep_numbers={self.keep_numbers}, "
                f"proper_nouns={self.proper_nouns}, stopwords={len(self.stopwords)} words)")

    def __call__(self, text: str) -> list[str]:
        out: list[str] = []
        for paragraph in normalize(text).split("\n"):
            out.extend(self._paragraph(paragraph))
        return out

    def _paragraph(self, paragraph: str) -> list[str]:
        spans = token_spans(paragraph)
        if not spans:
            return []
        toks = [(paragraph[s:e], kind) for s, e, kind in spans]
        words = [t for t, kind in toks if kind == "word"]
        title_case = bool(words) and (
            sum(w[:1].isupper() for w in words) >= _TITLE_CASE_SHARE * len(words))
        lower_seen = {w for w in words if w.islower()} if self.proper_nouns else set()
        stops, stemmer = self.stopwords, self.stemmer
        out: list[str] = []
        sentence_start = True
        for tok, kind in toks:
            if kind == "punct":
                if tok in _SENTENCE_END:
                    sentence_start = True
                elif tok not in _OPENERS:
                    sentence_start = False
                continue
            initial, sentence_start = sentence_start, False
            if kind == "number":
                if self.keep_numbers:
                    out.append(tok)
                continue
            low = tok.lower()
            if low in stops:
                continue
            if not self.stem:
                out.append(low)
                continue
            proper = self.proper_nouns and tok[:1].isupper() and (
                (len(tok) > 1 and tok.isupper())
                or (not initial and not title_case and low not in lower_seen))
            out.append(stemmer.stem_token(tok, proper_noun=proper))
        return out


def terms(corpus: pd.DataFrame, analyzer: Analyzer | None = None, *,
          parts: tuple[str, ...] = ("body",), progress: bool | None = None) -> pd.DataFrame:
    """Count analyzer terms per document.

    Parameters
    ----------
    corpus : DataFrame from ``load_corpus``/``read_articles`` (``doc_id``,
        ``outlet``, ``period`` and the text columns).
    analyzer : Analyzer, optional (default ``Analyzer()``).
    parts : which fields to analyse: any of ``"title"``, ``"subtitle"``,
        ``"body"`` (the ``text`` column). Default body only, so headlines
        repeated by some outlets do not double-count.

    Returns
    -------
    DataFrame, one row per (document, term): ``doc_id, outlet, period, term,
    count``, sorted by ``doc_id, term``.
    """
    analyzer = analyzer if analyzer is not None else Analyzer()
    columns = [{"body": "text"}.get(p, p) for p in parts]
    rows: list[tuple[str, str, str, str, int]] = []
    records = corpus[["doc_id", "outlet", "period", *columns]].itertuples(index=False)
    for doc_id, outlet, period, *fields in progress_bar(records, desc="terms",
                                                        total=len(corpus), progress=progress):
        counts = Counter(t for field in fields if isinstance(field, str) and field
                         for t in analyzer(field))
        rows.extend((doc_id, outlet, period, term, n) for term, n in sorted(counts.items()))
    frame = pd.DataFrame(rows, columns=["doc_id", "outlet", "period", "term", "count"])
    frame["count"] = frame["count"].astype("int64")
    return frame.sort_values(["doc_id", "term"], kind="stable", ignore_index=True)
