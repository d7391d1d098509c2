"""No input makes the portal answer 500 (issue 8, item 1), and nothing typed comes back as markup.

Every URL pattern of the portal is collected from the URLconf and walked as a logged-in CSR: its
path parameters filled from real objects (made with the factories) and with malformed ones (NUL,
bytes that are not UTF-8, `²`, digits past any column, 5,000 characters), then GET and POST, bare
and with every known parameter set to each bad value. Every form the portal's pages draw is
scraped (action and what a browser would send) and posted again with one field at a time made
bad or left out. The Django admin's URLs and every changelist action are walked as a superuser
with bad object ids, bad list parameters and a bad `_selected_action`.

A 500 is seen as a status, not raised (`raise_request_exception=False`); the failures are
gathered and shown together, grouped by their exception, so one run tells every cause.
"""
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from csrportal.models import SavedView
from customers.models import Address, Customer
from demo.factories.orders import (
    CartFactory,
    DiscountFactory,
    NoteFactory,
    PaymentFactory,
    PurchaseOrderFactory,
    SubscriptionFactory,
)
from orders.detail_views import TABS
from orders.edits import EDITS
from orders.models import LineItem, OrderGroup, PickList, Shipment, ShipmentStatus
from orders.numbers import PICK_LIST, next_number
from tests.admin.helpers import every_action

SCRIPT = "<script>fuzz()</script>"
# What a CSR (or anything else) may send in a field or a query parameter.
BAD_VALUES = ["²", "1e30", "NaN", "-1", "9" * 30, "ab\x00c", "x" * 5000, SCRIPT]
# One field at a time of a form that is otherwise as the page drew it.
BAD_FIELD_VALUES = ["", "9" * 30, "x" * 5000, "ab\x00c", SCRIPT]
# Bytes that are not UTF-8, sent as they are in the query string and in the body.
NOT_UTF8 = "%ff%fe"
# A path parameter that no object has.
BAD_SEGMENTS = {"str": ["%00", "ab%00c", "%ff", "%C2%B2", "x" * 5000, quote(SCRIPT, safe="")],
                "slug": ["nope", "x" * 5000], "int": ["0", "9" * 30]}
# Parameters that views read outside of the forms the pages draw.
KNOWN_NAMES = ["version", "open", "sku", "shipment", "shown", "customer", "customer_search", "market", "group",
               "first_name", "last_name", "email", "phone", "query", "name", "shared", "cols", "order", "action",
               "per_page", "sort", "page", "after", "before", "panel", "moved", "status", "created", "created_from",
               "created_to", "search", "kind", "active", "cycle_mode", "cycle_length", "start_date", "end_date",
               "max_cycles", "allow_balance_due", "next", "username", "password", "q", "o", "p", "e", "_changelist_filters",
               "warehouse", "shipping_method", "tracking_number"]
HTMX_TARGETS = ["tab-content", "workspace", "order-results", "cart-results", "subscription-results", "customer-results",
                "shipment-results"]
# Answering these would end the session the walk runs in.
LOGGED_OUT_AFTER = {"logout", "admin:logout"}


# --- The URLconf ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Route:
    key: str  # "po:order_edit_item"
    route: str  # "orders/<str:number>/edit/<slug:edit>/<int:pk>/"
    namespace: str  # "po", "" at the root

    @property
    def params(self) -> list[tuple[str, str]]:
        """(converter, name) of each path parameter, in order."""
        return [(converter or "str", name) for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", self.route)]

    def fill(self, values: dict) -> str:
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(values[match[1]]), self.route)


def collect_routes(patterns=None, prefix="", namespace="") -> list[Route]:
    routes = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            routes += collect_routes(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            key = f"{namespace}:{entry.name}" if namespace else entry.name
            routes.append(Route(key, route.lstrip("^").rstrip("$").replace("\\Z", ""), namespace))
    return routes


ROUTES = collect_routes()
PORTAL_ROUTES = [route for route in ROUTES if not route.key.startswith("admin:")]
# The admin's own pages: the index, each model's list, add, change, delete and history pages.
ADMIN_ROUTES = [route for route in ROUTES if route.key.startswith("admin:") and "(?" not in route.route
                and route.key not in LOGGED_OUT_AFTER]


# --- Pages and the forms they draw --------------------------------------------------------------------

@dataclass
class ScrapedForm:
    action: str
    method: str
    data: dict = field(default_factory=dict)  # name -> [values], as a browser would send it untouched
    names: list = field(default_factory=list)  # every named control, sent or not


class PageParser(HTMLParser):
    """The forms of a page (what each would send) and the links it offers."""

    def __init__(self, path: str):
        super().__init__(convert_charrefs=True)
        self.path, self.forms, self.links = path, [], []
        self.form = self.select = self.textarea = None
        self.select_first = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "form":
            self.form = ScrapedForm(action=attrs.get("action") or attrs.get("hx-post") or attrs.get("hx-get") or self.path,
                                    method=(attrs.get("method") or ("post" if "hx-post" in attrs else "get")).lower())
            self.forms.append(self.form)
            return
        if self.form is None or not attrs.get("name"):
            if tag == "option" and self.select is not None:
                self._option(attrs)
            return
        name = attrs["name"]
        if name not in self.form.names:
            self.form.names.append(name)
        kind = (attrs.get("type") or "text").lower()
        if tag == "input" and kind not in ("submit", "button", "image", "reset", "file"):
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind == "radio" and name in self.form.data:
                return
            self.form.data.setdefault(name, []).append(attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self.select, self.select_first = name, None
        elif tag == "textarea":
            self.textarea = name
            self.form.data[name] = [""]

    def _option(self, attrs):
        value = attrs.get("value", "")
        if self.select_first is None:
            self.select_first = value
        if "selected" in attrs:
            self.form.data.setdefault(self.select, []).append(value)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None:
            if self.form is not None and self.select not in self.form.data and self.select_first is not None:
                self.form.data[self.select] = [self.select_first]
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea and self.form is not None:
            self.form.data[self.textarea][0] += data


# --- Sending, and what counts as a failure ------------------------------------------------------------

class Walk:
    """A logged-in client that sends requests and keeps every failure: a 500, or `SCRIPT` in a body."""

    def __init__(self, user):
        self.user = user
        self.client = Client(raise_request_exception=False)
        self.client.force_login(user)
        self.failures = []
        self.sent = 0

    def send(self, method: str, path: str, data=None, *, raw_query: str = "", raw_body: str | None = None,
             htmx_target: str | None = None, route_key: str = ""):
        headers = {"HX-Request": "true", "HX-Target": htmx_target} if htmx_target else {}
        url = path + ("?" + raw_query if raw_query else "")
        # Each request in a savepoint: one that breaks the transaction (as a 500 on PostgreSQL does)
        # must not take the rest of the walk with it.
        savepoint = transaction.savepoint()
        if method == "get":
            response = self.client.get(url, data, headers=headers)
        elif raw_body is not None:
            response = self.client.post(url, raw_body, content_type="application/x-www-form-urlencoded", headers=headers)
        else:
            response = self.client.post(url, data or {}, headers=headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        self.sent += 1
        if response.status_code >= 500:
            transaction.savepoint_rollback(savepoint)
            self.failures.append(Failure(method, url, data, raw_body, response))
        else:
            transaction.savepoint_commit(savepoint)
            if SCRIPT.encode() in body:
                self.failures.append(Failure(method, url, data, raw_body, response, unescaped=True))
        if route_key in LOGGED_OUT_AFTER:
            self.client.force_login(self.user)
        return response, body

    def page(self, path: str) -> PageParser:
        response, body = self.send("get", path)
        parser = PageParser(path)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            parser.feed(body.decode("utf-8", "replace"))
        return parser

    def report(self) -> str:
        causes = defaultdict(list)
        for failure in self.failures:
            causes[failure.cause].append(failure)
        lines = [f"{len(self.failures)} of {self.sent} requests failed, from {len(causes)} causes:"]
        for cause, failures in sorted(causes.items(), key=lambda item: -len(item[1])):
            lines.append(f"  {len(failures)} x {cause}")
            lines.extend(f"      e.g. {failure}" for failure in failures[:3])
        return "\n".join(lines)


@dataclass
class Failure:
    method: str
    url: str
    data: object
    raw_body: str | None
    response: object
    unescaped: bool = False

    @property
    def cause(self) -> str:
        """The exception and the deepest line of the project's own code it passed through."""
        if self.unescaped:
            return "the submitted <script> came back unescaped"
        exc_info = getattr(self.response, "exc_info", None)
        if not exc_info:
            return f"status {self.response.status_code}"
        tb, where = exc_info[2], ""
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            ours = "/site-packages/" not in filename and "/lib/python" not in filename
            if ours and not filename.endswith("middleware.py"):  # the SQL timer wraps every query
                where = f"{'/'.join(filename.rsplit('/', 2)[-2:])}:{tb.tb_lineno}"
            tb = tb.tb_next
        return f"{exc_info[0].__name__} at {where}"

    def __str__(self):
        data = self.raw_body if self.raw_body is not None else self.data
        if isinstance(data, dict):
            values = {str(value) for value in data.values()}
            data = (f"every known parameter = {short(values.pop())}" if len(data) > 8 and len(values) == 1
                    else {name: short(value) for name, value in data.items()})
        exc_info = getattr(self.response, "exc_info", None)
        error = f" ({short(str(exc_info[1]), 80)})" if exc_info else ""
        return f"{self.method.upper()} {short(self.url, 100)} {data or ''} -> {self.response.status_code}{error}"


def short(value, length: int = 24) -> str:
    text = str(value)
    return repr(text[:length] + "…" if len(text) > length else text)


@pytest.fixture(autouse=True)
def quiet_request_log():
    """The walk's 404s, 400s and (until they are mended) 500s are counted, not logged one by one."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


# --- What the walk is made of -----------------------------------------------------------------------------

@pytest.fixture
def orders(market, customer, csr_user):
    """An order of each kind to walk through, editable, with a discount and a saved view of each list."""
    orders = {
        "po": PurchaseOrderFactory(market=market, customer=customer, lines=2, lines__shipments=2),
        "cart": CartFactory(market=market, customer=customer, lines=2),
        "subscription": SubscriptionFactory(market=market, customer=customer, lines=2),
    }
    Shipment.objects.filter(order_form__order_group__in=orders.values()).update(status=ShipmentStatus.AWAITING_INVENTORY)
    for order in orders.values():
        DiscountFactory(order_group=order)
        # A line's price that is not today's: the cart page offers to update it.
        LineItem.objects.filter(shipment__order_form__order_group=order).update(placed_price="1.00")
    for table in ("purchase_orders", "carts", "subscriptions", "customers", "shipments"):
        SavedView.objects.create(owner=csr_user, table=table, name="Mine", query="sort=number")
    # A pick list with a shipment still to pack (its Complete and Remove forms) in the Shipments tab's pick lists.
    packing = PurchaseOrderFactory(market=market, customer=customer, lines=1)
    shipment = Shipment.objects.get(order_form__order_group=packing)
    pick_list = PickList.objects.create(number=next_number(PICK_LIST), warehouse=shipment.warehouse)
    Shipment.objects.filter(pk=shipment.pk).update(status=ShipmentStatus.PACKING, pick_list=pick_list)
    return orders


def real_values(route: Route, world) -> list[dict]:
    """Path parameters of the real objects the route is for (one per edit or tab of the order page)."""
    kind = route.namespace or "cart"  # /carts/<number>/place/ and /subscribe/ are a cart's
    order = world[kind]
    candidates = {
        "number": [order.number],
        "view_id": list(SavedView.objects.values_list("pk", flat=True)[:1]),
        "edit": list(EDITS),
        "tab": list(TABS),
        # A line: the id an edit of a shipment or a discount is sent with comes from the forms the page draws.
        "pk": list(LineItem.objects.filter(shipment__order_form__order_group=order).values_list("pk", flat=True)[:1]),
        # The customer page: the orders' customer, an address of their book, billing or shipping.
        "customer_id": [order.customer_id],
        "address_id": list(Address.objects.filter(customer_id=order.customer_id).values_list("pk", flat=True)[:1]),
        "preferred": ["billing", "shipping"],
        "pick_list": list(PickList.objects.values_list("number", flat=True)[:1]),
    }
    fills = [{}]
    for _, name in route.params:
        fills = [{**fill, name: value} for fill in fills for value in candidates[name]]
    return fills


def malformed_values(route: Route, real: dict) -> list[dict]:
    """The real parameters with one at a time made malformed."""
    return [{**real, name: bad} for converter, name in route.params for bad in BAD_SEGMENTS.get(converter, BAD_SEGMENTS["str"])]


def scrape(walk: Walk, pages) -> tuple[list[ScrapedForm], set[str]]:
    """The forms the pages draw (folded ones unfolded), one of each kind, and every path they are
    sent to. A kind is an edit with its fields: the quantity of each line, or the address of each
    shipment of a purchase order, a cart and a subscription, is walked once."""
    kinds, paths = {}, set()
    for page in dict.fromkeys(pages):
        parser = walk.page(page)
        for link in parser.links:
            if "?open=" in link and link.startswith(page):
                parser.forms += walk.page(link.split("#", 1)[0]).forms
        for form in parser.forms:
            path = urlsplit(form.action).path
            try:
                match = resolve(path)
            except Resolver404:
                continue
            kind = (match.url_name, match.kwargs.get("edit"), form.method, tuple(form.names))
            kinds.setdefault(kind, form)
            paths.add(path)
    return list(kinds.values()), paths


def shape(match) -> tuple:
    """What a path is, whichever order, line or view it names: the URL's name and its other parameters."""
    return match.url_name, tuple(sorted((name, value) for name, value in match.kwargs.items()
                                        if name not in ("number", "pk", "view_id", "kind", "screen")))


def walk_path(walk: Walk, route: Route, path: str, names: list[str], *, every_value: bool, target: str) -> None:
    """By each method the view answers: the path bare, then with every parameter set to a bad value;
    to each bad value in turn, and not UTF-8, when `every_value` (else to one)."""
    for method in ("get", "post"):
        response, _ = walk.send(method, path, route_key=route.key)
        if response.status_code == 405:
            continue
        for number, value in enumerate(BAD_VALUES if every_value else [SCRIPT]):
            walk.send(method, path, dict.fromkeys(names, value), htmx_target=target if number % 2 else None,
                      route_key=route.key)
        if every_value:
            not_utf8 = "&".join(f"{name}={NOT_UTF8}" for name in names)
            walk.send(method, path, raw_query=not_utf8 if method == "get" else "",
                      raw_body=not_utf8 if method == "post" else None, route_key=route.key)


def walk_form(walk: Walk, form: ScrapedForm, target: str) -> None:
    """Each field of the form bad or missing in turn, the rest as the page drew them."""
    path = urlsplit(form.action).path
    match = resolve(path)
    for name in [name for name in form.names if name != "csrfmiddlewaretoken"]:
        for value in [*BAD_FIELD_VALUES, None]:
            data = {key: values for key, values in form.data.items() if key != "csrfmiddlewaretoken"}
            if "version" in data:  # the order or customer as it is now: an edit that went through bumped it
                current = OrderGroup.objects.filter(number=match.kwargs.get("number")).values_list("version", flat=True)
                if "customer_id" in match.kwargs:
                    current = Customer.objects.filter(pk=match.kwargs["customer_id"]).values_list("version", flat=True)
                data["version"] = [str(current.first() or 1)]
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value
            walk.send(form.method if form.method in ("get", "post") else "post", path, data,
                      htmx_target=target if len(name) % 2 else None, route_key=match.view_name)


def walk_area(walk: Walk, routes: list[Route], world) -> None:
    """Every route: the paths the pages' forms are sent to with every bad value, the other paths
    its parameters can make with some, each malformed path bare; then every form, field by field."""
    pages = [route.fill(values) for route in routes if route.key not in (*LOGGED_OUT_AFTER, "login")
             for values in real_values(route, world)]
    forms, sent_to = scrape(walk, pages)
    names = sorted({*KNOWN_NAMES, *(name for form in forms for name in form.names)})
    shapes = set()
    for index, route in enumerate(routes):
        target = HTMX_TARGETS[index % len(HTMX_TARGETS)]
        reals = [route.fill(values) for values in real_values(route, world)]
        used = [path for path in sorted(sent_to) if resolve(path).view_name == route.key] or reals
        for path in dict.fromkeys([*used, *reals]):
            first = shape(resolve(path)) not in shapes
            shapes.add(shape(resolve(path)))
            walk_path(walk, route, path, names, every_value=path in used and first, target=target)
        for values in real_values(route, world)[:1]:
            for path in (route.fill(bad) for bad in malformed_values(route, values)):
                walk.send("get", path, route_key=route.key)
                walk.send("post", path, {"version": "1"}, route_key=route.key)
    for index, form in enumerate(forms):
        walk_form(walk, form, HTMX_TARGETS[index % len(HTMX_TARGETS)])


# --- The tests ------------------------------------------------------------------------------------------------

PORTAL_AREAS = {"root": "the lists, their tools, and the pages of carts and customers",
                "order_page": "the order page of a purchase order, a cart and a subscription"}


def area_routes(area: str) -> list[Route]:
    return [route for route in PORTAL_ROUTES if bool(route.namespace) == (area == "order_page")]


@pytest.mark.parametrize("area", PORTAL_AREAS, ids=PORTAL_AREAS.get)
def test_no_input_to_a_portal_url_answers_500_or_echoes_markup(orders, csr_user, area):
    walk = Walk(csr_user)

    walk_area(walk, area_routes(area), orders)

    assert walk.sent > 0
    if walk.failures:
        pytest.fail(walk.report(), pytrace=False)


def test_the_walk_covers_every_portal_url_pattern():
    walked = {route.key for area in PORTAL_AREAS for route in area_routes(area)}
    assert walked == {route.key for route in PORTAL_ROUTES}
    for expected in ("purchase_orders", "carts", "subscriptions", "customer_search", "cart_new", "phone_order_new",
                     "cart_place", "cart_subscribe", "po:order_edit_item", "cart:order_presence", "subscription:order_tab",
                     "purchase_order_save_view", "cart_delete_view", "login", "logout", "home", "customers",
                     "customer_detail", "customer_edit", "customer_addresses", "customer_address_new",
                     "customer_address_edit", "customer_address_delete", "customer_address_preferred", "customer_notes",
                     "customer_history", "customer_orders", "customer_carts", "customer_subscriptions",
                     "customer_new", "customer_export", "customer_columns", "customer_save_view", "customer_delete_view",
                     "shipments", "shipment_export", "shipment_actions", "pick_lists", "pick_list_detail",
                     "pick_list_complete", "pick_list_remove"):
        assert expected in walked


@pytest.fixture
def admin_world(orders, admin_user):
    """The walk's orders, and a row of the models the admin lists beside them."""
    PaymentFactory(order_form=orders["po"].forms.first())
    NoteFactory(order_group=orders["po"])
    SavedView.objects.create(owner=admin_user, table="purchase_orders", name="Held", query="status=on_hold")
    return orders




def admin_area(route: Route) -> str:
    """The app whose models the admin page is of, or "site" for the admin's own pages."""
    name = route.key.removeprefix("admin:")
    return next((label for label in ADMIN_APP_LABELS if name.startswith(f"{label}_")), "site")


ADMIN_APP_LABELS = sorted({model._meta.app_label for model in admin.site._registry})
ADMIN_BAD_QUERIES = [{"q": "ab\x00c"}, {"q": "x" * 5000}, {"q": SCRIPT}, {"o": "abc"}, {"o": "99"}, {"p": "²"},
                     {"p": "9" * 30}, {"e": "1"}, {"id__exact": "x"}, {"all": "\x00"}, {"_changelist_filters": "a=\x00"}]
ADMIN_BAD_IDS = ["x", "%C2%B2", "%00", "9" * 30, "%ff"]


@pytest.mark.parametrize("app_label", [*ADMIN_APP_LABELS, "site"])
def test_no_input_to_an_admin_url_answers_500(admin_user, admin_world, app_label):
    """The admin's pages of each model: its list with bad parameters, its add page, and the pages
    of an object whose id cannot be one."""
    walk = Walk(admin_user)
    for route in [route for route in ADMIN_ROUTES if admin_area(route) == app_label]:
        for path in [route.fill(dict.fromkeys((name for _, name in route.params), bad)) for bad in ADMIN_BAD_IDS] \
                if route.params else [route.fill({})]:
            walk.send("get", path, route_key=route.key)
            walk.send("get", path, raw_query=f"q={NOT_UTF8}", route_key=route.key)
            if route.key.endswith("_changelist"):
                for query in ADMIN_BAD_QUERIES:
                    walk.send("get", path, query, route_key=route.key)

    assert walk.sent > 0
    if walk.failures:
        pytest.fail(walk.report(), pytrace=False)


@pytest.mark.parametrize("app_label", sorted({model._meta.app_label for model, _ in every_action()}))
def test_no_admin_action_answers_500_on_a_bad_selection(admin_user, admin_world, app_label):
    """Every action of every changelist, chosen for rows whose ids cannot be (`x`, `²`, NUL, not UTF-8)."""
    walk = Walk(admin_user)
    for model, action in [(model, action) for model, action in every_action() if model._meta.app_label == app_label]:
        url = f"/admin/{app_label}/{model._meta.model_name}/"
        for selected in ("x", "²", "\x00", "1\x00", "9" * 30, SCRIPT):
            for step in ({"index": "0"}, {"post": "yes"}, {"index": "x"}):
                walk.send("post", url, {"action": action, ACTION_CHECKBOX_NAME: [selected], **step})
        walk.send("post", url, raw_body=f"action={action}&index=0&{ACTION_CHECKBOX_NAME}={NOT_UTF8}")

    assert walk.sent > 0
    if walk.failures:
        pytest.fail(walk.report(), pytrace=False)
