"""What the static and the interactive displays share: the view object a notebook shows
and the inline style of a highlighted concordance node (one definition for both)."""

from __future__ import annotations

__all__ = ["HTMLView", "NODE_STYLE"]

# Inline style only (no <style> block with class names that could clash with
# JupyterLab's CSS); colours readable in light and dark themes.
NODE_STYLE = "font-weight:bold;background:rgba(230,159,0,0.35);padding:0 0.2em"


class HTMLView:
    """Something a notebook shows as HTML (``_repr_html_``), with a one-line text form."""

    def __init__(self, html_text: str, text: str) -> None:
        self.html = html_text
        self.text = text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text
