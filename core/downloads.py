from django.http import FileResponse


def private_file_response(fileobj, *, filename: str, content_type: str) -> FileResponse:
    """Serve a private file: always as a download, never sniffed or rendered by the browser.
    Call it only after the access function has allowed the user to see the file's case."""
    response = FileResponse(
        fileobj, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
