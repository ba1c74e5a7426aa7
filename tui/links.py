"""Opening and copying a source's link, and copying quotes: what the app and
the article screen share.  Only http(s) links are ever opened (``data.link_of``)."""

from __future__ import annotations

import logging

from textual.app import App

from summarize.records import Article, Story

from .data import article_quote, link_of

log = logging.getLogger(__name__)


def copy_link(app: App, article: Article | None) -> None:
    if article is None:
        app.notify("No source in view.", severity="warning", markup=False)
        return
    link = link_of(article)
    if link:
        app.copy_to_clipboard(link)
        app.notify(f"Copied {link}", markup=False)
    elif article.path:
        app.copy_to_clipboard(article.path)
        app.notify(f"This source has no web link; copied its file: {article.path}", markup=False)
    else:
        app.notify("This source has no link.", severity="warning", markup=False)


def open_link(app: App, article: Article | None) -> None:
    link = link_of(article)
    if link is None:
        why = "No source in view." if article is None else "This source has no web link to open."
        app.notify(why, severity="warning", markup=False)
        return
    log.debug("opening %s", link)
    app.open_url(link)
    app.notify(f"Opening {link} in the browser", markup=False)


def copy_article_quote(app: App, story: Story, article: Article | None, index: int | None) -> None:
    if article is None or index is None or not 0 <= index < len(article.sentences):
        app.notify("No sentence highlighted: open one from the summary or with find (f).", severity="warning",
                   markup=False)
        return
    app.copy_to_clipboard(article_quote(story, article, index))
    app.notify("Copied the sentence and its source.", markup=False)
