"""A document's performance tables into the warehouse, inside the document's own load transaction."""
from __future__ import annotations

from sqlalchemy import Connection, insert

from etl.records import ExtractedDocument
from models import DocumentTable, PerformanceEvaluation, PerformanceFund, PerformanceIndicator


def insert_performance(conn: Connection, doc: ExtractedDocument, document_id: int) -> None:
    """Each evaluation with its amounts and indicators; a table not read exactly is listed with the reason."""
    for e in doc.performance:
        evaluation_id = conn.scalar(insert(PerformanceEvaluation).values(
            document_id=document_id, phase=e.phase, scope=e.scope, project=e.project,
            implementing_unit=e.implementing_unit, title=e.title, total_score=e.total_score, grade=e.grade,
            source_page=e.page, note="; ".join(e.notes) or None).returning(PerformanceEvaluation.id))
        if e.funds:
            conn.execute(insert(PerformanceFund), [
                dict(evaluation_id=evaluation_id, fund_line=f.fund_line, breakdown=f.breakdown, measure=f.measure,
                     amount=f.amount, source_page=f.page) for f in e.funds])
        if e.indicators:
            conn.execute(insert(PerformanceIndicator), [
                dict(evaluation_id=evaluation_id, level1=i.level1, level2=i.level2, indicator=i.indicator,
                     target=i.target, adjusted_target=i.adjusted_target, actual=i.actual, weight=i.weight,
                     score=i.score, deviation=i.deviation, source_page=i.page) for i in e.indicators])
    if doc.performance_unread:
        conn.execute(insert(DocumentTable), [
            dict(document_id=document_id, table_key=t.table_key, title=t.title, first_page=min(t.pages),
                 last_page=max(t.pages), unit=t.unit, fact_count=0, note=t.note, status=t.status)
            for t in doc.performance_unread])
