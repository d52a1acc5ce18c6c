"""Exports of a corpus index to the tools the field already uses: CWB / CQPweb / Sketch
Engine vertical text, one plain-text file per article (AntConc), and a CSV that
``readtext``/quanteda reads with the articles' metadata as docvars.

``Corpus.to_vrt``, ``Corpus.to_texts`` and ``Corpus.to_quanteda`` call these. Every file is
UTF-8, written to a temporary name and renamed into place (an interrupted export leaves no
half-written file), and nothing that exists is written over unless ``overwrite=True``.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from bingkai.constants import KINDS, PART_COLUMNS, PARTS, VOICES
from bingkai.errors import BingkaiInputError

#: The token columns of :func:`write_vrt`, in order (CWB's positional attributes).
VRT_COLUMNS = ("word", "lower", "stem", "kind", "voice", "label", "actor")
#: A token outside every label occurrence (CWB and Sketch Engine need a non-empty value).
VRT_EMPTY = "_"
#: Several labels (or actors) on one token: sorted, joined by this.
VRT_MULTI = "|"
#: The docvars of :func:`write_quanteda` besides ``doc_id`` and ``text``, when the corpus has them.
QUANTEDA_DOCVARS = ("outlet", "date", "title", "subtitle", "url", "period", "domain")

_XML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_XML_RE = re.compile('[&<>"]')
_UNSAFE_NAME = re.compile(r"[^\w.-]+")


def _xml(text: str) -> str:
    """``text`` with XML's special characters as entities (tokens and attribute values)."""
    return _XML_RE.sub(lambda m: _XML[m.group(0)], text)


def _dates(articles: pd.DataFrame) -> list[str]:
    """Each article's ``published`` date as ``YYYY-MM-DD`` ('' when missing or unreadable)."""
    if "published" not in articles:
        return [""] * len(articles)
    values = articles["published"]
    if not pd.api.types.is_datetime64_any_dtype(values):
        values = pd.to_datetime(values.astype(object).where(values.astype(str).str.strip() != "", None),
                                errors="coerce", format="mixed")
    return ["" if pd.isna(v) else v.strftime("%Y-%m-%d") for v in values]


def _refuse_existing(path: Path, overwrite: bool) -> None:
    if path.exists() and not overwrite:
        raise BingkaiInputError("exists; nothing was written", path=path,
                                hint="choose a new path, or pass overwrite=True to replace it")


def _write_text(path: Path, write: Callable[[IO[str]], None]) -> Path:
    """Write through ``write`` to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            write(out)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _token_annotations(corpus) -> tuple[list[str], list[str]]:
    """Per token of the index: the labels of the occurrences covering it and the actors they
    name (sorted, joined by :data:`VRT_MULTI`; :data:`VRT_EMPTY` where none)."""
    labels: dict[int, set[str]] = {}
    actors: dict[int, set[str]] = {}
    occ = corpus.occurrences
    for tok, ntok, label, actor in zip(occ["tok"].tolist(), occ["ntok"].tolist(),
                                       occ["label"].tolist(), occ["actor"].tolist()):
        for t in range(int(tok), int(tok) + int(ntok)):
            labels.setdefault(t, set()).add(str(label))
            if isinstance(actor, str) and actor:
                actors.setdefault(t, set()).add(actor)
    n = corpus.n_tokens
    label_col, actor_col = [VRT_EMPTY] * n, [VRT_EMPTY] * n
    for t, values in labels.items():
        label_col[t] = _xml(VRT_MULTI.join(sorted(values)))
    for t, values in actors.items():
        actor_col[t] = _xml(VRT_MULTI.join(sorted(values)))
    return label_col, actor_col


def _vrt_lines(corpus) -> Iterable[str]:
    arrays = corpus.arrays
    vocab = corpus.vocab
    # the three string columns of each type, escaped once per type, not once per token
    per_type = [f"{_xml(s)}\t{_xml(lo)}\t{_xml(st)}" for s, lo, st in
                zip(vocab["surface"].astype(str), vocab["lower"].astype(str), vocab["stem"].astype(str))]
    labels, actors = _token_annotations(corpus)
    articles = corpus.articles
    doc_ids = articles["doc_id"].astype(str).tolist()
    outlets = articles["outlet"].map(lambda v: "" if pd.isna(v) else str(v)).tolist()
    dates = _dates(articles)
    doc, part, para, sent = (arrays[k].tolist() for k in ("doc", "part", "para", "sent"))
    kind, voice, types = arrays["kind"].tolist(), arrays["voice"].tolist(), arrays["type"].tolist()
    bounds = np.searchsorted(arrays["doc"], np.arange(len(articles) + 1)).tolist()
    for d in range(len(articles)):
        yield (f'<text id="{_xml(doc_ids[d])}" outlet="{_xml(outlets[d])}" date="{dates[d]}">\n')
        paragraph = sentence = None
        for t in range(bounds[d], bounds[d + 1]):
            if (part[t], para[t]) != paragraph:
                if paragraph is not None:
                    yield "</s>\n</p>\n"
                paragraph, sentence = (part[t], para[t]), sent[t]
                yield f'<p part="{PARTS[part[t]]}">\n<s>\n'
            elif sent[t] != sentence:
                sentence = sent[t]
                yield "</s>\n<s>\n"
            yield (f"{per_type[types[t]]}\t{KINDS[kind[t]]}\t{VOICES[voice[t]]}\t"
                   f"{labels[t]}\t{actors[t]}\n")
        if paragraph is not None:
            yield "</s>\n</p>\n"
        yield "</text>\n"


def write_vrt(corpus, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write ``corpus`` as vertical text (VRT) for CWB, CQPweb and Sketch Engine.

    Parameters
    ----------
    corpus : Corpus
        The index to export.
    path : path
        The ``.vrt`` file to write.
    overwrite : bool
        Replace ``path`` if it exists (default: refuse, and write nothing).

    Returns
    -------
    Path
        ``path``.

    Notes
    -----
    One ``<text id="..." outlet="..." date="YYYY-MM-DD">`` per article (doc_id order; date
    empty when unknown), one ``<p part="title|subtitle|body">`` per paragraph, one ``<s>``
    per sentence, and one line per token with the tab-separated columns of
    :data:`VRT_COLUMNS`: the word as written, its lower-cased form, its stem (bingkai's
    stemmer; stop words and tokens with inner punctuation are not stemmed, numbers and
    punctuation are their lower form), ``word``/``number``/``punct``, ``narrator``/``quoted``,
    the label(s) of the lexicon occurrence covering the token and the actor(s) that
    occurrence names (``_`` when none; several sorted and joined by ``|``). ``&``, ``<``,
    ``>`` and ``"`` are XML entities (``cwb-encode -x`` decodes them). For ``cwb-encode``:
    ``-P lower -P stem -P kind -P voice -P label -P actor -S text:0+id+outlet+date
    -S p:0+part -S s``.
    """
    path = Path(path)
    _refuse_existing(path, overwrite)
    return _write_text(path, lambda out: out.writelines(_vrt_lines(corpus)))


def _joined_parts(articles: pd.DataFrame) -> list[str]:
    """Each article's title, subtitle and body (those present), separated by a blank line."""
    columns = [articles[PART_COLUMNS[p]].map(lambda v: v if isinstance(v, str) else "").tolist()
               if PART_COLUMNS[p] in articles else [""] * len(articles) for p in PARTS]
    return ["\n\n".join(text for text in texts if text) for texts in zip(*columns)]


def text_file_names(doc_ids: Iterable[str]) -> list[str]:
    """One file name per doc_id: the doc_id with characters unsafe in a file name replaced by
    ``_``, plus ``.txt``; a name two doc_ids would share gets ``~2``, ``~3``... in doc_id order."""
    names, seen = [], {}
    for doc_id in doc_ids:
        stem = _UNSAFE_NAME.sub("_", str(doc_id)).strip(".") or "article"
        seen[stem.casefold()] = seen.get(stem.casefold(), 0) + 1
        names.append(f"{stem}.txt" if seen[stem.casefold()] == 1 else f"{stem}~{seen[stem.casefold()]}.txt")
    return names


def write_texts(corpus, folder: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write one UTF-8 text file per article into ``folder`` (for AntConc and the like).

    Parameters
    ----------
    corpus
        As for :func:`write_vrt`.
    folder : path
        Created if missing; a folder that already holds files is refused unless ``overwrite``.
    overwrite : bool
        Write into a folder that has files (files of the same name are replaced).

    Returns
    -------
    Path
        ``folder``.

    Notes
    -----
    Each file holds the article's cleaned title, subtitle and body (those present),
    separated by a blank line, and a final newline: the text the index tokenised. Files are
    named by :func:`text_file_names` (``<doc_id>.txt``).
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise BingkaiInputError("is a file, not a folder; nothing was written", path=folder,
                                hint="give a folder for one text file per article")
    if folder.is_dir() and any(folder.iterdir()) and not overwrite:
        raise BingkaiInputError("the folder already holds files; nothing was written", path=folder,
                                hint="choose a new or empty folder, or pass overwrite=True")
    articles = corpus.articles
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in zip(text_file_names(articles["doc_id"].astype(str)), _joined_parts(articles)):
        _write_text(folder / name, lambda out, text=text: out.write(text + "\n"))
    return folder


def write_quanteda(corpus, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write ``corpus`` as a CSV for R's ``readtext`` and quanteda.

    Parameters
    ----------
    corpus, path, overwrite
        As for :func:`write_vrt`; ``path`` is the ``.csv`` file to write.

    Returns
    -------
    Path
        The CSV file written (``path``).

    Notes
    -----
    Columns ``doc_id``, ``text`` (title, subtitle and body as in :func:`write_texts`), then
    the docvars of :data:`QUANTEDA_DOCVARS` the corpus has (``date`` as ``YYYY-MM-DD``),
    then every other metadata column that holds plain values. UTF-8 without a byte-order
    mark, comma-separated, every text quoted as needed. In R::

        docs <- readtext::readtext("corpus.csv", text_field = "text", docid_field = "doc_id")
        corp <- quanteda::corpus(docs)
    """
    path = Path(path)
    _refuse_existing(path, overwrite)
    articles = corpus.articles
    frame = pd.DataFrame({"doc_id": articles["doc_id"].astype(str).to_numpy(),
                          "text": _joined_parts(articles)})
    columns = {"date": _dates(articles)}
    for name in QUANTEDA_DOCVARS:
        if name != "date" and name in articles:
            columns[name] = articles[name]
    for name in articles.columns:
        if name not in columns and name not in frame and name != "published" \
                and articles[name].map(lambda v: v is None or isinstance(v, (str, int, float, bool))).all():
            columns[name] = articles[name]
    for name, values in columns.items():
        frame[name] = pd.Series(values, index=frame.index).map(lambda v: "" if v is None or
                                                              (not isinstance(v, str) and pd.isna(v)) else v)
    return _write_text(path, lambda out: frame.to_csv(out, index=False, lineterminator="\n"))
