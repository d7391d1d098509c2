"""The order page's presence poll: who else has the order open, and whether it changed since the
page was drawn ("Changed by Casey Rivera at 10:42: Reload").

The page's header holds the poll (templates/orders/_presence.html). It sends the version the page
was drawn with (the header, and so the poll, is drawn again after each of the page's own edits)
and a digest of what it shows now; when nothing changed the answer is 204 and htmx leaves the
region alone, so a keyboard user's focus and a screen reader are not disturbed every few seconds.
"""
import hashlib
import random
import re

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from csrportal.auth import csr_required
from orders import presence
from orders.detail_views import order_url
from orders.models import Kind

TEMPLATE = "orders/_presence.html"
VERSION = re.compile(r"[0-9]{1,9}")


def _page_version(text: str) -> int | None:
    """The version the page was drawn with; anything else (x, ², 1e3, huge) is no version."""
    return int(text) if VERSION.fullmatch(text) else None


def _reload_url(request, page_url: str) -> str:
    """The page the CSR is on (htmx says which, tabs included), if it is this order's page."""
    current = request.htmx.current_url_abs_path if request.htmx else None
    if current and current.startswith(page_url) and "\x00" not in current:
        return current.split("#", 1)[0]
    return page_url


def _cart_placed(request, number, became):
    """A colleague placed the cart (or made it a subscription) while it was open here: say so,
    link to what it became, and stop polling."""
    content = render_to_string(TEMPLATE + "#presence-content", {
        "cart_number": number, "became": became, "became_url": order_url(became),
    }, request).strip()
    return HttpResponse(render_to_string(TEMPLATE + "#presence-poll", {"content": mark_safe(content), "stopped": True}, request))


@require_GET
@csr_required
def order_presence(request, number, kind):
    page_url = reverse(f"{request.resolver_match.namespace}:order_detail", args=[number])
    if not request.htmx:
        # The region is drawn in the order page; opened on its own, it is that page.
        return redirect(page_url)
    now = timezone.now()
    found = presence.order_presence(number=number, kind=kind, user=request.user, now=now)
    if found is None:
        became = presence.cart_became(number=number) if kind == Kind.CART else None
        if became is None:
            raise Http404("No such order.")
        return _cart_placed(request, number, became)
    presence.order_viewer_seen(order_id=found.order_id, user=request.user, now=now)
    if random.randrange(presence.FORGET_ONE_IN) == 0:
        presence.forget_old_viewers(now=now)

    version = _page_version(request.GET.get("version", ""))
    context = {"presence": found, "changed": found.changed_since(version, user=request.user),
               "reload_url": _reload_url(request, page_url)}
    content = render_to_string(TEMPLATE + "#presence-content", context, request).strip()
    shown = hashlib.sha256(content.encode()).hexdigest()[:16] if content else ""
    if shown == request.GET.get("shown", ""):
        return HttpResponse(status=204)
    return HttpResponse(render_to_string(TEMPLATE + "#presence-poll", {
        "number": number, "version": version, "shown": shown, "content": mark_safe(content), "polled": True,
    }, request))
