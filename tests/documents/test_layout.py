"""The printed pages' layout, read from WeasyPrint's boxes: nothing runs past the right margin,
and each line of a multi-line text is a paragraph of its own with the paragraph indent."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint.formatting_structure import boxes

from core import pdf
from documents.rendering import STYLESHEETS, build_agreement
from documents.templatetags.documents_tags import paragraphs

from .test_rendering import finalise

TERMS = "一、物业公司按公示标准收取停车费，不得擅自上调。\n二、申请人按规定位置停放车辆。\n\n三、双方不再就本纠纷另行主张权利。"


@pytest.fixture
def laid_out_agreement(town, grid_case, django_capture_on_commit_callbacks):
    """The HTML of an agreement with three clauses and an instalment schedule, and its pages."""
    _agreement, document = finalise(
        grid_case, town.a.grid_mediator, django_capture_on_commit_callbacks, terms=TERMS
    )
    with translation.override("zh-hans"):
        template, context = build_agreement(document)
        html = render_to_string(template, context)
    return html, pdf.layout_html(html, stylesheets=STYLESHEETS)


def past_the_right_margin(layout) -> list[tuple]:
    """(page, tag, points past the margin) of every box of the pages' content whose border
    edge lies right of the content area (the running header and page number are margin boxes,
    outside the content by design)."""
    found = []
    for number, page in enumerate(layout.pages, 1):
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width
        for child in page_box.children:
            if isinstance(child, boxes.MarginBox):
                continue
            for box in child.descendants():
                edge = box.border_box_x() + box.border_width()
                if edge > right + 0.5:
                    found.append((number, getattr(box, "element_tag", "?"), round(edge - right)))
    return found


def test_the_agreement_and_its_schedule_stay_inside_the_margins(laid_out_agreement):
    html, layout = laid_out_agreement
    assert 'class="schedule"' in html  # the instalments' table is on the page
    assert past_the_right_margin(layout) == []


def test_each_clause_is_its_own_indented_paragraph(laid_out_agreement):
    html, _layout = laid_out_agreement
    for clause in ["一、物业公司", "二、申请人", "三、双方"]:
        assert f'<p class="prose">{clause}' in html


def test_paragraphs_escape_each_line_and_drop_blank_ones():
    assert paragraphs("甲 <b>乙</b>\n\n  \n丙") == (
        '<p class="prose">甲 &lt;b&gt;乙&lt;/b&gt;</p><p class="prose">丙</p>'
    )
    assert paragraphs("") == "" and paragraphs(None) == ""
