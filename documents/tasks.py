from celery import shared_task


@shared_task(acks_late=True)
def document_render_task(document_id: int) -> str:
    """Render one requested document; safe to run twice (see documents.services)."""
    from .services import document_render

    return document_render(document_id=document_id)


@shared_task
def documents_requeue() -> int:
    from .services import documents_requeue_stale

    return documents_requeue_stale()
