"""A report published as two files (tables-only + narrative-only) is linked as one report."""
import psycopg
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from samples import SyntheticDisclosure, write_disclosure_pdf
from warehouse.cli import main


def write_narrative(path, department: str, year: int) -> None:
    """A narrative-only companion: cover and text that name the tables, but no table."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("STSong-Light", 16)
    for y, line in ((760, department), (730, f"{year}年度部门决算公开"), (690, "第二部分 部门决算表"),
                    (660, "一、收入支出决算总表"), (630, "二、收入决算表"), (600, "公开表附后，此处为情况说明。")):
        pdf.drawString(72, y, line)
    pdf.save()


def test_narrative_and_tables_are_one_report(database_url, tmp_path):
    spec = SyntheticDisclosure("示例县审计局", 2023)
    write_disclosure_pdf(spec, tmp_path / "tables.pdf")
    write_narrative(tmp_path / "narrative.pdf", "中共示例县审计局", 2023)  # the halves name it a little differently
    main(["load", str(tmp_path / "narrative.pdf")])
    main(["load", str(tmp_path / "tables.pdf")])
    with psycopg.connect(database_url) as conn:
        rows = dict(conn.execute(
            "select d.file_name, (select file_name from warehouse.source_document c where c.id = d.companion_id) "
            "from warehouse.source_document d").fetchall())
        reason = conn.execute("select reason from warehouse.source_document where file_name = 'narrative.pdf'").fetchone()[0]
    assert rows == {"narrative.pdf": "tables.pdf", "tables.pdf": "narrative.pdf"}
    assert reason.startswith("no standard tables")


def test_unrelated_documents_are_not_linked(database_url, tmp_path):
    write_disclosure_pdf(SyntheticDisclosure("示例县审计局", 2023), tmp_path / "tables.pdf")
    write_narrative(tmp_path / "narrative.pdf", "示例市教育局", 2023)
    main(["load", str(tmp_path)])
    with psycopg.connect(database_url) as conn:
        assert conn.execute("select count(*) from warehouse.source_document where companion_id is not null"
                            ).fetchone()[0] == 0
