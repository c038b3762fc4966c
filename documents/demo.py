"""Render some demo documents right away (the rest are queued for the worker): the PDFs of the
final agreements and one case file, so `make run` shows ready documents at once."""

from cases.models import Case

from .models import Document
from .services import document_render, document_request


def seed(ctx) -> None:
    queued = list(Document.objects.filter(state=Document.State.QUEUED).values_list("pk", flat=True))
    for document_id in queued[:6]:
        document_render(document_id=document_id)
    settled = Case.objects.filter(agreements__status="effective").order_by("pk").first()
    if settled is not None:
        for audience in ("internal", "applicant"):
            document = document_request(
                case=settled,
                kind=Document.Kind.CASE_FILE,
                audience=audience,
                actor=ctx.users["mediator"],
            )
            document_render(document_id=document.pk)
    ctx.counts["documents.Document"] = Document.objects.count()
