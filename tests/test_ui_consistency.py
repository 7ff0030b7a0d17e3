"""Site-wide UI rules: Django messages are rendered once, by base.html, with the right roles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib import messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.shortcuts import render
from django.utils import translation

SRC = Path(__file__).resolve().parent.parent / "src" / "nghiquyet"


def _request(rf, user):
    request = rf.get("/")
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    request.user = user
    return request


@pytest.mark.django_db
def test_messages_render_once_with_roles(rf, personas):
    request = _request(rf, personas["reporter"])
    messages.success(request, "Đã lưu số liệu.")
    messages.info(request, "Thông tin thêm.")
    messages.error(request, "Không lưu được.")
    html = render(request, "web/search.html", {"q": "", "results": None}).content.decode()
    assert html.count("Đã lưu số liệu.") == 1
    assert html.count("Không lưu được.") == 1
    status = re.search(r'<div class="messages-status" role="status" aria-live="polite">(.*?)</div>', html, re.S)
    alert = re.search(r'<div class="messages-alert" role="alert">(.*?)</div>', html, re.S)
    assert status and "Đã lưu số liệu." in status.group(1) and "Thông tin thêm." in status.group(1)
    assert "alert-ok" in status.group(1) and "Không lưu được." not in status.group(1)
    assert alert and "Không lưu được." in alert.group(1) and "alert-error" in alert.group(1)


@pytest.mark.django_db
def test_no_message_block_without_messages(rf, personas):
    html = render(_request(rf, personas["reporter"]), "web/search.html", {"q": ""}).content.decode()
    assert 'id="messages"' not in html


def test_apps_do_not_render_messages_themselves():
    """Only base.html loops over `messages`: an app rendering them again shows them twice."""
    offenders = []
    for path in SRC.glob("**/templates/**/*.html"):
        if path.name == "base.html" and path.parent.name == "templates":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"{%\s*for\s+\w+\s+in\s+messages\s*%}|messages\.html", text):
            offenders.append(str(path.relative_to(SRC)))
    assert offenders == []


@pytest.mark.parametrize(("lang", "state", "word"), [
    ("vi", "fixed", "Đã khắc phục"),
    ("en", "fixed", "Carried out"),
    ("vi", "handling_overdue", "Quá hạn xử lý"),
    ("en", "answered_late", "Answered (late)"),
    ("en", "unknown", "fallback"),
])
def test_oversight_state_words_follow_the_language(lang, state, word):
    from django.template.loader import render_to_string

    with translation.override(lang):
        out = render_to_string("oversight/includes/state_label.html", {"state": state, "label": "fallback"})
    assert out == word
