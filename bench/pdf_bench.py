"""How fast the PDF renderer is in a warm worker, and whether its memory stays flat.

    .venv/bin/python bench/pdf_bench.py [--renders 500] [--naive]

Builds a throwaway SQLite database with a two-page agreement (rare names included: 堃 喆 玥 䶮
𠮷 and 𪚥, which only HanaMin draws) and a case whose file has 50 record entries, then renders them through the same code
the Celery task runs (documents.rendering.render_document). Prints the median and p95 wall
and CPU time, and the resident memory every 100 renders. With --naive it also times plain
WeasyPrint on the same HTML with the system's Noto CJK fonts and a fresh font configuration
per document (what the renderer did before the prepared fonts). Results go in
docs/performance.md with the machine and the date.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("REDIS_URL", "")


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def timed(render, n: int) -> tuple[list[float], list[float], int]:
    walls, cpus, pages = [], [], 0
    for _ in range(n):
        wall, cpu = time.perf_counter(), time.process_time()
        _content, pages = render()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus, pages


def ms(values, q):
    return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else values[0]


def figures(walls: list[float]) -> dict:
    """The median and p95 in the shape bench/run.py prints."""
    return {"median_ms": statistics.median(walls) * 1000, "p95_ms": ms(walls, 95)}


def report(label: str, walls: list[float], cpus: list[float], pages: int) -> None:
    print(
        f"{label:<34} pages={pages:<3} n={len(walls):<4} "
        f"wall median {statistics.median(walls) * 1000:6.1f} ms  p95 {ms(walls, 95):6.1f} ms   "
        f"cpu median {statistics.median(cpus) * 1000:6.1f} ms  p95 {ms(cpus, 95):6.1f} ms"
    )


def build_data():
    from django.db import connection

    connection.creation.create_test_db(verbosity=0)
    from cases.models import CaseEvent, Party
    from cases.services.record import event_record
    from documents.models import Document
    from documents.services import document_request
    from tests.conftest import build_street
    from tests.factories.agreements import case_in_mediation, fee_lines, finalise, make_draft
    from tests.factories.cases import make_case

    street = build_street()
    case = make_case(compound=street.compound, registered_by=street.grid_worker)
    for name in ("王堃", "刘䶮", "吉𠮷"):
        Party.objects.create(case=case, side="applicant", name=name)
    case_in_mediation(case, worker=street.grid_worker, mediator=street.grid_mediator)
    agreement = make_draft(
        case,
        actor=street.grid_mediator,
        lines=fee_lines(case),
        facts="申请人因物业费欠缴与物业公司发生纠纷，物业公司以欠费为由拒绝为其充值水卡。"
        "同住人李喆、张玥、龍𪚥到场说明情况。",
        terms="一、申请人分期补缴物业费；二、物业公司当日恢复供水；三、双方不再就此另行主张权利。",
    )
    finalise(agreement, drafter=street.grid_mediator, reviewer=street.grid_worker)
    agreement_doc = Document.objects.get(agreement=agreement)

    dossier_case = make_case(compound=street.compound, registered_by=street.grid_worker)
    for i in range(48):  # with registration and routing: 50 entries
        event_record(
            case=dossier_case,
            kind="note",
            summary=f"第{i + 1}次联系当事人，了解物业服务情况并记录双方意见，约定下次调解时间。",
            visibility=CaseEvent.Visibility.PARTIES,
        )
    assert dossier_case.events.count() == 50
    dossier = document_request(case=dossier_case, kind="case_file", audience="internal")
    return agreement_doc, dossier


def naive(document) -> tuple[list[float], list[float], int]:
    """Plain WeasyPrint, system fonts, a new font configuration per document."""
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from documents.rendering import BUILDERS

    css = (ROOT / "documents/static/documents/pdf.css").read_text()
    with translation.override("zh-hans"):
        template, context = BUILDERS[document.kind](document)
        html = render_to_string(template, context)

    def render():
        fonts = FontConfiguration()
        sheet = CSS(
            string=css + "html { font-family: 'Noto Serif CJK SC', serif }", font_config=fonts
        )
        doc = HTML(string=html).render(font_config=fonts, stylesheets=[sheet])
        return doc.write_pdf(), len(doc.pages)

    return timed(render, 10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=500)
    parser.add_argument("--naive", action="store_true")
    parser.add_argument("--json", help="also write the figures to this file (bench/run.py)")
    args = parser.parse_args()

    import django

    django.setup()
    from core import pdf
    from documents.rendering import render_document

    print(
        f"{platform.node()} · {platform.processor() or platform.machine()} · {os.cpu_count()} cores"
    )
    print(f"Python {platform.python_version()}, WeasyPrint {__import__('weasyprint').__version__}")
    started = time.perf_counter()
    agreement_doc, dossier = build_data()
    print(f"data built in {time.perf_counter() - started:.1f} s; RSS {rss_mb():.0f} MB")

    if args.naive:
        report("naive (system fonts, cold config)", *naive(agreement_doc))

    pdf.reset()
    start = time.perf_counter()
    render_document(agreement_doc)
    print(
        f"first render in a fresh worker: {(time.perf_counter() - start) * 1000:.0f} ms "
        f"(registers the font slices once); RSS {rss_mb():.0f} MB"
    )
    agreement = timed(lambda: render_document(agreement_doc), 50)
    report("agreement, warm", *agreement)
    dossier_times = timed(lambda: render_document(dossier), 20)
    report("case file, 50 entries, warm", *dossier_times)

    print(f"memory over {args.renders} agreement renders (RSS):")
    baseline = rss_mb()
    samples = [baseline]
    for done in range(1, args.renders + 1):
        render_document(agreement_doc)
        if done % 100 == 0:
            samples.append(rss_mb())
            print(f"  after {done:4d}: {samples[-1]:6.1f} MB")
    growth = samples[-1] - samples[1] if len(samples) > 1 else 0.0
    print(
        f"  growth from the first to the last 100: {growth:+.1f} MB "
        f"(from the start: {samples[-1] - baseline:+.1f} MB)"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "agreement": figures(agreement[0]),
                    "case_file": figures(dossier_times[0]),
                    "memory_growth_mb": growth,
                    "renders": args.renders,
                }
            )
        )


if __name__ == "__main__":
    main()
