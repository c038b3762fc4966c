"""The disclosure board (信息公示): public pages, no login, for residents on their phones; and the
printable posters with a QR code for the compound's notice board, for staff."""

from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.pdf import render_pdf
from core.qr import qr_svg_data_uri
from mediators.access import org_object_get_for_user, org_scope_for, require_perm

from .selectors import Board, board_for_compound, boards_for_street, compound_search


def complaint_path(code: str) -> str:
    """The complaint form, already set to this compound."""
    return f"{reverse('intake:complaint-new')}?{urlencode({'compound': code})}"


def board_search(request):
    """Find one's compound by its name or address."""
    query = request.GET.get("q", "").strip()
    results = compound_search(query) if query else None
    return render(request, "grids/board_search.html", {"query": query, "results": results})


def board_detail(request, code: str):
    board = board_for_compound(code)
    if board is None:
        raise Http404
    context = {"board": board, "complaint_url": complaint_path(code)}
    return render(request, "grids/board.html", context)


def _render_posters(request, boards: list[Board]) -> bytes:
    """The posters are for residents: always in Chinese, whatever language the staff member
    reads the site in. The QR code holds the absolute address of the complaint form."""
    posters = []
    for board in boards:
        url = request.build_absolute_uri(complaint_path(board.compound.code))
        posters.append({"board": board, "complaint_url": url, "qr": qr_svg_data_uri(url)})
    today = timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        issued = _("%(year)d-%(month)d-%(day)d") % {
            "year": today.year,
            "month": today.month,
            "day": today.day,
        }
        return render_pdf("grids/poster.html", {"posters": posters, "issued_label": issued})


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    # RFC 6266/5987: Chinese file names survive in every browser.
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def poster_pdf(request, code: str):
    """One compound's A4 poster. For staff: posters are printed and put up by the community
    workstation, and a PDF costs far more to make than a page (the board itself is public)."""
    require_perm(request.user, "grids.view_compound")
    board = board_for_compound(code)
    if board is None:
        raise Http404
    pdf = _render_posters(request, [board])
    return _pdf_response(pdf, f"信息公示-{board.compound.name}.pdf")


# A poster takes about half a second to lay out: a street's PDF comes in parts of this many
# compounds so that one request stays well inside the web server's timeout.
POSTERS_PER_PDF = 40


def street_poster_parts(compound_count: int) -> list[tuple[int, int, int]]:
    """(part, first, last) of a street's poster PDFs, numbered from 1."""
    return [
        (part + 1, start + 1, min(start + POSTERS_PER_PDF, compound_count))
        for part, start in enumerate(range(0, compound_count, POSTERS_PER_PDF))
    ]


@login_required
def street_posters_pdf(request, code: str):
    """Every compound's poster of a street, one A4 page each, in one PDF to print (in parts
    of POSTERS_PER_PDF compounds: ?part=2 for the next)."""
    street = org_object_get_for_user(
        user=request.user,
        perm="grids.view_compound",
        queryset=org_scope_for(request.user).streets(),
        code=code,
    )
    part = request.GET.get("part", "1")
    # checked as text first: int() of 5,000 digits is a ValueError, and a part of 10^30 an
    # OFFSET PostgreSQL cannot hold (issue 19, item 8)
    if not (part.isascii() and part.isdigit() and len(part) <= 6 and int(part) > 0):
        return HttpResponseBadRequest(
            _("The part must be a number from 1 to %(max)d.") % {"max": 999999},
            content_type="text/plain; charset=utf-8",
        )
    part = int(part)
    boards = boards_for_street(street, start=(part - 1) * POSTERS_PER_PDF, count=POSTERS_PER_PDF)
    if not boards:
        raise Http404
    pdf = _render_posters(request, boards)
    suffix = f"-{part}" if part > 1 else ""
    return _pdf_response(pdf, f"信息公示-{street.name}{suffix}.pdf")
