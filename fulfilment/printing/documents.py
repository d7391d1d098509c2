"""What the printed documents show, each gathered in a fixed number of queries.

The money on an invoice is the order page's: the cached totals the calculator wrote on the order
(total, paid, balance or refund due: what the Summary tab shows) and, per shipment, the
calculator's figures as `orders.presenters.order_page` computes them in memory. Nothing here adds
up money of its own.

Invoice number and date: an invoice is numbered by its order (PO10042) and dated by the order's
creation, so printing it again gives the same document; the time it was printed is in its footer.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Prefetch

from catalog.models import Stock
from orders.models import Kind, LineItem, OrderGroup, PickList, Shipment, ShipmentStatus, shipment_numbers
from orders.presenters import OrderPage, order_page

# Paper sizes: US Letter where the market's home country uses it, else A4.
A4, LETTER = "a4", "letter"
LETTER_COUNTRIES = {"US", "CA"}


def paper_for(market, asked: str = "") -> str:
    """The paper asked for (?paper=a4|letter), else the market's: Letter when its first country
    (the market's home) is the United States or Canada, A4 everywhere else."""
    if asked in (A4, LETTER):
        return asked
    countries = list(getattr(market, "countries", None) or [])
    return LETTER if countries and str(countries[0]).upper() in LETTER_COUNTRIES else A4


@dataclass
class Seller:
    name: str
    address_lines: list
    tax_id: str = ""
    email: str = ""


def seller() -> Seller:
    """Who sells, from the settings (SELLER_NAME, SELLER_ADDRESS, SELLER_TAX_ID, SELLER_EMAIL)."""
    address = settings.SELLER_ADDRESS
    return Seller(name=settings.SELLER_NAME, address_lines=[line.strip() for line in address.split(";") if line.strip()],
                  tax_id=settings.SELLER_TAX_ID, email=settings.SELLER_EMAIL)


# --- Invoices ----------------------------------------------------------------------------------------

@dataclass
class TaxRow:
    rate: Decimal  # 8 for 8 %
    amount: Decimal
    included: bool  # the market's prices include it: shown, not added


@dataclass
class Invoice:
    order: OrderGroup
    page: OrderPage  # forms -> shipments (with their calculator totals) -> lines; the discounts
    billing_addresses: list
    shipping_addresses: list
    tax_rows: list
    paper: str

    @property
    def number(self) -> str:
        return self.order.number

    @property
    def several_shipments(self) -> bool:
        return len(self.page.shipments) > 1


def _distinct(addresses) -> list:
    seen, result = set(), []
    for address in addresses:
        if address is not None and address.pk not in seen:
            seen.add(address.pk)
            result.append(address)
    return result


def _tax_rows(order: OrderGroup, page: OrderPage) -> list[TaxRow]:
    """Tax per rate. A market has one rate today, so one row whose amount is the order's tax total
    (the calculator's sum of its shipments' tax); the table is per rate so that it stays right
    if rates ever differ per line."""
    return [TaxRow(rate=order.market.tax_rate * 100, amount=order.tax_total, included=order.market.prices_include_tax)]


def invoices(numbers: list[str], *, paper: str = "") -> tuple[list[Invoice], list[str]]:
    """The purchase orders' invoices in the order asked, and the numbers that are no purchase
    order. Six queries for any number of orders (the order page's: orders, forms, shipments,
    lines, payments, discounts)."""
    found = {order.number: order for order in
             OrderGroup.objects.with_structure().filter(kind=Kind.PURCHASE_ORDER, number__in=numbers)}
    documents = []
    for number in numbers:
        order = found.get(number)
        if order is None:
            continue
        page = order_page(order, with_choices=False)
        documents.append(Invoice(
            order=order, page=page,
            billing_addresses=_distinct(form_view.form.billing_address for form_view in page.forms),
            shipping_addresses=_distinct(view.shipment.address for view in page.shipments),
            tax_rows=_tax_rows(order, page),
            paper=paper_for(order.market, paper),
        ))
    return documents, [number for number in numbers if number not in found]


# --- Packing slips ------------------------------------------------------------------------------------

@dataclass
class PackingSlip:
    shipment: Shipment
    order: OrderGroup
    lines: list
    number: int  # "Shipment 2 of 3": numbered as on the order page (orders.models.shipment_numbers)
    of: int

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)


def _numbering(order_ids) -> dict[int, tuple[int, int]]:
    """Shipment id -> (its number on its order page, how many shipments the order has), for every
    shipment of these orders: one query."""
    per_order = defaultdict(list)
    rows = Shipment.objects.filter(order_form__order_group_id__in=set(order_ids)).values_list(
        "pk", "order_form_id", "order_form__order_group_id")
    for pk, form_id, order_id in rows:
        per_order[order_id].append(SimpleNamespace(pk=pk, order_form_id=form_id))
    numbering = {}
    for shipments in per_order.values():
        for pk, number in shipment_numbers(shipments).items():
            numbering[pk] = (number, len(shipments))
    return numbering


def _shipments_with_lines():
    return Shipment.objects.select_related("address", "warehouse", "order_form__order_group__market").prefetch_related(
        Prefetch("line_items", queryset=LineItem.objects.order_by("id")))


def _slips(shipments) -> list[PackingSlip]:
    """A packing slip of each shipment (from _shipments_with_lines()), numbered as on its order page."""
    numbering = _numbering(shipment.order_form.order_group_id for shipment in shipments) if shipments else {}
    return [PackingSlip(shipment=shipment, order=shipment.order_form.order_group, lines=list(shipment.line_items.all()),
                        number=numbering[shipment.pk][0], of=numbering[shipment.pk][1])
            for shipment in shipments]


def packing_slips(ids: list[int]) -> tuple[list[PackingSlip], list[int]]:
    """The purchase-order shipments' packing slips in the order asked, and the ids that are no
    purchase order's shipment. Three queries for any number of shipments and lines."""
    found = {shipment.pk: shipment for shipment in
             _shipments_with_lines().filter(pk__in=ids, order_form__order_group__kind=Kind.PURCHASE_ORDER)}
    return _slips([found[pk] for pk in ids if pk in found]), [pk for pk in ids if pk not in found]


# --- Pick lists ---------------------------------------------------------------------------------------

@dataclass
class PickRow:
    bin_location: str
    sku_code: str
    name: str
    quantity: int = 0
    orders: list = field(default_factory=list)  # the order numbers it is picked for


@dataclass
class PickListDocument:
    pick_list: PickList
    slips: list  # PackingSlip of each shipment on it (lines, order, "Shipment N of M")
    rows: list  # PickRow per bin and SKU, in walking order
    paper: str

    @property
    def item_count(self) -> int:
        return sum(row.quantity for row in self.rows)


def pick_order(row: PickRow) -> tuple:
    """Walking order: by bin location, the SKUs without one last; then by SKU code."""
    return (row.bin_location == "", row.bin_location.upper(), row.sku_code.upper())


def pick_list(number: str, *, paper: str = "") -> PickListDocument | None:
    """The pick list and what to pick for it: the lines of its shipments summed per bin and SKU
    (a Cancelled shipment is listed but not picked). Five queries however many shipments and lines."""
    found = PickList.objects.select_related("warehouse", "created_by").filter(number=number).first()
    if found is None:
        return None
    slips = _slips(list(_shipments_with_lines().filter(pick_list=found).order_by("order_form__order_group__number", "id")))
    picked = [slip for slip in slips if slip.shipment.status != ShipmentStatus.CANCELLED]
    sku_ids = {line.sku_id for slip in picked for line in slip.lines if line.sku_id}
    bins = dict(Stock.objects.filter(warehouse_id=found.warehouse_id, sku_id__in=sku_ids)
                .values_list("sku_id", "bin_location")) if sku_ids else {}
    rows: dict[tuple, PickRow] = {}
    for slip in picked:
        for line in slip.lines:
            bin_location = (bins.get(line.sku_id) or "").strip()
            row = rows.get((bin_location, line.sku_code))
            if row is None:
                row = rows[(bin_location, line.sku_code)] = PickRow(bin_location, line.sku_code, line.display_name)
            row.quantity += line.quantity
            if slip.order.number not in row.orders:
                row.orders.append(slip.order.number)
    market = slips[0].order.market if slips else None
    return PickListDocument(pick_list=found, slips=slips, rows=sorted(rows.values(), key=pick_order),
                            paper=paper_for(market, paper))
