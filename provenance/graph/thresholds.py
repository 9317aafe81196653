"""Every number the analysis decides by, with the measurement behind its value.

``benchmarks/thresholds.py`` prints the precision/recall curve of each one, on labelled
pairs from the two test webs (the bundled sample and ``tests/web2``) and from synthetic
news-length documents (``benchmarks/reuse.py``: planted copies against independent
stories on the same topic). The figures quoted below are from that script; the tests
pin floors that keep them (``tests/test_analysis_*.py``). No rule names a site.
"""

from __future__ import annotations

# --- Text reuse: sketches -------------------------------------------------------------

SHINGLE_WORDS = 5
"""Words per shingle. Five-word runs rarely repeat by chance between independent news
texts on one topic (stock phrases are shorter), yet survive light editing: one changed
word breaks only five shingles. Same-topic stories share a median Jaccard of 0.000 (0.037
when they quote the same statement) at this length."""
NUM_PERM = 128
"""MinHash bins per signature: the standard error of a Jaccard estimate is about
1/sqrt(128) = 0.09, enough to propose candidates that are then verified exactly; and
the bins hold the 42 bands of 3 below."""
LSH_BANDS = 42
LSH_ROWS = 3
"""Banding of the signature: two documents that agree on all 3 bins of any of 42 bands
are candidates (the S-curve's midpoint is near Jaccard 0.29). Measured on 20,000
synthetic documents, share of true pairs proposed:

=========  =========  =========  =========  =========  ==========
bands x r  J 0.4-0.5  J 0.5-0.6  J 0.6-0.7  J >= 0.7   candidates
=========  =========  =========  =========  =========  ==========
32 x 4     0.726      0.939      0.997      1.000      4,117
42 x 3     0.981      0.997      1.000      1.000      5,904
64 x 2     1.000      1.000      1.000      1.000      7,686
=========  =========  =========  =========  =========  ==========

42 x 3 finds every pair at the issue's target (Jaccard >= 0.6) and nearly all from 0.4,
for 30% fewer candidates than 64 x 2; pairs below 0.4 come from the samples."""
SAMPLE_RATE = 8
"""Containment samples keep the shingles whose hash is in the lowest eighth of the space
(about 90 of a 700-word text). An excerpt at containment 0.7 of even an 80-shingle
text then shares about seven samples with its source, well above MIN_SHARED_SAMPLES."""
MIN_SHARED_SAMPLES = 2
SAMPLE_CONTAINMENT = 0.2
"""Two documents sharing at least 2 samples, and at least a fifth of the smaller one's
samples, are candidates. On 20,000 synthetic documents: every rule tried keeps excerpt
recall at 0.992 (the rest are excerpts under MIN_SHINGLES); for heavily edited copies
(Jaccard 0.15-0.4, which banding misses) recall is 1.000 at a share of 0.1, 0.998 at
0.2 and 0.959 at 0.3, for 7,883 / 7,811 / 7,493 candidates; one shared sample alone
would propose 360,835."""
MAX_SAMPLE_POSTINGS = 64
"""A sampled shingle found in more than 64 documents is boilerplate and proposes no
pairs (without a cap the pairs grow with the square of its documents). Recall moves by
0.001 between caps of 16 and 256; copies of one story in more than 64 outlets are still
found, by banding."""

# --- Text reuse: decisions ------------------------------------------------------------

REUSE_JACCARD = 0.15
"""Shingle Jaccard at or above which two texts are one text edited. Synthetic copies
edited 5-30% or re-headlined against same-topic stories, half of them quoting the same
statement: precision 0.994 / recall 1.000 at 0.10, 1.000 / 1.000 at 0.12 and 0.15,
1.000 / 0.992 at 0.20, 1.000 / 0.873 at 0.30. On the two test webs every pair of
documents of different outlets is right at any value from 0.1 to 0.4 (highest
non-republication pair 0.058, lowest republication 0.688)."""
REUSE_CONTAINMENT = 0.7
"""Share of the smaller text's shingles inside the larger at or above which the smaller
is an excerpt or a trimmed copy. Synthetic excerpts (a run of 20-60% of the paragraphs)
against same-topic items quoting the same statement: precision 0.971 at 0.5, 0.998 at
0.6, 1.000 from 0.7, recall 1.000 throughout. Together with REUSE_JACCARD: precision
1.000, recall 1.000 on 2,400 synthetic pairs of every kind, and on the test webs."""
MIN_SHINGLES = 80
"""Texts of fewer shingles (about 85 words) are not compared. Short items on one event
that quote the same sentence look like copies of each other: precision of the reuse
rule among pairs whose texts both have at least n shingles is 0.684 at 30, 0.896 at 60,
0.989 at 80. A statement, a caption or a standfirst is too short to tell."""
EXCERPT_SIZE_RATIO = 0.9
"""When dates cannot order a contained pair, the smaller text is taken as the excerpt
(the copy) only if it is at most 0.9 times the larger. Among pairs above
REUSE_CONTAINMENT, excerpts against edited copies of about the same length (whose sizes
say nothing): precision 1.000 up to 0.9 (recall 0.987), 0.984 at 0.95."""
ALIAS_JACCARD = 0.6
"""Two crawled documents of one outlet at or above this Jaccard are one document (AMP,
print, mobile or tracking variants without a canonical link) and are merged. Variants
that drop a paragraph or add a print footer score 0.698 at least (median 0.885);
follow-up stories of the same outlet that reuse background paragraphs score 0.360 at
most (median 0.144). 0.6 sits in that gap: precision and recall 1.000 from 0.5 to 0.6,
recall 0.903 at 0.8."""
VARIANT_HOST_LABELS = frozenset({"m", "mobile", "amp", "print"})
VARIANT_PATH_SEGMENTS = frozenset({"amp", "print", "mobile", "printable"})
VARIANT_QUERY_KEYS = frozenset({"amp", "print", "output", "view", "mobile", "outputtype"})
"""URL marks of a variant view, counted to choose which name of a merged document is
kept: the one with fewest marks (then the root, the shallowest, the shortest)."""

# --- Claim support --------------------------------------------------------------------

SUPPORT_THRESHOLD = 0.28
"""Support below which a cited page is said not to carry the claim. On 270 labelled
(claim, page) pairs of the two test webs (66 supporting, 204 not, most on the same
story; ``benchmarks/support_labels.json``): precision 0.942 / recall 0.985 at 0.26,
1.000 / 0.985 at 0.28, 1.000 / 0.970 at 0.30, 1.000 / 0.894 at 0.35. The highest page
that does not support its claim scores 0.275 and the lowest supporting page but one
0.293: 0.28 is in that gap. Area under the ROC curve 0.999."""
PASSAGE_SENTENCES = 3
"""Sentences per candidate passage: a claim is usually restated within a sentence or
two; three allow for a quote spread over a lead-in and the quote. Accuracy at the
threshold on the labelled pairs: 0.993 with 1, 0.996 with 2 to 4, 0.993 with 5."""
MISSING_EVENT_PENALTY = 0.5
"""Support is multiplied by this when the claim's linked event verb ("killed", "set up",
"waived") is absent from the passage: the link sources that very act. The labelled pairs
do not move with it (AUC 0.9986-0.9987 from 1.0 to 0.3); it is kept for claims whose
event is the only thing the citing and cited pages disagree on."""
HEDGE_PENALTY = 0.25
"""Support is multiplied by this when a sentence of the passage says the matter is unknown
or denied (``support.HEDGE_PATTERN``) and the claim does not: below SUPPORT_THRESHOLD
whatever the overlap, since "the town hall denied that 300 residents were evacuated"
shares every word of the claim it denies. Single sentences are scored first, so a
supporting sentence next to a hedged one still supports. The labelled pairs do not move
between 1.0 and 0.25 (AUC 0.9987, accuracy 0.996); the generated webs' hedged
same-story pages (tests/webgen.py) and tests/web3's inquiry page need it."""
NUMBER_WEIGHT = 2.0
"""Numbers in a claim weigh double: "300 militants" is the checkable part. The labelled
pairs do not move between 1 and 3 (AUC 0.9987); MISSING_NUMBER_PENALTY does the work."""
MISSING_NUMBER_PENALTY = 0.5
"""Support is multiplied by this when none of the claim's numbers is in the passage
(days of dates excepted). AUC 0.9977 without it (1.0), 0.9987 at 0.5; accuracy at the
threshold 0.993 and 0.996."""
PAIR_WEIGHT = 0.5
"""Weight of the pair share (neighbouring claim words found near each other) against
the weighted word coverage. Accuracy at the threshold on the labelled pairs: 0.911 with
coverage alone (0.0), 0.974 at 0.3, 0.996 at 0.5, 0.978 at 0.7, 0.974 with pairs alone."""
PAIR_DISTANCE = 3
"""Content words at most this far apart in a passage count as near: accuracy 0.993 at 1
and 2, 0.996 from 3 to 8; 3 allows an adjective or a name between the two words."""
WIDER_PASSAGE_GAIN = 0.05
"""A passage one sentence longer must raise support by more than this to be preferred:
the view shows the tightest passage that carries the claim. Accuracy 0.996 from 0.0 to
0.1, 0.993 at 0.2."""

# --- Support across languages ---------------------------------------------------------

MIN_SCRIPT_LETTERS = 20
"""Letters a text needs before its writing system is read from it: a sentence of a few
words in a Latin-script page ("Reuters", "IS") says nothing about the page's script.
Twenty letters is about four words."""
SCRIPT_SHARE = 0.6
"""Share of a text's letters one script must hold to be the text's script. Russian or
Arabic news pages hold 0.9 and more of their letters in Cyrillic or Arabic even with
Latin-script names and URLs in them; a text mixing two scripts evenly has none."""
