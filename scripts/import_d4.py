"""Import D4 documents into the register: `python scripts/import_d4.py FIL|MAPPE ...`.

Reads Word (.docx), PDF, HTML and text files exported from D4. Each document becomes its own register
file, pathways/_registre/d4/<DokID>.yaml, with its full text beside it (<DokID>.txt), marked as
machine-extracted until the working group has checked it. Importing a document again updates its
entry and keeps the working group's recommendation and SFR's approval.

Exit 0 when every file was imported; 1 when one or more were refused (the others are imported,
each refusal named on its own line); 2 on a wrong request.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from forloeb.d4import.importer import Imported, Options, documents, import_documents
from forloeb.load.catalog import load_catalog
from forloeb.load.layout import Layout
from forloeb.load.loader import display_path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Importér kliniske retningslinjer fra D4 (Word, PDF, HTML eller tekst) til bruttolisten."
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="FIL|MAPPE", help="filer eller mapper med filer")
    parser.add_argument("--dokid", help="DokID, når dokumentet ikke selv nævner det (kun ved én fil)")
    parser.add_argument("--speciale", help="specialets id, når det ikke kan udledes af dokumentets diagnosekoder")
    parser.add_argument("--matrikel", help="sygehuset, når dokumentet ikke nævner det")
    parser.add_argument("--root", type=Path, default=ROOT, help="repositoriets rod")
    args = parser.parse_args(argv)
    files = documents(args.paths)
    if args.dokid is not None and (len(files) != 1 or not args.dokid.isdigit()):
        parser.error("--dokid gælder kun for én fil og skal være et tal, fx --dokid 248731")
    missing = [p for p in args.paths if not p.exists()]
    try:
        catalog = load_catalog(args.root, strict=False)
        results = import_documents(
            [f for f in files if f not in missing],
            Layout(args.root),
            catalog,
            Options(args.dokid, args.speciale, args.matrikel),
        )
    except Exception as exc:  # never a traceback to a working group
        print(f"intern fejl under importen: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    for p in missing:
        print(f"{p}: fejl: filen eller mappen findes ikke")
    for r in results:
        if isinstance(r, Imported):
            verb = "opdateret" if r.updated else "importeret"
            gaps = f"; dokumentet angiver ikke: {', '.join(r.missing)}" if r.missing else ""
            print(f"{r.source}: {verb} som DokID {r.dokid} i {display_path(r.path)}{gaps}")
        else:
            print(f"{r.source}: fejl: {r.message}")
    refused = len(missing) + sum(not isinstance(r, Imported) for r in results)
    print(f"{len(results) + len(missing) - refused} importeret, {refused} afvist", file=sys.stderr)
    if refused == 0 and results:
        print("Kør python scripts/check_overlaps.py for bruttolisten og overlap afsnit for afsnit.", file=sys.stderr)
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
