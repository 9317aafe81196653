"""The outlet graph (``Trace.outlets()``) and the primary-source rules."""

from __future__ import annotations

from collections import Counter

import provenance
from provenance.graph.primary import is_official, is_primary
from provenance.models import KIND_DOCUMENT, KIND_MEDIA, KIND_SOCIAL


def test_outlets_aggregate_the_document_graph(sample_trace: provenance.Trace) -> None:
    graph = sample_trace.graph
    outlets = sample_trace.outlets()
    documents = Counter(str(data["outlet"]) for _, data in graph.nodes(data=True))
    assert dict(documents) == {
        outlet: data["documents"] for outlet, data in outlets.nodes(data=True)
    }
    gr = outlets.nodes["globalresearch.ca"]
    assert gr["root"] is True
    assert gr["outlet_name"] == "Global Research"
    assert gr["first_published"] == "2016-12-14"
    assert outlets.nodes["eng.mil.ru"]["articles"] == 0  # the 404 page was not crawled
    assert outlets.nodes["eng.mil.ru"]["documents"] == 1
    copied = outlets["insidesyriamc.com"]["globalresearch.ca"]
    assert (copied["republications"], copied["citations"]) == (1, 0)
    cited = outlets["sputniknews.com"]["globalresearch.ca"]
    assert (cited["citations"], cited["republications"], cited["weight"]) == (1, 0, 1)
    assert outlets.nodes["sputniknews.com"]["articles"] == 1
    for first, second, data in outlets.edges(data=True):
        assert first != second
        assert data["weight"] == data["citations"] + data["republications"]


def test_primary_sources_are_data_the_user_extends() -> None:
    assert is_official("https://www.defense.gov/News/1")
    assert is_official("https://www.gov.uk/government/news/x")
    assert is_official("https://eng.mil.ru/en/news_page")
    assert is_official("https://www.un.org/press/en/2016/sc12345.doc.htm")
    assert not is_official("https://www.governmentnews.example/story")
    assert not is_official("https://www.kestrelpolymers.example/press/1")
    assert is_official("https://www.kestrelpolymers.example/press/1", ("kestrelpolymers.example",))
    assert is_official("https://press.company.example/1", ("press.company.example",))
    assert not is_official("https://www.company.example/1", ("press.company.example",))
    for kind in (KIND_DOCUMENT, KIND_MEDIA, KIND_SOCIAL):
        assert is_primary("https://www.blog.example/file", kind)
    assert not is_primary("https://www.blog.example/post", "article")
