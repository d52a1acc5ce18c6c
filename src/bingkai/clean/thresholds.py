"""The numbers of the cleaning heuristics, defined once: one table a reviewer can check.

The boilerplate rules (:mod:`bingkai.clean.rules`) and the boilerplate learned per outlet
(:mod:`bingkai.clean.learned`) decide by word counts, shares and character windows. Every
such number is a field of :class:`Thresholds`, read from the one instance ``THRESHOLDS``;
each is a property of news prose or of how pages are scraped, never set for one document.
``read_articles(min_articles=, min_share=)`` overrides the two learning thresholds per call.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    """The thresholds of the cleaning stage (frozen: ``dataclasses.replace`` makes a variant).

    Attributes
    ----------
    body_min_words_unpunctuated : int
        Words a line needs, without final punctuation, to read as prose anyway (rules).
    repeat_min_words : int
        Shortest paragraph or sentence the repeated-paragraph and repeated-sentence rules
        may drop (rules).
    section_label_max_words : int
        Longest first header line taken for a section label ("Berita Suriah") (rules).
    lead_min_words : int
        Scraped text: words from which a line ending in "?" or "!" is a lead paragraph,
        not a headline (rules).
    headline_min_capitalised : float
        Share of capitalised words from which a short unpunctuated line reads as a
        headline (rules).
    suffix_window : int
        A ``suffix`` rule must match within this many characters of the end of the line
        (rules).
    repeat_index_from : int
        Documents with more body lines use the indexed repeated-paragraph search; an
        algorithm switch, not a judgement: both searches give the same lines (rules).
    min_articles : int
        A learned item recurs in at least this many articles of the outlet ... (learned).
    min_share : float
        ... and in at least this share of them (learned).
    prefix_max_words : int
        A learned prefix ends at a spaced dash or a colon within this many words (learned).
    sentence_min_words : int
        Shortest sentence that can be learned; shorter ones recur by chance (learned).
    glued_min_words : int
        A learned line of at least this many words is also cut where it is glued to
        another line (learned).
    closing_words : int
        Opening words of a sentence compared for the ``closing`` kind (learned).
    phrase_max_words : int
        Most words of a learned ``phrase`` (learned).
    """

    body_min_words_unpunctuated: int = 25
    repeat_min_words: int = 5
    section_label_max_words: int = 3
    lead_min_words: int = 15
    headline_min_capitalised: float = 0.7
    suffix_window: int = 240
    repeat_index_from: int = 200
    min_articles: int = 5
    min_share: float = 0.20
    prefix_max_words: int = 6
    sentence_min_words: int = 3
    glued_min_words: int = 3
    closing_words: int = 6
    phrase_max_words: int = 8


#: the thresholds the cleaning stage uses
THRESHOLDS = Thresholds()
