"""What the order page shows, gathered in a fixed number of queries however large the order."""
from dataclasses import dataclass, field

from catalog import reference
from catalog.models import Price, Sku, Stock
from customers.models import Address
from orders.calculator import ShipmentTotals, calculate
from orders.forms import MOVE_EDIT
from orders.models import LineItem, OrderGroup, OrderStatus, shipment_numbers
from orders.operations import Action, allowed_actions, allowed_moves, contents_editable, pricing, refusal, stock


@dataclass(frozen=True)
class MoveButton:
    """A move the shipment can make now, as its panel offers it: the edit that runs it and its words."""

    edit: str  # orders.edits.EDITS
    move: object  # orders.operations.Move

    @property
    def label(self) -> str:
        return self.move.label


@dataclass
class ShipmentView:
    shipment: object
    lines: list
    totals: ShipmentTotals
    editable: bool  # contents_editable(order, shipment): draw its edit controls
    number: int = 0  # "Shipment 2" (orders.models.shipment_numbers)
    moves: list = field(default_factory=list)  # MoveButton: allowed_moves(order, shipment), purchase orders only


@dataclass
class FormView:
    form: object
    shipments: list
    payments: list


@dataclass
class OrderPage:
    order: OrderGroup
    forms: list
    discounts: list
    allowed: set
    editable: bool  # contents_editable(order): draw the order's edit controls
    shipping_methods: list = field(default_factory=list)
    payment_methods: list = field(default_factory=list)
    address_book: list = field(default_factory=list)
    stock_warnings: list = field(default_factory=list)
    price_changes: list = field(default_factory=list)  # (line, today's price) on a cart

    @property
    def not_editable_because(self) -> str | None:
        """Why the contents cannot be changed now (refusal()'s words), when they cannot."""
        return None if self.editable else refusal(self.order, Action.EDIT)

    @property
    def shipments(self) -> list:
        return [shipment_view for form in self.forms for shipment_view in form.shipments]

    @property
    def lines(self) -> list:
        return [line for shipment_view in self.shipments for line in shipment_view.lines]

    @property
    def line_count(self) -> int:
        return len(self.lines)


def order_page(order: OrderGroup, *, with_choices: bool = True) -> OrderPage:
    """`order` must come from OrderGroup.objects.with_structure()."""
    forms = list(order.forms.all())
    discounts = list(order.discounts.all())
    pairs = [(shipment, list(shipment.line_items.all())) for form in forms for shipment in form.shipments.all()]
    payments = [payment for form in forms for payment in form.payments.all()]
    # The cached amounts were written by the same calculator; running it again in memory (no
    # queries) gives the per-shipment totals the page shows.
    totals = calculate(currency=order.currency, market=order.market, shipments=pairs, discounts=discounts,
                       payments=payments, cancelled=order.status == OrderStatus.CANCELLED)
    editable = contents_editable(order)
    numbers = shipment_numbers([shipment for shipment, _ in pairs])
    form_views = []
    for form in forms:
        shipment_views = [
            ShipmentView(shipment, lines, totals.shipments[shipment.pk], contents_editable(order, shipment),
                         numbers[shipment.pk],
                         [MoveButton(MOVE_EDIT[move.name], move) for move in allowed_moves(order, shipment)]
                         if order.is_purchase_order else [])
            for shipment, lines in pairs if shipment.order_form_id == form.pk
        ]
        form_views.append(FormView(form, shipment_views, list(form.payments.all())))
    page = OrderPage(order=order, forms=form_views, discounts=discounts, allowed=allowed_actions(order),
                     editable=editable)
    if with_choices and editable:
        page.shipping_methods = reference.shipping_methods(order.market_id, order.currency)
        page.payment_methods = reference.payment_methods(order.market_id)
        if order.customer_id:
            page.address_book = list(Address.objects.filter(customer_id=order.customer_id))
    if order.is_cart and page.lines:
        page.stock_warnings = stock.shortfalls(order, page.lines)
        today = pricing.current_prices(order, page.lines)
        page.price_changes = [(line, today[line.pk]) for line in page.lines if line.pk in today]
    return page


def sku_matches(order: OrderGroup, text: str, *, limit: int) -> list[dict]:
    """SKUs with the text in their code or name (3 characters or more), with their price in the
    order's market and currency, their stock per warehouse and whether the order has them."""
    if len(text) < 3:
        return []
    skus = list(Sku.objects.active().matching(text).order_by("code")[:limit])
    prices = dict(Price.objects.filter(sku__in=skus, market=order.market_id, currency=order.currency)
                  .values_list("sku_id", "amount"))
    stock = {}
    for row in Stock.objects.filter(sku__in=skus).select_related("warehouse").order_by("warehouse__code"):
        stock.setdefault(row.sku_id, []).append(row)
    in_order = set(LineItem.objects.filter(shipment__order_form__order_group=order, sku__in=skus)
                   .values_list("sku_id", flat=True))
    return [{"sku": sku, "price": prices.get(sku.pk), "stock": stock.get(sku.pk, []), "in_order": sku.pk in in_order}
            for sku in skus]
