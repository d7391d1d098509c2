"""The Carts tab, new carts and phone orders, placing a cart. Views translate HTTP; the rules are in
carts.operations and orders.operations."""
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from carts.filters import CartFilter
from carts.models import DEFAULT_CART, Cart
from carts.operations import (
    PHONE_ORDER, ConversionRefused, cart_convert_to_subscription, cart_open, cart_place_order, conversion_problems,
)
from carts.tables import CartTable
from catalog.models import Market
from csrportal.auth import csr_required
from csrportal.export import stream_csv
from csrportal.listing import build_listing
from csrportal.views import ListScreen, render_listing
from customers.models import Customer, CustomerGroup
from customers.operations import CustomerError, customer_create
from customers.views import customers_matching
from orders.detail_views import follows_placed_carts, get_order
from orders.models import Kind
from orders.operations import OrderError
from subscriptions.models import CycleMode

# Newest first. Numbers are handed out as carts are created, so this is also the number order;
# it is served by the (kind, -created, -id) index, which the number's own index is not (CartTable).
LIST_DEFAULT_SORT = "-created"


def _cart_listing(request, params=None):
    return build_listing(request, table=CartTable, filterset_class=CartFilter,
                         queryset=Cart.objects.select_related("market"), default_sort=LIST_DEFAULT_SORT,
                         params=params, path=reverse("carts"))


SCREEN = ListScreen(title="Carts", noun="cart", results_id="cart-results", url_prefix="cart", list_url="carts",
                    table=CartTable, listing=_cart_listing, new_url="cart_new", new_label="New cart")


@require_GET
@csr_required
def cart_list(request):
    return render_listing(request, SCREEN, _cart_listing(request))


@require_GET
@csr_required
def cart_export(request):
    return stream_csv(_cart_listing(request), filename="carts.csv")


# Opening a cart or a phone order --------------------------------------------------------------

NEW_CUSTOMER_FIELDS = [("first_name", "First name", "text"), ("last_name", "Last name", "text"),
                       ("email", "Email", "email"), ("phone", "Phone", "tel")]
NEW = {
    "cart": {"title": "New cart", "name": DEFAULT_CART, "button": "Open cart"},
    "phone": {"title": "New phone order", "name": PHONE_ORDER, "button": "Start the order"},
}


def _customer_for(data):
    """The customer chosen from the search, or the one created from the typed details."""
    if data.get("customer"):
        customer = Customer.objects.filter(pk=data["customer"] if str(data["customer"]).isdigit() else 0).first()
        if customer is None:
            raise CustomerError("That customer no longer exists; search again.", field="customer")
        return customer
    if not any(data.get(field) for field in ("first_name", "last_name", "email")):
        raise CustomerError("Choose a customer, or fill in a new customer below.", field="customer")
    return customer_create(first_name=data.get("first_name", ""), last_name=data.get("last_name", ""),
                           email=data.get("email", ""), phone=data.get("phone", ""), group_id=data.get("group") or None)


@require_http_methods(["GET", "POST"])
@csr_required
def cart_new(request, purpose):
    """Choose the market and the customer (found, or created on the spot), then open the cart."""
    settings = NEW[purpose]
    failure, existing = None, None
    if request.method == "POST":
        market = Market.objects.filter(pk=request.POST.get("market") or 0, active=True).first()
        try:
            if market is None:
                raise CustomerError("Choose the market the customer buys in.", field="market")
            with transaction.atomic():
                customer = _customer_for(request.POST)
                cart, created = cart_open(user=request.user, market=market, customer=customer, name=settings["name"])
        except CustomerError as error:
            failure = {"edit": "new", "pk": None, "field": error.field, "message": error.message, "data": request.POST}
            existing = error.existing
        else:
            if created:
                messages.success(request, f"{settings['title'][4:].capitalize()} {cart.number} opened for {customer.full_name}.")
            else:
                messages.info(request, f"{customer.full_name} already has an open cart in {market.name}: {cart.number} is opened.")
            return redirect(reverse("cart:order_tab", args=[cart.number, "forms"]))
    chosen = Customer.objects.filter(pk=request.GET.get("customer") or 0).first() if request.GET.get("customer", "").isdigit() else None
    searched = request.GET.get("customer_search", "")
    return render(request, "carts/cart_new.html", {
        **settings, "purpose": purpose, "failure": failure, "existing": existing, "chosen": chosen,
        "new_customer_fields": NEW_CUSTOMER_FIELDS,
        "markets": Market.objects.filter(active=True).order_by("name"), "groups": CustomerGroup.objects.order_by("name"),
        "chosen_market": request.POST.get("market") or request.GET.get("market", ""),
        "text": searched, "customers": customers_matching(searched),
    })


# Placing a cart as an order, or making it a subscription ---------------------------------------

@require_http_methods(["GET", "POST"])
@csr_required
@follows_placed_carts
def cart_place(request, number):
    """What placing the order needs (each check), then the order placed in one step."""
    cart = get_order(number, Kind.CART, structure=False)
    problems = []
    if request.method == "POST":
        try:
            cart_place_order(cart, user=request.user, version=int(request.POST.get("version") or 0),
                             allow_balance_due=request.POST.get("allow_balance_due") == "on")
        except ConversionRefused as refused:
            problems = refused.problems
        except OrderError as error:
            problems = [error.message]
        else:
            messages.success(request, f"Order {cart.number} placed from {cart.source_cart_number}.")
            return redirect(reverse("po:order_detail", args=[cart.number]))
    else:
        problems = conversion_problems(cart, allow_balance_due=True)
    return render(request, "carts/cart_place.html", {"order": cart, "problems": problems})


@require_http_methods(["GET", "POST"])
@csr_required
@follows_placed_carts
def cart_subscribe(request, number):
    cart = get_order(number, Kind.CART, structure=False)
    failure = None
    if request.method == "POST":
        try:
            cart_convert_to_subscription(
                cart, user=request.user, version=int(request.POST.get("version") or 0),
                cycle_mode=request.POST.get("cycle_mode", ""), cycle_length=request.POST.get("cycle_length", ""),
                start_date=request.POST.get("start_date", ""), end_date=request.POST.get("end_date") or None,
                max_cycles=request.POST.get("max_cycles") or 0)
        except OrderError as error:
            failure = {"edit": "subscribe", "pk": None, "field": error.field, "message": error.message,
                       "data": request.POST, "problems": getattr(error, "problems", [])}
        else:
            messages.success(request, f"Subscription {cart.number} created from {cart.source_cart_number}.")
            return redirect(reverse("subscription:order_detail", args=[cart.number]))
    return render(request, "carts/cart_subscribe.html", {
        "order": cart, "failure": failure, "cycle_modes": [mode for mode in CycleMode.choices if mode[0] != CycleMode.NONE],
        "today": timezone.localdate().isoformat(),
    })
