"""The Carts tab, new carts and phone orders, placing a cart. Views translate HTTP; the rules are in
carts.operations and orders.operations."""
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from carts.filters import CartFilter
from carts.forms import NewCartForm, NewCartQuery, PlaceOrderForm
from carts.models import DEFAULT_CART, Cart
from carts.operations import PHONE_ORDER, ConversionRefused, cart_open, cart_place_order, conversion_problems
from carts.tables import CartTable
from csrportal.auth import csr_required
from csrportal.export import stream_csv
from csrportal.listing import build_listing
from csrportal.views import ListScreen, render_listing
from customers.operations import CustomerError, customer_create
from customers.views import customers_matching
from orders.detail_views import follows_placed_carts, get_order
from orders.models import Kind
from orders.operations import OrderError

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

NEW = {
    "cart": {"title": "New cart", "name": DEFAULT_CART, "button": "Open cart"},
    "phone": {"title": "New phone order", "name": PHONE_ORDER, "button": "Start the order"},
}


@require_http_methods(["GET", "POST"])
@csr_required
def cart_new(request, purpose):
    """Choose the market and the customer (found, or created on the spot), then open the cart."""
    settings = NEW[purpose]
    query = NewCartQuery(request.GET)
    chosen = query.chosen()
    form = NewCartForm(request.POST if request.method == "POST" else None, initial=chosen)
    existing = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                customer = data["customer"] or customer_create(user=request.user, **form.new_customer())
                cart, created = cart_open(user=request.user, market=data["market"], customer=customer,
                                          name=settings["name"])
        except CustomerError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            existing = error.existing
        else:
            if created:
                messages.success(request, f"{settings['title'][4:].capitalize()} {cart.number} opened for {customer.full_name}.")
            else:
                messages.info(request, f"{customer.full_name} already has an open cart in {cart.market.name}: {cart.number} is opened.")
            return redirect(reverse("cart:order_tab", args=[cart.number, "forms"]))
    searched = query.text()
    return render(request, "carts/cart_new.html", {
        **settings, "purpose": purpose, "form": form, "existing": existing, "chosen": chosen.get("customer"),
        "text": searched, "customers": customers_matching(searched),
    })


# Placing a cart as an order ---------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@csr_required
@follows_placed_carts
def cart_place(request, number):
    """What placing the order needs (each check), then the order placed in one step."""
    cart = get_order(number, Kind.CART, structure=False)
    form = PlaceOrderForm(request.POST if request.method == "POST" else None, order=cart, edit="place",
                          initial={"version": cart.version})
    problems = []
    if not form.is_bound:
        problems = conversion_problems(cart, allow_balance_due=True)
    elif form.is_valid():
        try:
            cart_place_order(cart, user=request.user, version=form.cleaned_data["version"],
                             allow_balance_due=form.cleaned_data["allow_balance_due"])
        except ConversionRefused as refused:
            problems = refused.problems
        except OrderError as error:
            form.refuse(error)
        else:
            messages.success(request, f"Order {cart.number} placed from {cart.source_cart_number}.")
            return redirect(reverse("po:order_detail", args=[cart.number]))
    return render(request, "carts/cart_place.html", {"order": cart, "form": form,
                                                     "problems": problems + form.banner_errors()})
