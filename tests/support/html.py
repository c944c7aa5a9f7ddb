"""Reading pages in tests: a strict HTML parse and the words a reader sees."""
from __future__ import annotations

import re

import html5lib


def parse(html: str):
    """Parse strictly: html5lib raises on any HTML parse error. Elements without namespace."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(html)


def text_of(element) -> str:
    """An element's text, white space folded."""
    return " ".join("".join(element.itertext()).split())


def text(html: str) -> str:
    """The page's words without tags, white space folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def page_text(response) -> str:
    """The words of the response page's <main>, white space folded (parsed strictly)."""
    return text_of(parse(response.get_data(as_text=True)).find(".//main"))
