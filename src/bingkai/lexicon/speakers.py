"""Who is speaking: the speaker of quotations and reported speech.

Input is one document's tokens (match keys, sentence segments, the
``quoted`` flag of :func:`bingkai.tokens`) and its actor mentions (from
:class:`bingkai.lexicon.packs.PhraseMatcher`); output is a :class:`Speaker` — a
token span, the actor named in it and the rule that found it — for each
sentence that reports speech and for each quotation. The rules, all
confined to one sentence unless said otherwise (``speaker_basis``):

``tag``        the quote tag after a quotation: “…,” **kata/ujar/ungkap/
               jelas/tegas/tutur/…** X — X runs from the verb to the next
               punctuation mark or a word of :data:`AFTER_SPEAKER` ("kepada",
               "dalam", "di", …; at most :data:`MAX_SPAN` tokens).
``menurut``    **menurut** X, … — X runs as for ``tag``.
``verb``       X **mengatakan/menyatakan/menegaskan/…** … — X is the stretch
               before the verb back to the sentence start or a quotation
               mark, colon or comma (at most :data:`MAX_SPAN` tokens; trailing
               adverbs such as "juga" dropped). When X names no actor and a
               comma stands right before the verb and another before X
               ("Kantor berita pemerintah Suriah, SANA, melaporkan"), the
               stretch before that comma is searched for the actor too (an
               apposition). Opening discourse words (:data:`LEADING`:
               "Sementara itu", "Namun") are not part of X.
``katanya``    …,” **katanya/ujarnya/tegasnya/…** — or a singular pronoun
               speaker ("Ia/Dia/Beliau mengatakan") — the last person named
               in the window: the sentence before and this one up to the
               cue, outside quotations; a person is a speaker found there,
               or a run of capitalised words with a title, rank or role in it
               and no place ("Bupati Puncak Willem Wandik menolak
               mengomentari … “…,” katanya"), or with a name learned in the
               document (below). "Mereka" (they) is the last *speaker* in the window.
               Nothing named in the window: no speaker.
``continued``  a quotation with no speaker of its own, in the sentence right
               after a quotation that has one: a quote that runs on.

The window is a sentence and the one before it, across a paragraph break too
(news often closes a paragraph with "X mengatakan …" and opens the next with
"“…,” katanya"; the seed articles do), never further back. Paragraphs a
scrape joined with ".," are paragraph and sentence breaks
(:mod:`bingkai.text`), so a name paragraphs away is out of reach.

Names learned in the document (:func:`learned_names`): an official
introduced with a role or a title and their country or organisation ("Menlu
Rusia Sergei Lavrov", "Kapolda Papua Irjen Mathius Fakhiri") speaks for that
actor wherever the article names them again ("Lavrov menambahkan", "kata
Lavrov"). Titles, ranks and place nouns are data
(``data/speaker_words.csv``); roles are rows of the actor table
(``kind=role``: "Kapolres" -> Polri).

A quotation (a run of quoted tokens, possibly over several sentences) takes
the speaker found by a ``tag`` right after it; else one found in its first
sentence before it ("X mengatakan mereka mengebom pasukan “teroris”", "ujar
Abu Ali: “…”"); else ``continued``. A narrator token takes the speaker of
its sentence only when it lies in the reported part: after the verb of a
``verb``/``pronoun`` rule or the span of a ``menurut`` rule, before the tag
of a ``tag``/``katanya`` rule. Words inside the speaker span are never
spoken by that speaker ("Pemberontak HTS mengatakan": the narrator says
"pemberontak").

``speaker_actor`` is the first actor mention inside the span (any kind: a
country can speak; a role stands for its actor), else the actor of a learned
name in it, else None. Known limits: no syntax, so a speech verb of a
subordinate clause ("laporan yang mengatakan") makes its noun the speaker;
indirect speech without a verb from the lists is missed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bingkai.lexicon.attribution import Mention
from bingkai.lexicon.wordlists import word_table

#: verbs after a quotation that introduce its speaker ("…,” kata X)
TAG_VERBS = frozenset({
    "kata", "ujar", "ucap", "tutur", "ungkap", "jelas", "tegas", "imbuh", "tambah", "lanjut",
    "terang", "papar", "sebut", "pungkas", "tulis", "katakan",
})
#: the same with "-nya": the speaker is the previous sentence's
TAG_NYA = frozenset(v + "nya" for v in TAG_VERBS if v != "katakan")
#: verbs after their speaker (X mengatakan …)
SPEECH_VERBS = frozenset({
    "mengatakan", "berkata", "menyatakan", "menyebut", "menyebutkan", "mengumumkan", "melaporkan",
    "menuduh", "menuding", "menegaskan", "menambahkan", "menjelaskan", "mengklaim", "mengungkapkan",
    "memperingatkan", "menyampaikan", "menilai", "mengakui", "membantah", "menulis", "mengecam",
    "mengutuk", "menyerukan", "bersumpah", "menuturkan", "mengungkap", "menerangkan", "memaparkan",
})
#: every key _segment_speakers acts on (a word that is none of them is skipped at once)
_CUES = TAG_VERBS | TAG_NYA | SPEECH_VERBS | {"menurut"}
PRONOUNS = frozenset({"ia", "dia", "beliau", "mereka"})
ADVERBS = frozenset({"juga", "pun", "kemudian", "telah", "sudah", "lalu", "sebelumnya", "kembali",
                     "bahkan", "akan", "pernah", "secara", "langsung", "tegas", "terpisah"})
#: discourse words that open a clause before its subject ("Sementara itu Araghchi mengatakan")
LEADING = frozenset({"sementara", "itu", "namun", "dan", "tetapi", "tapi", "sedangkan", "adapun", "lalu",
                     "kemudian", "selain", "bahkan"})
QUOTE = '"'
BOUNDARY = frozenset({QUOTE, ",", ":", ";", "(", ")", ".", "!", "?", "—", "-", "–"})
#: words that end a speaker named after its cue ("kata Putin kepada wartawan",
#: "ujar X dalam jumpa pers", "menurut X di Jakarta")
AFTER_SPEAKER = frozenset({"kepada", "dalam", "pada", "saat", "ketika", "di", "melalui", "dilansir",
                           "dikutip", "seperti", "sebagaimana", "usai", "setelah", "sebelum"})
MAX_SPAN = 10
#: pronoun speakers resolved to the last named person ("ia", "dia", "beliau");
#: "mereka" (they) resolves to the last speaker
SINGULAR = frozenset({"ia", "dia", "beliau"})


#: the kinds of ``data/speaker_words.csv``
SPEAKER_WORD_KINDS = ("title", "rank", "place")


@lru_cache(maxsize=1)
def speaker_words() -> dict[str, frozenset[str]]:
    """``{kind: words}`` from ``data/speaker_words.csv``: ``title`` — words
    before an office-holder's country or organisation ("Menlu Rusia",
    "juru bicara Hamas"); ``rank`` — ranks and honorifics before a name
    ("Irjen", "AKBP", "Dr"); ``place`` — nouns that start a capitalised
    place name ("Kabupaten Puncak", "Distrik Beoga"), never a person. They
    tell a named official's name from the words around it
    (:func:`learned_names`, the last named person of a window)."""
    return word_table("speaker_words.csv", "kind", SPEAKER_WORD_KINDS)


@dataclass(frozen=True)
class Speaker:
    """Tokens ``[start, stop)`` name the speaker; ``cue`` is the token of the
    verb/tag/"menurut" (the reported part lies after a ``verb``/``menurut``
    cue and before a ``tag``/``katanya`` cue)."""

    start: int
    stop: int
    actor: str | None
    basis: str
    cue: int


def find(keys: Sequence[str], seg: Sequence[int], quoted: Sequence[bool],
         mentions: Sequence[Mention], *,
         caps: Sequence[bool] | None = None) -> tuple[dict[int, Speaker], list[Speaker | None]]:
    """Speakers of one document.

    ``keys``: token match keys; ``seg``: sentence segment id per token (equal
    ids contiguous); ``quoted``: the tokens' quoted flag; ``mentions``:
    actor mentions sorted by start; ``caps``: per token, a word written
    with a capital (names). A speaker is looked for in its own sentence and
    the one right before it, never further back.
    Returns ``(by_segment, by_token)``: the speaker of each segment that
    reports speech, and per token the speaker of the words at that token
    (None where the narrator speaks), following the module's rules.
    """
    n = len(keys)
    caps = caps if caps is not None else [False] * n
    bounds: list[tuple[int, int]] = []  # [a, b) per segment, in order
    a = 0
    for i in range(1, n + 1):
        if i == n or seg[i] != seg[a]:
            bounds.append((a, i))
            a = i
    mention_at = _mention_index(mentions, n)
    learned = learned_names(keys, caps, mentions, mention_at, seg)
    # the window of a segment: itself and the segment right before it. Across a
    # paragraph break too: news often ends a paragraph with "X mengatakan ..."
    # and opens the next with "“…,” katanya" (the seed articles do); a scrape's
    # ".," joins are paragraph and sentence breaks (bingkai.text), so a name
    # paragraphs away is out of reach.
    before = list(range(-1, len(bounds) - 1))

    by_segment: dict[int, Speaker] = {}
    cues: list[list[Speaker]] = []
    for k, (a, b) in enumerate(bounds):
        found = _segment_speakers(keys, a, b, mention_at, mentions)
        resolved: list[Speaker] = []
        for sp in found:
            if sp.basis in ("katanya", "pronoun"):
                window = (cues[before[k]] if before[k] >= 0 else []) + resolved
                lo = bounds[before[k]][0] if before[k] >= 0 else a
                plural = sp.basis == "pronoun" and keys[sp.start] not in SINGULAR
                who = _last_named(keys, caps, quoted, lo, sp.cue if sp.basis == "katanya" else sp.start,
                                  window, mention_at, mentions, learned, plural)
                if who is None:
                    continue
                sp = Speaker(who[0], who[1], who[2], sp.basis, sp.cue)
            elif sp.actor is None:
                sp = Speaker(sp.start, sp.stop, _learned_in(keys, sp.start, sp.stop, learned), sp.basis, sp.cue)
            resolved.append(sp)
        cues.append(resolved)
        if resolved:
            by_segment[seg[a]] = resolved[0]

    by_token: list[Speaker | None] = [None] * n
    # narrator words in the reported part of a sentence
    for (a, b), found in zip(bounds, cues):
        for sp in found:
            if sp.basis in ("verb", "menurut", "pronoun"):
                lo, hi = sp.cue + 1, b
            else:  # tag, katanya: the words before the tag
                lo, hi = a, sp.cue
            for i in range(lo, hi):
                if by_token[i] is None and not (sp.start <= i < sp.stop):
                    by_token[i] = sp
    # quotations: runs of quoted tokens
    seg_index = {seg[a]: k for k, (a, _) in enumerate(bounds)}
    last_quote: tuple[int, Speaker] | None = None
    i = 0
    while i < n:
        if not quoted[i]:
            i += 1
            continue
        j = i
        while j < n and quoted[j]:
            j += 1
        k_first, k_last = seg_index[seg[i]], seg_index[seg[j - 1]]
        sp = next((s for s in cues[k_last] if s.basis in ("tag", "katanya") and s.cue >= j), None)
        if sp is None:
            sp = next((s for s in reversed(cues[k_first]) if s.cue < i and s.stop <= i), None)
        if sp is None and last_quote is not None and before[k_first] == last_quote[0]:
            # a quotation that runs on from the sentence before, in the same paragraph
            prev = last_quote[1]
            sp = Speaker(prev.start, prev.stop, prev.actor, "continued", prev.cue)
        if sp is not None:
            for t in range(i, j):
                by_token[t] = sp
            last_quote = (k_last, sp)
        i = j
    return by_segment, by_token


def learned_names(keys: Sequence[str], caps: Sequence[bool], mentions: Sequence[Mention],
                  mention_at: Sequence[int], seg: Sequence[int]) -> dict[str, str]:
    """Names an official is introduced with, and the actor they speak for.

    "Menlu Rusia Sergei Lavrov", "Menteri Pertahanan Israel Israel Katz",
    "Kapolda Papua Irjen Mathius Fakhiri": a mention that is a role
    (``kind=role``), or that follows a title (:func:`person_titles`) within
    three words, and then (over other mentions and ranks, in the same
    sentence) a run of capitalised words that name no actor: each of those
    words, lower-cased,
    stands for the first such mention's actor in the rest of the document
    ("Lavrov menambahkan", "kata Katz"). Places are not speakers' actors.
    """
    titles = speaker_words()
    title_words, ranks = titles["title"], titles["rank"]
    n = len(keys)
    out: dict[str, str] = {}
    for m in mentions:
        if m.kind == "place":
            continue
        if m.kind != "role" and not any(keys[q] in title_words for q in range(max(0, m.start - 3), m.start)):
            continue
        p, s = m.stop, seg[m.start]
        while p < n and seg[p] == s and (mention_at[p] >= 0 or keys[p] in ranks):
            p = mentions[mention_at[p]].stop if mention_at[p] >= 0 else p + 1
        q = p
        while (q < n and seg[q] == s and caps[q] and mention_at[q] < 0 and keys[q] not in ranks
               and keys[q] not in title_words):
            q += 1
        for t in range(p, q):
            if len(keys[t]) >= 3 and keys[t].isalpha():
                out.setdefault(keys[t], m.actor)
    return out


def _learned_in(keys, a: int, b: int, learned: dict[str, str]) -> str | None:
    for t in range(a, b):
        actor = learned.get(keys[t])
        if actor is not None:
            return actor
    return None


def _last_named(keys, caps, quoted, lo: int, hi: int, speakers: Sequence[Speaker], mention_at,
                mentions, learned: dict[str, str], plural: bool) -> tuple[int, int, str | None] | None:
    """The last person named in tokens ``[lo, hi)`` (outside quotations): a
    speaker found there, or (singular pronouns and "-nya" tags) a run of
    capitalised words that is a person by its own words: it holds a title,
    rank or role ("Bupati Puncak Willem Wandik", "Kapolres …") or a name
    learned in the document, and no place. Capitalised runs without such a
    word ("Korea Utara", "Polda Jambi") are not taken for a person.
    ``(start, stop, actor)`` or None when the window names no one."""
    best = None
    for sp in speakers:
        if sp.stop > sp.start and lo <= sp.start and sp.stop <= hi and sp.basis not in ("katanya", "pronoun"):
            if best is None or sp.stop > best[1]:
                best = (sp.start, sp.stop, sp.actor)
    if plural:
        return best
    words = speaker_words()
    places, titles, ranks = words["place"], words["title"], words["rank"]
    t = lo
    while t < hi:
        if not caps[t] or quoted[t]:
            t += 1
            continue
        u = t
        while u < hi and caps[u] and not quoted[u]:
            u += 1
        place = keys[t] in places or any(mention_at[x] >= 0 and mentions[mention_at[x]].kind == "place"
                                         for x in range(t, u))
        person = any(keys[x] in titles or keys[x] in ranks or keys[x] in learned
                     or (mention_at[x] >= 0 and mentions[mention_at[x]].kind in ("role", "person"))
                     for x in range(t, u))
        if person and not place and (best is None or u > best[1]):
            actor = _actor_in(t, u, mention_at, mentions) or _learned_in(keys, t, u, learned)
            best = (t, u, actor)
        t = u
    return best


def _mention_index(mentions: Sequence[Mention], n: int) -> list[int]:
    """Per token, the index of the mention covering it, or -1."""
    at = [-1] * n
    for idx, m in enumerate(mentions):
        for t in range(m.start, min(m.stop, n)):
            at[t] = idx
    return at


def _actor_in(a: int, b: int, mention_at: list[int], mentions: Sequence[Mention]) -> str | None:
    for t in range(a, b):
        if mention_at[t] >= 0:
            return mentions[mention_at[t]].actor
    return None


def _segment_speakers(keys, a: int, b: int, mention_at, mentions) -> list[Speaker]:
    """Speakers cued in segment ``[a, b)``, in text order; ``katanya`` and
    ``pronoun`` ones still to be resolved to an earlier speaker."""
    out: list[Speaker] = []
    for j in range(a, b):
        key = keys[j]
        if key not in _CUES:  # most words: one set lookup instead of the four below
            continue
        after_quote = j > a and keys[j - 1] in (QUOTE, ",")
        if key in TAG_VERBS and after_quote:
            lo, hi = _forward(keys, j + 1, b)
            if hi > lo:
                out.append(Speaker(lo, hi, _actor_in(lo, hi, mention_at, mentions), "tag", j))
        elif key in TAG_NYA and after_quote:
            out.append(Speaker(j, j, None, "katanya", j))
        elif key == "menurut":
            lo, hi = _forward(keys, j + 1, b)
            if hi > lo:
                out.append(Speaker(lo, hi, _actor_in(lo, hi, mention_at, mentions), "menurut", j))
        elif key in SPEECH_VERBS and j > a:
            lo, hi = _backward(keys, a, j)
            if hi <= lo:
                continue
            if hi - lo == 1 and keys[lo] in PRONOUNS:
                out.append(Speaker(lo, hi, None, "pronoun", j))
                continue
            actor = _actor_in(lo, hi, mention_at, mentions)
            if actor is None and keys[j - 1] == "," and lo > a and keys[lo - 1] == ",":
                # apposition: "Kantor berita pemerintah Suriah, SANA, melaporkan"
                lo2, _ = _backward(keys, a, lo - 1)
                actor = _actor_in(lo2, lo - 1, mention_at, mentions)
                lo = lo2 if actor is not None else lo
            out.append(Speaker(lo, hi, actor, "verb", j))
    return out


def _forward(keys, lo: int, b: int) -> tuple[int, int]:
    hi = lo
    while hi < b and hi - lo < MAX_SPAN and keys[hi] not in BOUNDARY and keys[hi] not in AFTER_SPEAKER:
        hi += 1
    return lo, hi


def _backward(keys, a: int, j: int) -> tuple[int, int]:
    hi = j
    if hi > a and keys[hi - 1] == ",":  # "X, …, mengatakan": the comma closes an apposition
        hi -= 1
    while hi > a and keys[hi - 1] in ADVERBS:
        hi -= 1
    lo = hi
    while lo > a and hi - lo < MAX_SPAN and keys[lo - 1] not in BOUNDARY:
        lo -= 1
    while lo < hi and keys[lo] in LEADING:
        lo += 1
    return lo, hi
