"""Small graphs that follow the graph contract (DESIGN section 3), for exporter tests.

``sample_graph()`` is the seed story in miniature: a Global Research article (the root)
republishing an Inside Syria Media Center piece, citing a news report (twice: two claims,
so two parallel edges), a governor's post, a dead page, an archived White House
memorandum and a page beyond the crawl limit. The news report in turn cites a ministry
statement. ``sample_outlets()`` is its outlet graph; ``hostile_graph()`` carries text a
hostile or broken page could hold.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from provenance.models import (
    EDGE_CITATION,
    EDGE_REPUBLICATION,
    KIND_ARTICLE,
    KIND_DOCUMENT,
    KIND_PAGE,
    KIND_SOCIAL,
    KIND_UNREACHABLE,
    KIND_UNVISITED,
    STATUS_DEAD_END,
    STATUS_PRIMARY,
    STATUS_TRUNCATED,
    STATUS_UNSUPPORTED,
    TracedClaim,
)

ROOT = (
    "https://www.globalresearch.ca/"
    "the-isis-offensive-against-palmyra-a-us-nato-sponsored-operation/5561447"
)
ORIGINAL = "https://insidesyriamc.com/2016/12/13/the-isis-offensive-against-palmyra/"
NEWS = "https://www.reuters.com/article/us-mideast-crisis-syria-palmyra-idUSKBN1400F6"
STATEMENT = "https://www.mod.gov.sy/index.php?cat=1712&node=554"
GOVERNOR = "https://twitter.com/homsgovernor/status/807645191234567890"
DEAD = "https://southfront.org/palmyra-clashes-december-11/"
WAIVER = (
    "https://obamawhitehouse.archives.gov/the-press-office/2016/12/08/"
    "presidential-memorandum-delegation-authority-under-section-506a1"
)
UNVISITED = "https://www.almasdarnews.com/article/coalition-corridor-deir-ezzor/"

CLAIM_REPORTED = (
    "On December 10, the world media reported that IS terrorists started an offensive on "
    'Palmyra liberated by the SAA in spring, "with tanks, infantry fighting vehicles".'
)
CLAIM_SAID = (
    "At the same time Homs governor Talal al-Barazi said that unfortunately only some 80% "
    "of Palmyra residents had been evacuated."
)
CLAIM_KILLED = (
    "Damascus and its allies killed more than 300 militants and destroyed dozens of vehicles."
)
CLAIM_MIDDLE_EAST = (
    "Yesterday, various Middle East media reported the terrorists' success became possible "
    "due to the US-led international coalition,\nwhich had suspended its operations in Raqqa."
)
CLAIM_WAIVED = (
    "On December 8 Barack Obama waived any arms export control restrictions on providing "
    "'military assistance' to any and all 'foreign forces' in Syria."
)
CLAIM_SET_UP = (
    "Terrorists seem to have arrived from Deir Ezzor and Iraq's Mosul through the corridor "
    "set up by the coalition."
)

# Expected counts, for the tests.
NODE_COUNT = 8
EDGE_COUNT = 9
CITATION_COUNT = 8
REPUBLICATION_COUNT = 1
OUTLET_COUNT = 8
PRIMARY_SOURCE_COUNT = 3  # claims c1, c2 and c5, one origin each


def node(
    url: str,
    *,
    kind: str = KIND_ARTICLE,
    outlet: str,
    outlet_name: str = "",
    title: str = "",
    authors: str = "",
    published: str = "",
    language: str = "en",
    status: str = "200",
    depth: int = 1,
    root: bool = False,
    aliases: str = "",
    archived_from: str = "",
) -> dict[str, Any]:
    """The attributes of one node, exactly the contract's."""
    return {
        "url": url,
        "kind": kind,
        "outlet": outlet,
        "outlet_name": outlet_name,
        "title": title,
        "authors": authors,
        "published": published,
        "language": language,
        "status": status,
        "depth": depth,
        "root": root,
        "aliases": aliases,
        "archived_from": archived_from,
    }


def citation(
    claim_id: str, claim: str, anchor: str, cue: str, support: float | None
) -> dict[str, Any]:
    """The attributes of one citation edge, exactly the contract's."""
    return {
        "kind": EDGE_CITATION,
        "claim_id": claim_id,
        "claim": claim,
        "anchor": anchor,
        "cue": cue,
        "support": support,
        "evidence": "",
        "similarity": None,
    }


def republication(evidence: str, similarity: float | None) -> dict[str, Any]:
    """The attributes of one republication edge, exactly the contract's."""
    return {
        "kind": EDGE_REPUBLICATION,
        "claim_id": "",
        "claim": "",
        "anchor": "",
        "cue": "",
        "support": None,
        "evidence": evidence,
        "similarity": similarity,
    }


def claim_row(claim: TracedClaim) -> dict[str, Any]:
    """A row of ``graph.graph["claims"]``: the string columns plus ``passages``."""
    row: dict[str, Any] = dict(claim.row())
    row["passages"] = [
        {"url": url, "support": support, "passage": passage}
        for url, support, passage in claim.passages
    ]
    return row


def sample_claims() -> list[TracedClaim]:
    """The traced claims of the root article."""
    return [
        TracedClaim(
            claim_id="c1",
            citing_url=ROOT,
            claim=CLAIM_REPORTED,
            anchor="reported",
            cue="reported",
            cited_url=NEWS,
            status=STATUS_PRIMARY,
            origin_urls=(STATEMENT,),
            hops=2,
            chain=(STATEMENT, NEWS, ROOT),
            passages=(
                (NEWS, 0.82, "Islamic State fighters launched an offensive on Palmyra."),
                (STATEMENT, 0.77, "The total number of fighters exceeded 4,000."),
            ),
        ),
        TracedClaim(
            claim_id="c2",
            citing_url=ROOT,
            claim=CLAIM_SAID,
            anchor="said",
            cue="said",
            cited_url=GOVERNOR,
            status=STATUS_PRIMARY,
            origin_urls=(GOVERNOR,),
            hops=1,
            chain=(GOVERNOR, ROOT),
            passages=((GOVERNOR, 0.9, "Only some 80% of residents were evacuated."),),
        ),
        TracedClaim(
            claim_id="c3",
            citing_url=ROOT,
            claim=CLAIM_KILLED,
            anchor="killed",
            cue="killed",
            cited_url=DEAD,
            status=STATUS_DEAD_END,
            origin_urls=(),
            hops=1,
            chain=(DEAD, ROOT),
        ),
        TracedClaim(
            claim_id="c4",
            citing_url=ROOT,
            claim=CLAIM_MIDDLE_EAST,
            anchor="reported",
            cue="reported",
            cited_url=NEWS,
            status=STATUS_UNSUPPORTED,
            origin_urls=(),
            hops=1,
            chain=(NEWS, ROOT),
            passages=((NEWS, 0.31, "The coalition said it carried out strikes near Raqqa."),),
        ),
        TracedClaim(
            claim_id="c5",
            citing_url=ROOT,
            claim=CLAIM_WAIVED,
            anchor="waived",
            cue="waived",
            cited_url=WAIVER,
            status=STATUS_PRIMARY,
            origin_urls=(WAIVER,),
            hops=1,
            chain=(WAIVER, ROOT),
            passages=((WAIVER, 0.88, "I hereby waive the requirements of section 40."),),
        ),
        TracedClaim(
            claim_id="c6",
            citing_url=ROOT,
            claim=CLAIM_SET_UP,
            anchor="set up",
            cue="",
            cited_url=UNVISITED,
            status=STATUS_TRUNCATED,
            origin_urls=(),
            hops=1,
            chain=(UNVISITED, ROOT),
        ),
    ]


def sample_graph() -> nx.MultiDiGraph:
    """The document graph of the seed story (see the module docstring)."""
    graph = nx.MultiDiGraph()
    graph.add_node(
        ROOT,
        **node(
            ROOT,
            outlet="globalresearch.ca",
            outlet_name="Global Research",
            title="The ISIS Offensive against Palmyra: A US-NATO Sponsored Operation?",
            authors="Mehmet Ersoy",
            published="2016-12-14",
            depth=0,
            root=True,
            aliases=(
                "https://globalresearch.ca/the-isis-offensive-against-palmyra-a-us-nato-"
                "sponsored-operation/5561447 https://www.globalresearch.ca/?p=5561447"
            ),
        ),
    )
    graph.add_node(
        ORIGINAL,
        **node(
            ORIGINAL,
            outlet="insidesyriamc.com",
            outlet_name="Inside Syria Media Center",
            title="The ISIS Offensive against Palmyra: A US-NATO Sponsored Operation?",
            authors="Mehmet Ersoy",
            published="2016-12-13T09:15:00+00:00",
        ),
    )
    graph.add_node(
        NEWS,
        **node(
            NEWS,
            outlet="reuters.com",
            outlet_name="Reuters",
            title="Islamic State attacks Palmyra, Syrian army says",
            authors="Tom Perry; Lisa Barrington",
            published="2016-12-10T08:30:00+00:00",
        ),
    )
    graph.add_node(
        STATEMENT,
        **node(
            STATEMENT,
            kind=KIND_PAGE,
            outlet="mod.gov.sy",
            title="Statement of the General Command of the Army",
            published="2016-12-10",
            language="ar",
            depth=2,
        ),
    )
    graph.add_node(
        GOVERNOR,
        **node(
            GOVERNOR, kind=KIND_SOCIAL, outlet="twitter.com", outlet_name="X (formerly Twitter)"
        ),
    )
    graph.add_node(
        DEAD,
        **node(DEAD, kind=KIND_UNREACHABLE, outlet="southfront.org", status="404", language=""),
    )
    graph.add_node(
        WAIVER,
        **node(
            WAIVER,
            kind=KIND_DOCUMENT,
            outlet="archives.gov",
            title="Presidential Memorandum -- Delegation of Authority Under Section 506(a)(1)",
            published="2016-12-08",
            archived_from="https://web.archive.org/web/20161209031500/" + WAIVER,
        ),
    )
    graph.add_node(
        UNVISITED,
        **node(UNVISITED, kind=KIND_UNVISITED, outlet="almasdarnews.com", status="", depth=2),
    )

    graph.add_edge(ORIGINAL, ROOT, key=0, **republication("credit-line+text-reuse", 0.97))
    graph.add_edge(
        NEWS, ROOT, key=0, **citation("c1", CLAIM_REPORTED, "reported", "reported", 0.82)
    )
    graph.add_edge(
        NEWS, ROOT, key=1, **citation("c4", CLAIM_MIDDLE_EAST, "reported", "reported", 0.31)
    )
    graph.add_edge(GOVERNOR, ROOT, key=0, **citation("c2", CLAIM_SAID, "said", "said", 0.9))
    graph.add_edge(DEAD, ROOT, key=0, **citation("c3", CLAIM_KILLED, "killed", "killed", None))
    graph.add_edge(WAIVER, ROOT, key=0, **citation("c5", CLAIM_WAIVED, "waived", "waived", 0.88))
    graph.add_edge(UNVISITED, ROOT, key=0, **citation("c6", CLAIM_SET_UP, "set up", "", None))
    graph.add_edge(
        STATEMENT,
        NEWS,
        key=0,
        **citation(
            "c1", "According to the Syrian army, fighters exceeded 4,000.", "said", "said", 0.77
        ),
    )
    graph.add_edge(
        NEWS,
        ORIGINAL,
        key=0,
        **citation("o1", CLAIM_REPORTED, "reported", "reported", 0.8),
    )
    graph.graph["roots"] = [ROOT]
    graph.graph["claims"] = [claim_row(claim) for claim in sample_claims()]
    return graph


def sample_outlets() -> nx.DiGraph:
    """The outlet graph of :func:`sample_graph`, as the outlet aggregation would give it:
    one node per outlet, one edge per outlet pair with counts."""
    documents = sample_graph()
    outlets = nx.DiGraph()
    for _, data in sorted(documents.nodes(data=True)):
        outlet = data["outlet"]
        if outlet not in outlets:
            outlets.add_node(
                outlet,
                articles=0,
                outlet_name=data["outlet_name"],
                first_published="",
                root=False,
            )
        attributes = outlets.nodes[outlet]
        attributes["articles"] += 1
        attributes["root"] = attributes["root"] or data["root"]
        published = data["published"][:10]
        if published and (
            not attributes["first_published"] or published < attributes["first_published"]
        ):
            attributes["first_published"] = published
    for source, target, data in documents.edges(data=True):
        pair = (documents.nodes[source]["outlet"], documents.nodes[target]["outlet"])
        if not outlets.has_edge(*pair):
            outlets.add_edge(*pair, weight=0, citations=0, republications=0)
        counts = outlets.edges[pair]
        counts["weight"] += 1
        if data["kind"] == EDGE_REPUBLICATION:
            counts["republications"] += 1
        else:
            counts["citations"] += 1
    return outlets


HOSTILE_TITLE = (
    "\x00\x01Palmyra\x0b\x0c </script><script>alert('x')</script> & <b>bold</b> "
    '"quoted" 🚀🇸🇾 \u202eRTL override\u202c \u200f\u200e \ufeff\ufffe\uffff tail\r\n'
)
HOSTILE_CLAIM = (
    'He said, "it\'s over"\r\nthen\tleft;\x1b[31m red \x7f, commas, , and \u2028 lines\u2029 '
    "عربى \ud83d (a lone surrogate)"
)


def hostile_graph() -> nx.MultiDiGraph:
    """A two-document graph whose every text holds what a hostile or broken page could:
    C0 controls, NUL, markup, emoji, bidi marks, non-characters, a lone surrogate."""
    graph = nx.MultiDiGraph()
    cited = 'https://example.org/\u0627\u0644\u062e\u0628\u0631?q="x"&y=<z>'
    citing = "https://example.com/a\x07b"
    graph.add_node(
        citing,
        **node(
            citing,
            outlet="example.com",
            outlet_name="Ex & <Co> \x02",
            title=HOSTILE_TITLE,
            authors="A \x03; B\u202e",
            published="2016-12-10T08:30:00+00:00",
            depth=0,
            root=True,
            aliases="https://example.com/a?utm_source=\x00",
        ),
    )
    graph.add_node(
        cited,
        **node(cited, outlet="example.org", title="\x1f", published="not a date 2016"),
    )
    graph.add_node(
        "https://example.com/ab",
        **node("https://example.com/ab", outlet="example.com", title="", published="2016-02-30"),
    )
    graph.add_edge(cited, citing, **citation("c\x001", HOSTILE_CLAIM, "said\x0c", "said", 0.5))
    graph.add_edge(cited, citing, **citation("c2", HOSTILE_TITLE, HOSTILE_TITLE, "", None))
    graph.add_edge("https://example.com/ab", citing, **republication("json-ld\x00", float("nan")))
    graph.graph["roots"] = [citing]
    graph.graph["claims"] = [
        {
            "claim_id": "c\x001",
            "citing_url": citing,
            "claim": HOSTILE_CLAIM,
            "anchor": "said\x0c",
            "cue": "said",
            "cited_url": cited,
            "status": STATUS_PRIMARY,
            "origin_urls": cited,
            "hops": "1",
            "chain": f"{cited} {citing}",
            "passages": [{"url": cited, "support": 0.5, "passage": HOSTILE_TITLE}],
        }
    ]
    return graph
