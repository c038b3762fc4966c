import segno


def qr_svg_data_uri(text: str, *, scale: int = 4) -> str:
    """A QR code as an SVG data: URI, for pages and PDFs alike (no file, no network)."""
    return segno.make(text, error="m").svg_data_uri(scale=scale, border=2)
