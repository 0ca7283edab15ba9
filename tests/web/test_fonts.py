"""The app serves the font stack to the browser: the rules, each face's file (a CJK face cut out of its collection),
nothing else; and every page says the language of its data."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from dashboard.figures.fonts import FACES, font_path
from dashboard.web.app import create_app
from tests.support import BUNDLED, edited_bundled, run_cli

MULTISCRIPT = Path(__file__).resolve().parents[1] / "fixtures" / "multiscript" / "events.yaml"


@pytest.fixture(scope="module")
def client():
    return create_app(BUNDLED).server.test_client()


def test_the_rules_name_every_face_and_are_kept_a_day(client):
    response = client.get("/fonts/faces.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
    css = response.get_data(as_text=True)
    assert all(f'font-family: "{face.family}"' in css for face in FACES) and "--font:" in css
    assert response.cache_control.max_age == 86400


def test_a_face_is_its_installed_file(client):
    arabic = next(face for face in FACES if face.family == "Noto Sans Arabic")
    response = client.get("/fonts/NotoSansArabic-Regular.ttf")
    assert response.status_code == 200 and response.mimetype == "font/ttf"
    assert response.get_data() == font_path(arabic).read_bytes()
    response.close()


def test_a_face_of_a_collection_is_served_alone(client):
    response = client.get("/fonts/NotoSansCJK-Regular-2.otf")
    assert response.status_code == 200 and response.mimetype == "font/otf"
    font = TTFont(io.BytesIO(response.get_data()))
    response.close()
    assert font["name"].getDebugName(1) == "Noto Sans CJK SC" and ord("国") in font.getBestCmap()


@pytest.mark.parametrize("path", ["/fonts/DejaVuSerif.ttf", "/fonts/NotoSansArabic-Regular.ttc", "/fonts/faces.css.map"])
def test_nothing_else_is_served_from_the_fonts_folder(client, path):
    assert client.get(path).status_code == 404


def test_a_path_out_of_the_fonts_is_not_followed(client):
    response = client.get("/fonts/..%2F..%2F..%2Fetc%2Fpasswd")  # the page's own route answers: Dash's app page
    assert b"root:" not in response.get_data() and response.mimetype == "text/html"


def test_the_app_and_its_embeds_say_the_datas_language():
    client = create_app(MULTISCRIPT).server.test_client()
    assert '<html lang="mul"' in client.get("/").get_data(as_text=True)
    embed = client.get("/embed/timeline").get_data(as_text=True)
    assert '<html lang="mul"' in embed and '<link rel="stylesheet" href="/fonts/faces.css">' in embed
    assert '<html lang="en"' in create_app(BUNDLED).server.test_client().get("/").get_data(as_text=True)


def test_a_language_that_is_no_tag_is_a_located_error(tmp_path):
    path = edited_bundled(tmp_path, lambda document: document["meta"].update(language="Farsi"))
    run = run_cli("validate", str(path))
    assert run.code == 2
    assert "meta.language" in run.err and "'Farsi' is not a language tag" in run.err and "BCP 47" in run.err


def test_a_cache_that_cannot_be_written_is_a_clean_refusal(tmp_path, monkeypatch, caplog):
    """The CJK face is cut into the server's cache: where that cannot be written, 503 and one line in the log (the
    page then draws CJK text in the reader's own fonts), not a traceback."""
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("CRISIS_CACHE", str(blocked))
    response = create_app(BUNDLED).server.test_client().get("/fonts/NotoSansCJK-Bold-2.otf")
    assert response.status_code == 503
    assert [r.getMessage() for r in caplog.records if "cannot be cut" in r.getMessage()]
    assert "Traceback" not in caplog.text
