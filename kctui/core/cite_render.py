"""A citation (:class:`~kctui.core.cite.Cited`) as plain text, Markdown or JSON.

Plain text is one paragraph (a derived figure adds a line per input): the figure, how
its source worded it, the quote, the source and kctui's id. Markdown says the figure in
a sentence, its value in bold, and puts the quote, the publisher, the document's title
and date, the URL and the id in a footnote (one per input of a derived figure). Text
from the data is made visible and put on one line (:mod:`kctui.core.text`); in
Markdown, the characters that would format it are escaped.
"""

from __future__ import annotations

import re
from typing import Any

from kctui.core.cite import Cited, Formats, Quoted
from kctui.core.text import one_line

QUALIFIERS = {
    "reported": "reported",
    "approx": "approximate",
    "bound": "a bound",
    "guidance": "the company's guidance",
    "estimate": "analysts' estimate",
}
LANGUAGES = {"en": "English", "de": "German", "zh": "Chinese"}
QUOTE_LIMIT = 320
"""A longer quote is cut to its sentences that hold the words as stated (with …)."""
NOTE_LIMIT = 160
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|~#])")


def _md(text: str) -> str:
    """``text`` with Markdown's formatting characters escaped."""
    return _MARKDOWN.sub(r"\\\1", text)


def _label(label: str, metric: str | None) -> str:
    """A metric's label inside a sentence: ``net loss``, but ``China public cloud…``,
    ``EPS``, ``IPO price`` (only a capitalised common word is lowered)."""
    first, _, rest = label.partition(" ")
    words = set((metric or "").split("_"))
    if first[:1].isupper() and first[1:].islower() and first.lower() in words:
        return (first.lower() + " " + rest).strip()
    return label


def quote_for(text: str, as_stated: str | None, limit: int = QUOTE_LIMIT) -> str:
    """The quote of a citation: the excerpt on one line, or, if it is long, the sentences
    of it that hold ``as_stated`` (``…`` where it was cut)."""
    flat = one_line(text)
    needle = one_line(as_stated or "")
    if len(flat) <= limit or not needle or needle not in flat:
        return flat
    sentences = re.split(r"(?<=[.!?;。！？；])\s+", flat)
    keep = [i for i, sentence in enumerate(sentences) if needle in sentence]
    if not keep:
        return flat
    first, last = keep[0], keep[-1]
    body = " ".join(sentences[first : last + 1])
    return ("… " if first > 0 else "") + body + (" …" if last < len(sentences) - 1 else "")


def _cut(text: str, limit: int) -> str:
    flat = one_line(text)
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"


def _signed(c: Cited) -> bool:
    return c.unit == "%" and (c.metric or "").endswith(("_yoy", "_qoq"))


def _value(c: Cited, fmt: Formats) -> str:
    return fmt.value(c.value, c.unit, signed=_signed(c))


def _what(c: Cited, fmt: Formats) -> str:
    """``Kingsoft Cloud net loss, FY2021``; ``Kingsoft Cloud A round, 2013-08``."""
    name = fmt.short_name(one_line(c.entity_name or ""))
    label = (
        one_line(c.label or "") if c.kind == "round" else _label(one_line(c.label or ""), c.metric)
    )
    return f"{name} {label}, {one_line(c.period or '')}".strip()


def _how(c: Cited) -> str:
    """``reported; stated as “1.5 billion yuan”``."""
    how = QUALIFIERS.get(c.qualifier or "", c.qualifier or "")
    if c.as_stated:
        how += f"; stated as “{one_line(c.as_stated)}”"
    if c.kind == "round" and c.investors:
        how += f"; investors: {one_line(c.investors)}"
    return how


def source_text(q: Quoted) -> str:
    """``IT Home via fheadline, 2022-06-23, machine-translated from Chinese, https://…``."""
    parts = [one_line(q.publisher), q.published.isoformat()]
    if q.approximate:
        parts[-1] += " (date approximate)"
    if q.machine_translated_from:
        from_ = LANGUAGES.get(q.machine_translated_from, q.machine_translated_from)
        parts.append(f"machine-translated from {from_}")
    elif q.language != "en":
        parts.append(f"in {LANGUAGES.get(q.language, q.language)}")
    if q.url:
        parts.append(one_line(q.url))
    return ", ".join(parts)


def _notes(c: Cited, fmt: Formats) -> list[str]:
    out = []
    if c.caveat:
        why = f": {_cut(c.note, NOTE_LIMIT)}" if c.note and c.kind == "fact" else ""
        out.append(f"Note: {one_line(c.caveat).replace(' (see note)', '')}{why}")
    if c.others:
        said = ", ".join(f"{other} states {fmt.value(v, u)}" for other, v, u in c.others)
        out.append(f"Sources disagree on this figure: {said}")
    return out


def _sentence(c: Cited, fmt: Formats) -> str:
    """The figure with its value, as a sentence's start (no quote)."""
    if c.kind == "round" and c.value is None:
        return f"{_what(c, fmt)} (no amount stated)"
    if c.kind == "derived":
        return f"{_what(c, fmt)}: {_value(c, fmt)} (derived by kctui, no source states it: {one_line(c.formula or '')})"
    return f"{_what(c, fmt)}: {_value(c, fmt)} ({_how(c)})"


def text(c: Cited, fmt: Formats) -> str:
    """The citation as plain text."""
    noun = {"derived": "fact", "round": "round", "excerpt": "excerpt"}.get(c.kind, "fact")
    parts: list[str] = []
    if c.kind != "excerpt":
        parts.append(_sentence(c, fmt) + ".")
    if c.quote is not None:
        parts.append(f"“{quote_for(c.quote.text, c.as_stated)}” — {source_text(c.quote)}.")
    parts.append(f"kctui {noun} {c.id}.")
    parts += [note + "." for note in _notes(c, fmt)]
    out = " ".join(parts)
    for n, item in enumerate(c.inputs, 1):
        out += f"\nInput {n}: {text(item, fmt)}"
    return out


def _footnote_label(id: str) -> str:
    return "kctui-" + re.sub(r"[^A-Za-z0-9]+", "-", id).strip("-")


def _footnote(c: Cited, fmt: Formats, *, figure: bool = False) -> str:
    """The footnote of ``c``; ``figure``: it says the figure too (an input's)."""
    noun = {"derived": "fact", "round": "round", "excerpt": "excerpt"}.get(c.kind, "fact")
    parts = []
    if c.quote is not None:
        q = c.quote
        quote = "" if c.kind == "excerpt" else f"“{_md(quote_for(q.text, c.as_stated))}” — "
        parts.append(f"{quote}{_md(one_line(q.publisher))}")
        parts.append(f"*{_md(one_line(q.title))}*")
        date_text = q.published.isoformat() + (" (date approximate)" if q.approximate else "")
        parts.append(date_text)
        if q.machine_translated_from:
            from_ = LANGUAGES.get(q.machine_translated_from, q.machine_translated_from)
            parts.append(f"machine-translated from {from_}")
        if q.url:
            parts.append(f"<{one_line(q.url).replace('>', '%3E')}>")
    elif c.kind == "derived":
        parts.append(f"derived by kctui: {_md(one_line(c.formula or ''))}")
    said = f"{_md(_sentence(c, fmt))}. " if figure else ""
    return f"[^{_footnote_label(c.id)}]: {said}" + ", ".join(parts) + f". kctui {noun} `{c.id}`."


def markdown(c: Cited, fmt: Formats) -> str:
    """The citation as Markdown: a sentence with the value in bold, and footnotes."""
    mark = f"[^{_footnote_label(c.id)}]"
    if c.kind == "excerpt":
        body = f"“{_md(one_line(c.quote.text if c.quote else ''))}”{mark}"
    elif c.kind == "derived":
        marks = "".join(f"[^{_footnote_label(i.id)}]" for i in c.inputs)
        body = (
            f"{_md(_what(c, fmt))}: **{_md(_value(c, fmt))}** (derived by kctui: "
            f"{_md(one_line(c.formula or ''))}; inputs{marks}){mark}"
        )
    elif c.kind == "round" and c.value is None:
        body = f"{_md(_what(c, fmt))} (no amount stated){mark}"
    else:
        body = f"{_md(_what(c, fmt))}: **{_md(_value(c, fmt))}** ({_md(_how(c))}){mark}"
    notes = " ".join(_md(n) + "." for n in _notes(c, fmt))
    if notes:
        body += " " + notes
    footnotes = [_footnote(c, fmt)] + [_footnote(i, fmt, figure=True) for i in c.inputs]
    return body + "\n\n" + "\n".join(footnotes)


def as_json(c: Cited, fmt: Formats) -> dict[str, Any]:
    """The citation's data, with its text and Markdown."""
    out: dict[str, Any] = {"id": c.id, "kind": c.kind}
    if c.kind != "excerpt":
        out.update(
            entity_name=c.entity_name,
            metric=c.metric,
            label=c.label,
            period=c.period,
            value=c.value,
            unit=c.unit,
            value_text=_value(c, fmt) if c.value is not None else None,
            qualifier=c.qualifier,
            as_stated=c.as_stated,
        )
    if c.kind == "round":
        out.update(round=c.round, investors=c.investors)
    if c.formula:
        out["formula"] = c.formula
    if c.caveat:
        out["caveat"] = c.caveat
    if c.others:
        out["disagreeing"] = [{"id": i, "value": v, "unit": u} for i, v, u in c.others]
    if c.quote is not None:
        q = c.quote
        out["quote"] = {
            "excerpt_id": q.excerpt_id,
            "text": q.text,
            "lines": [q.first_line, q.last_line],
            "source_id": q.source_id,
            "title": q.title,
            "publisher": q.publisher,
            "published": q.published.isoformat(),
            "date_approximate": q.approximate,
            "language": q.language,
            "machine_translated_from": q.machine_translated_from,
            "url": q.url,
        }
    if c.inputs:
        out["inputs"] = [as_json(i, fmt) for i in c.inputs]
    out["text"] = text(c, fmt)
    out["markdown"] = markdown(c, fmt)
    return out
