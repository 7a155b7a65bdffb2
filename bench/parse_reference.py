"""Reference reading of a PubmedArticleSet with Python's standard xml.etree, for the parse benchmark.

Reads the same fields ScholarTrack's parser reads (ids, titles with markup flattened, journal,
pages, dates, languages, publication types, authors with ORCID and affiliations, grants,
comments/corrections, MeSH, keywords, statuses), the plain way: parse the whole document, then
walk it. Prints one JSON line: timings, peak memory and counts to check both readings agree.

Usage: python3 bench/parse_reference.py FILE [RUNS]
"""

import json
import re
import resource
import statistics
import sys
import time
import xml.etree.ElementTree as ET

SPACES = re.compile(r"[ \t\n\r]+")


def text(element):
    if element is None:
        return None
    value = SPACES.sub(" ", "".join(element.itertext())).strip()
    return value or None


def date(element):
    if element is None:
        return None
    return {
        "year": element.findtext("Year"),
        "month": element.findtext("Month"),
        "day": element.findtext("Day"),
        "season": element.findtext("Season"),
        "medline": element.findtext("MedlineDate"),
    }


def author(element):
    orcid = None
    for identifier in element.findall("Identifier"):
        if (identifier.get("Source") or "").upper() == "ORCID":
            orcid = text(identifier)
            break
    return {
        "last": text(element.find("LastName")),
        "fore": text(element.find("ForeName")),
        "initials": text(element.find("Initials")),
        "suffix": text(element.find("Suffix")),
        "collective": text(element.find("CollectiveName")),
        "orcid": orcid,
        "affiliations": [text(a) for a in element.findall("AffiliationInfo/Affiliation")],
        "equal": element.get("EqualContrib") == "Y",
        "valid": element.get("ValidYN") != "N",
    }


def article(element):
    citation = element.find("MedlineCitation")
    art = citation.find("Article")
    journal = art.find("Journal")
    ids = {a.get("IdType"): text(a) for a in element.findall("PubmedData/ArticleIdList/ArticleId")}
    doi = ids.get("doi")
    if doi is None:
        for location in art.findall("ELocationID"):
            if location.get("EIdType") == "doi" and location.get("ValidYN") != "N":
                doi = text(location)
                break
    pagination = art.find("Pagination")
    pages = None
    if pagination is not None:
        pages = text(pagination.find("MedlinePgn")) or "-".join(
            filter(None, [text(pagination.find("StartPage")), text(pagination.find("EndPage"))])
        )
    electronic = None
    for article_date in art.findall("ArticleDate"):
        if article_date.get("DateType") in (None, "Electronic"):
            electronic = date(article_date)
            break
    return {
        "pmid": text(citation.find("PMID")),
        "doi": doi,
        "pmcid": ids.get("pmc"),
        "title": text(art.find("ArticleTitle")),
        "journal": text(journal.find("Title")),
        "abbreviation": text(journal.find("ISOAbbreviation")),
        "issn": text(journal.find("ISSN")),
        "volume": text(journal.find("JournalIssue/Volume")),
        "issue": text(journal.find("JournalIssue/Issue")),
        "pages": pages,
        "published": date(journal.find("JournalIssue/PubDate")),
        "electronic": electronic,
        "languages": [text(e) for e in art.findall("Language")],
        "types": [text(e) for e in art.findall("PublicationTypeList/PublicationType")],
        "authors": [author(a) for a in art.findall("AuthorList/Author")],
        "grants": [
            {k: text(g.find(k)) for k in ("GrantID", "Acronym", "Agency", "Country")}
            for g in art.findall("GrantList/Grant")
        ],
        "comments": [
            {"type": c.get("RefType"), "pmid": text(c.find("PMID")), "source": text(c.find("RefSource"))}
            for c in citation.findall("CommentsCorrectionsList/CommentsCorrections")
        ],
        "mesh": [text(d) for d in citation.findall("MeshHeadingList/MeshHeading/DescriptorName")],
        "keywords": [text(k) for k in citation.findall("KeywordList/Keyword")],
        "status": citation.get("Status"),
        "publication_status": text(element.find("PubmedData/PublicationStatus")),
    }


def read(data):
    root = ET.fromstring(data)
    return [article(e) for e in root.iter("PubmedArticle")]


def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with open(path, "rb") as handle:
        data = handle.read()
    times = []
    cpu_times = []
    records = []
    for _ in range(runs):
        records = None
        start, start_cpu = time.perf_counter(), time.process_time()
        records = read(data)
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - start_cpu)
    authors = [a for r in records for a in r["authors"]]
    print(
        json.dumps(
            {
                "bytes": len(data),
                "runs": [round(t * 1000) for t in times],
                "best_ms": round(min(times) * 1000),
                "median_ms": round(statistics.median(times) * 1000),
                "best_cpu_ms": round(min(cpu_times) * 1000),
                # ru_maxrss is in kilobytes on Linux.
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "counts": {
                    "articles": len(records),
                    "authors": len(authors),
                    "orcids": sum(1 for a in authors if a["orcid"]),
                    "affiliations": sum(len(a["affiliations"]) for a in authors),
                    "mesh": sum(len(r["mesh"]) for r in records),
                    "dois": sum(1 for r in records if r["doi"]),
                },
            }
        )
    )


if __name__ == "__main__":
    main()
