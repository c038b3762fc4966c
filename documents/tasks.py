from celery import shared_task


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def document_render_task(self, document_id: int) -> str:
    """Render one requested document; safe to run twice (see documents.services).

    The message is acknowledged only when the render is over. A worker killed mid-render
    leaves it unacknowledged: the broker hands it to another worker (a pool process lost
    at once, a whole worker after the visibility timeout), marked redelivered, and that run
    takes over the row the dead one left in "rendering"."""
    from .services import document_render

    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    return document_render(document_id=document_id, takeover=redelivered)


@shared_task
def documents_requeue() -> int:
    from .services import documents_requeue_stale

    return documents_requeue_stale()
