"""D4-style documents for the import tests, written as real files: Word by python-docx, PDF printed by
Chromium (as a D4 export is printed by Word) or built by pypdf (pages of plain lines, and the damaged kinds).

FICTITIOUS: the guidelines below are written for the tests. They imitate how hospital guidelines are
laid out and worded (a header with the DokID, a table of metadata, numbered sections), not what any
hospital prescribes.
"""

from __future__ import annotations

import html
from pathlib import Path

import docx
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

# A nurse instruction that repeats the hæmokromatose pathway's description of the venesection phase
# in other words (pathways/gastroenterologi-hepatologi/haemokromatose.yaml, faser[1].beskrivelse),
# with a lower treatment target, inside a long text about something else.
PARAPHRASE = (
    "Den primære behandling består af venesectio, som inddeles i to faser, nemlig en tapningsfase og en "
    "vedligeholdelsesfase. Venesectio udføres for at nedsætte jernniveauet i patientens krop, uden at der "
    "opstår anæmi. Tapningsfasen fortsætter, indtil ferritin er kommet under 50 µg/L."
)
FILLER = [
    "Sygeplejersken kontrollerer identiteten med to uafhængige identifikatorer, før proceduren begynder.",
    "Kanylen anlægges i en albuevene efter huddesinfektion med klorhexidinsprit, som skal tørre i 30 sekunder.",
    "Der tappes 450 ml fuldblod over cirka ti minutter, mens patienten ligger ned på lejet.",
    "Blodet kasseres efter gældende retningslinje for risikoaffald og registreres i journalen.",
    "Efter tapningen observeres patienten i femten minutter for svimmelhed, bleghed og kvalme.",
    "Patienten opfordres til at drikke rigeligt den resterende del af dagen og undgå tunge løft.",
    "Ved besvimelse lejres patienten med eleverede ben, og den ansvarlige læge tilkaldes.",
    "Udstyret rengøres med overfladedesinfektion efter hver patient, og lejet skiftes.",
]
# The same domain's words about another diagnosis: not a copy of anything in the pathway.
LOOK_ALIKE = (
    "Patienter med jernmangelanæmi behandles med peroralt jerntilskud i tre måneder. Ferritin og hæmoglobin "
    "kontrolleres efter tre måneder hos egen læge. Ved manglende effekt eller bivirkninger gives intravenøst "
    "jern i medicinsk dagafsnit, og kroppens jerndepoter genopbygges over nogle måneder."
)


def guideline_paragraphs(*inserted: str, filler_rounds: int = 6) -> list[str]:
    """A long body: numbered sections of procedure text with the given paragraphs in the middle."""
    body = []
    for n in range(filler_rounds):
        body.append(f"{n + 1}. Procedure, del {n + 1}")
        body.append(" ".join(FILLER[(n + k) % len(FILLER)] for k in range(5)))
        if n == filler_rounds // 2:
            body += list(inserted)
    return body


def write_docx(
    path: Path,
    *,
    title: str,
    header: str,
    metadata: dict[str, str],
    paragraphs: list[str],
) -> Path:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = header
    document.add_heading(title, 0)
    table = document.add_table(rows=len(metadata), cols=2)
    for row, (label, value) in zip(table.rows, metadata.items(), strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    for p in paragraphs:
        document.add_paragraph(p)
    document.save(str(path))
    return path


def guideline_html(*, title: str, header: str, metadata: dict[str, str], paragraphs: list[str]) -> str:
    rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in metadata.items())
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html lang='da'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        "<style>body{font:12pt 'DejaVu Sans',sans-serif;margin:0} p{margin:0 0 10pt}</style></head>"
        f"<body><p>{html.escape(header)}</p><h1>{html.escape(title)}</h1><table>{rows}</table>{body}</body></html>"
    )


def print_pdf(browser: object, html_text: str, path: Path) -> Path:
    """The HTML printed to A4 by Chromium (a Playwright Browser), as a real PDF export would be."""
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.set_content(html_text, wait_until="load")
        page.pdf(path=str(path), format="A4", margin={"top": "20mm", "bottom": "20mm", "left": "20mm", "right": "20mm"})
    finally:
        page.close()
    return path


def scanned_pdf(path: Path) -> Path:
    """A PDF whose pages are pictures: no text layer (here: an empty page, which reads the same)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def encrypted_pdf(source: Path, path: Path) -> Path:
    """The source PDF protected by a password for opening."""
    writer = PdfWriter(clone_from=str(source))
    writer.encrypt(user_password="hemmelig", owner_password="hemmelig", algorithm="AES-256")
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def text_pdf(
    path: Path,
    pages: list[list[str]],
    *,
    title: str | None = None,
    password: str | None = None,
    properties: bool = True,
) -> Path:
    """A PDF with a text layer built by pypdf: each page its lines in Helvetica (Windows-1252, so Danish
    letters and µ read back as written); the title in its properties (properties=False: no document
    information at all, as some tools write); protected by `password` for opening when given (""
    protects it without one, as some exports do)."""
    writer = PdfWriter()
    if not properties:
        writer.metadata = None
    font = {
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    }
    for lines in pages:
        page = writer.add_blank_page(width=595, height=842)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): DictionaryObject(font)})}
        )
        shown = "".join(f"({_pdf_string(line)}) Tj T*\n" for line in lines)
        content = DecodedStreamObject()
        content.set_data(f"BT /F1 11 Tf 14 TL 56 780 Td\n{shown}ET".encode("cp1252"))
        page.replace_contents(content)
    if title is not None:
        writer.add_metadata({"/Title": title})
    if password is not None:
        writer.encrypt(user_password=password, owner_password="ejer", algorithm="AES-256")
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def _pdf_string(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
