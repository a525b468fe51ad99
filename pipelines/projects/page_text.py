"""A saved HTML page as the site's text form: one block per line, list items as "- ", with
its links' URLs and where its headings are (the page's own structure, which the text form
loses). The project extractor (pipelines/projects/pages.py) reads this form, or a page saved
as text."""

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

EXTERNAL_MARKER = "(external link, opens in a new window)"


def words_of(text: str) -> frozenset[str]:
    """A set of words written as one string, to keep long keyword tables compact."""
    return frozenset(text.split())


_BLOCK_TAGS = words_of(
    "address article aside blockquote body dd details div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section "
    "summary table tbody td tfoot th thead tr ul"
)
# Site chrome around the content is not part of the text form.
_SKIP_TAGS = words_of("script style noscript template head svg button nav footer")


class _TextBuilder:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.prefix = ""
        self.urls: dict[str, str] = {}
        self.heading: int | None = None  # the level of the <hN> being written
        self.headings: dict[int, int] = {}  # line index -> heading level

    def flush(self) -> None:
        text = " ".join("".join(self.buf).split())
        self.buf.clear()
        if text:
            if self.heading is not None:
                self.headings[len(self.lines)] = self.heading
            self.lines.append(self.prefix + text)
            self.prefix = ""


def _walk_html(node, out: _TextBuilder) -> None:  # noqa: ANN001 (selectolax node)
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out.buf.append(child.text(deep=False))
        elif tag in _SKIP_TAGS or tag.startswith(("-", "_", "!")):
            continue
        elif tag == "br":
            out.flush()
        elif tag == "a":
            text = " ".join(child.text(deep=True).split())
            href = (child.attributes.get("href") or "").strip()
            bare = text.replace(EXTERNAL_MARKER, "").strip()
            if href and not href.startswith(("mailto:", "tel:", "#")) and bare:
                out.urls.setdefault(bare, href)
            out.buf.append(text)
            # The site marks links that open a new window; the text form shows it.
            if child.attributes.get("target") == "_blank" and EXTERNAL_MARKER not in text:
                out.buf.append(EXTERNAL_MARKER)
        elif tag in _BLOCK_TAGS:
            out.flush()
            if tag == "li":
                out.prefix = "- "
            outer = out.heading
            if re.fullmatch(r"h[1-6]", tag):
                out.heading = int(tag[1])
            _walk_html(child, out)
            out.flush()
            out.heading = outer
        else:
            _walk_html(child, out)


@dataclass(frozen=True)
class HtmlText:
    text: str  # the site's text form: one block per line, list items as "- "
    urls: dict[str, str]  # link text -> href
    headings: dict[int, int]  # 0-based line of the text -> heading level (1 for <h1>)


def html_to_page(html: str) -> HtmlText:
    """Render a page as the site's text form, with its links' URLs and where its headings
    are: the page's own structure, which the text form loses."""
    tree = LexborHTMLParser(html)
    # The text form is the page's main content; fall back to the whole body.
    root = tree.css_first("main") or tree.body or tree.root
    out = _TextBuilder()
    if root is not None:
        _walk_html(root, out)
    out.flush()
    return HtmlText("\n".join(out.lines) + "\n", out.urls, out.headings)


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """The text form of a page and a map from link text to href (see html_to_page)."""
    page = html_to_page(html)
    return page.text, page.urls
