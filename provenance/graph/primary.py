"""Which documents are primary sources: the statement itself, not a report of it.

Official documents and statements (government, military and intergovernmental domains,
and documents such as PDFs), social posts and videos. The domain lists are data; users
add their own with ``Settings.primary_domains``.
"""

from __future__ import annotations

from provenance.models import KIND_DOCUMENT, KIND_MEDIA, KIND_SOCIAL
from provenance.urls import host_of, outlet_of

# Second-level labels that mark a government namespace under a country code
# (gov.uk, gouv.fr, gob.mx, go.jp, govt.nz, gv.at, mil.ru, ...).
GOVERNMENT_LABELS = frozenset(
    {"gov", "gouv", "gob", "go", "govt", "gv", "mil", "admin", "government"}
)
# Top-level domains reserved to governments and treaty organisations.
GOVERNMENT_TLDS = frozenset({"gov", "mil", "int"})
# Intergovernmental and public bodies outside those namespaces.
INSTITUTION_DOMAINS = frozenset(
    {
        "un.org",
        "europa.eu",
        "icrc.org",
        "worldbank.org",
        "imf.org",
        "oecd.org",
        "osce.org",
        "coe.int",
        "ohchr.org",
        "unhcr.org",
        "unicef.org",
        "opcw.org",
        "iaea.org",
    }
)
PRIMARY_KINDS = frozenset({KIND_DOCUMENT, KIND_MEDIA, KIND_SOCIAL})


def is_official(url: str, extra_domains: tuple[str, ...] = ()) -> bool:
    host = host_of(url)
    labels = host.split(".")
    if not host or len(labels) < 2:
        return False
    outlet = outlet_of(url)
    if outlet in INSTITUTION_DOMAINS or outlet in extra_domains or host in extra_domains:
        return True
    if labels[-1] in GOVERNMENT_TLDS:
        return True
    return len(labels) >= 3 and labels[-2] in GOVERNMENT_LABELS


def is_primary(url: str, kind: str, extra_domains: tuple[str, ...] = ()) -> bool:
    return kind in PRIMARY_KINDS or is_official(url, extra_domains)
