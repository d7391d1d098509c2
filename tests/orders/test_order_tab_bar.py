"""The order page's tab bar marks the open tab, also after an HTMX tab switch."""
import re

import pytest
from django.urls import reverse

from tests.orders.test_order_page import TABS, tab_url


def marked_tabs(html: str) -> list[str]:
    bar = re.search(r'<nav id="order-tabs"[^>]*>(.*?)</nav>', html, re.S)
    assert bar, "no tab bar in the response"
    return re.findall(r'<a href="([^"]+)"[^>]*aria-current="page" class="current"', bar.group(1))


@pytest.mark.parametrize("tab", TABS)
def test_an_htmx_tab_switch_sends_the_tab_bar_with_the_open_tab_marked(csr_client, editable_order, tab):
    response = csr_client.get(tab_url(editable_order, tab), headers={"HX-Request": "true", "HX-Target": "tab-content"})
    html = response.content.decode()
    assert 'hx-swap-oob="true"' in re.search(r'<nav id="order-tabs"[^>]*>', html).group(0)
    assert marked_tabs(html) == [tab_url(editable_order, tab)]
    assert '<section id="tab-content"' in html and "<html" not in html


def test_the_full_page_marks_the_open_tab_once_and_not_out_of_band(csr_client, editable_order):
    html = csr_client.get(reverse("po:order_tab", args=[editable_order.number, "notes"])).content.decode()
    assert marked_tabs(html) == [tab_url(editable_order, "notes")]
    assert html.count('id="order-tabs"') == 1
    assert "hx-swap-oob" not in re.search(r'<nav id="order-tabs"[^>]*>', html).group(0)
