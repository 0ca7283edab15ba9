"""A rendered file is read back before it is written: a broken one is an error, never a file."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfWriter

from dashboard.export.spec import ExportError, ExportSpec
from dashboard.export.verify import check_rendered

PNG = ExportSpec("map", "png", 200, 100, 2)


def png(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    return buffer.getvalue()


def pdf() -> bytes:
    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    return buffer.getvalue()


def test_whole_files_of_each_format_pass():
    assert check_rendered(png((400, 200)), PNG)
    assert check_rendered(b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
                          ExportSpec("map", "svg", 200, 100, 1))
    assert check_rendered(pdf(), ExportSpec("map", "pdf", 200, 100, 1))
    assert check_rendered(b"<html><body></body></html>\n", ExportSpec("map", "html", 200, 100, 1))


@pytest.mark.parametrize(("data", "spec", "words"), [
    (b"\x89PN", PNG, "the PNG drawn (3 bytes) does not read back"),  # what Chromium gave for 20000 x 20000 px
    (png((400, 200))[:60], PNG, "does not read back"),
    (png((300, 200)), PNG, "300x200 px, not (400, 200)"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><g>', ExportSpec("map", "svg", 200, 100, 1), "ParseError"),
    (b"<html><body>", ExportSpec("map", "html", 200, 100, 1), "cut short"),
])
def test_a_broken_or_wrong_file_is_an_error_that_says_so(data, spec, words):
    with pytest.raises(ExportError, match="rendering failed") as caught:
        check_rendered(data, spec)
    assert words in str(caught.value) and "nothing was written" in str(caught.value)


def test_a_cut_pdf_is_an_error():
    with pytest.raises(ExportError, match="the PDF drawn"):
        check_rendered(pdf()[:40], ExportSpec("map", "pdf", 200, 100, 1))


def test_the_app_draws_one_export_at_a_time_and_refuses_another_meanwhile(bundled_table):
    from dashboard.export import render

    assert render._APP_RENDERS.acquire(blocking=False)  # an export being drawn
    try:
        with pytest.raises(ExportError, match="busy: another export is being drawn"):
            render.render_for_app(bundled_table, ExportSpec("timeline", "html"))
    finally:
        render._APP_RENDERS.release()
    assert render.render_for_app(bundled_table, ExportSpec("timeline", "html")).rstrip().endswith(b"</html>")
