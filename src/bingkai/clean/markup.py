"""What a scraper leaves in the text column besides text: HTML, mojibake, non-strings.

Three repairs, each reported, applied to the raw text of an article before
cleaning (so ``body_lines`` count lines of the repaired text):

- ``text_value``: the cell as a string, or the reason it is not one. ``None``
  and NaN are *missing* (never the text "nan"); a list of strings is a list
  of paragraphs and is joined with line breaks (scrapers that keep ``<p>``
  elements write that); numbers, dicts and other lists are refused with a
  reason; lone surrogates (from a JSON ``"\\ud83d"`` escape cut in half) are
  replaced by U+FFFD and counted, since they cannot be encoded at all.
- ``html_to_text``: markup -> text. Block elements (p, div, br, li, h1-h6, …)
  become line breaks, so paragraphs stay lines; script, style, noscript,
  iframe, svg and template contents are dropped; entities are decoded. Only
  text that contains an HTML tag or entity is touched (``has_markup``), so
  "a < b" in prose is left alone.
- ``fix_mojibake``: UTF-8 read as Windows-1252 ("â€œ" for a quote, "â€¢" for a
  bullet) repaired with ftfy's ``fix_encoding`` -- only the encoding fix,
  not ftfy's other changes (quotes, ligatures stay as written) -- and only
  for text ftfy's own detector calls bad.
"""

from __future__ import annotations

import html
import math
import re
from html.parser import HTMLParser

# tags whose contents are not text a reader sees
_DROP = frozenset({"script", "style", "noscript", "iframe", "svg", "template", "head", "object", "embed"})
# tags that break a line (paragraph-like elements and <br>)
_BLOCK = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section",
    "article", "header", "footer", "figure", "figcaption", "table", "tr", "pre", "hr", "dd", "dt", "dl",
    "aside", "nav", "main", "caption", "address",
})
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.DOTALL)
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")
_SURROGATE = re.compile("[\ud800-\udfff]")
_MOJIBAKE_LEAD = re.compile("[\u00c2-\u00f4]")


def has_markup(text: str) -> bool:
    """True if ``text`` holds an HTML tag, comment or entity."""
    if "<" not in text and "&" not in text:   # the common case, decided without a regex
        return False
    return bool(_TAG.search(text) or _ENTITY.search(text))


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _DROP:
            self.dropping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self.dropping = max(0, self.dropping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.parts.append(data)


def html_to_text(text: str) -> str:
    """Markup -> plain text with one paragraph per line (module docstring).

    Text with no tag or entity comes back unchanged. Runs of blank lines made
    by nested blocks collapse to one blank line; the text's own line breaks
    inside a paragraph become spaces, as a browser shows them.
    """
    if not has_markup(text):
        return text
    if not _TAG.search(text):
        return html.unescape(text)
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    lines = []
    for block in "".join(parser.parts).split("\n"):
        lines.append(" ".join(block.split()))
    out = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", out)


def fix_mojibake(text: str) -> str:
    """``text`` with UTF-8-read-as-Windows-1252 sequences repaired (unchanged if none)."""
    import ftfy
    from ftfy.badness import is_bad

    # UTF-8 read as Windows-1252 always shows a lead byte as one of Â..ô: text
    # without any of them cannot be mojibake, and ftfy's detector is not needed
    if text.isascii() or not _MOJIBAKE_LEAD.search(text) or not is_bad(text):
        return text
    return ftfy.fix_encoding(text)


def text_value(value: object) -> tuple[str | None, str]:
    """A text cell -> ``(text, note)``.

    ``text`` is None when the cell cannot be an article; ``note`` then says
    why ("missing", "a number", "a JSON object", "a list of non-strings").
    Otherwise ``note`` is "" or describes a repair ("list of 3 paragraphs
    joined", "2 lone surrogates replaced").
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None, "missing"
    note = ""
    if isinstance(value, (list, tuple)):
        if not all(isinstance(v, str) for v in value):
            return None, "a list that is not all strings"
        note = f"list of {len(value)} paragraphs joined"
        value = "\n".join(value)
    elif isinstance(value, dict):
        return None, "a JSON object, not text"
    elif isinstance(value, bool) or isinstance(value, (int, float)):
        return None, f"a number ({value!r}), not text"
    elif not isinstance(value, str):
        return None, f"a {type(value).__name__}, not text"
    lone = len(_SURROGATE.findall(value))
    if lone:
        value = _SURROGATE.sub("\ufffd", value)
        note = "; ".join(filter(None, [note, f"{lone} lone surrogate{'s' if lone > 1 else ''} replaced by U+FFFD"]))
    return value, note


def cell_string(value: object) -> str:
    """A metadata cell (outlet, title, id, url) as a string: missing -> "", lists joined with ", "."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_string(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))   # an id column that pandas/Excel stored as 12.0
    return _SURROGATE.sub("\ufffd", str(value))
