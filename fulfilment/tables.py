"""The Shipments tab's table: every open shipment of every purchase order, newest first.

Each row starts with a checkbox for the bulk actions (not a column: it is neither chosen nor
exported). The order and pick list cells link to their pages. What a row shows beyond the shipment
row itself comes in a fixed number of queries per page (prepare): the order, address, warehouse and
pick list by join; the market from the reference cache; the item count and the shipment's number
on its order in one query each.
"""
from urllib.parse import quote

from django.db.models import Sum
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from catalog import reference
from csrportal.tables import Column, PortalTable, attribute, moment
from orders.models import LineItem, Shipment, shipment_numbers


def _related(path: str):
    def text(record) -> str:
        value = record
        for name in path.split("."):
            value = getattr(value, name, None) if value is not None else None
        return str(value or "")

    return text


def ship_to_name(record) -> str:
    address = record.address
    if address is None:
        return ""
    return f"{address.first_name} {address.last_name}".strip() or address.organization


class ShipmentTable(PortalTable):
    preference_key = "shipments"

    order = Column("Order", attribute("order_number"), shown_by_default=True)
    shipment = Column("Shipment", lambda record: f"Shipment {record.number_on_order}", shown_by_default=True)
    status = Column("Status", lambda record: record.get_status_display(), shown_by_default=True)
    warehouse = Column("Warehouse", attribute("warehouse_name"), shown_by_default=True)
    shipping_method = Column("Shipping method", attribute("shipping_method_name"), shown_by_default=True)
    market = Column("Market", attribute("market_name"), shown_by_default=True)
    ship_to_name = Column("Ship to", ship_to_name, shown_by_default=True)
    ship_to_city = Column("City", _related("address.city"), shown_by_default=True)
    items = Column("Items", lambda record: str(record.item_count), numeric=True, shown_by_default=True)
    created = Column("Created", moment("created"), sort="created", shown_by_default=True, initial_sort_descending=True)
    pick_list = Column("Pick list", _related("pick_list.number"), shown_by_default=True)

    @classmethod
    def prepare(cls, records):
        if not records:
            return records
        ids = [record.pk for record in records]
        items = dict(LineItem.objects.filter(shipment_id__in=ids).values("shipment_id").annotate(n=Sum("quantity"))
                     .values_list("shipment_id", "n"))
        order_ids = {record.order_form.order_group_id for record in records}
        siblings: dict[int, list] = {}
        for pk, form_id, order_id in Shipment.objects.filter(order_form__order_group_id__in=order_ids).values_list(
                "pk", "order_form_id", "order_form__order_group_id"):
            siblings.setdefault(order_id, []).append(Shipment(pk=pk, order_form_id=form_id))
        numbers = {pk: number for group in siblings.values() for pk, number in shipment_numbers(group).items()}
        markets = {market.pk: market.name for market in reference.markets()}
        warehouses = {warehouse.pk: warehouse.name for warehouse in reference.warehouses()}
        for record in records:
            order = record.order_form.order_group
            record.order_number = order.number
            record.market_name = markets.get(record.market_id, "")
            record.warehouse_name = warehouses.get(record.warehouse_id, "")
            record.item_count = items.get(record.pk, 0)
            record.number_on_order = numbers.get(record.pk, 1)
        return records

    @classmethod
    def html_rows(cls, records, keys) -> list[str]:
        """As PortalTable's (escaped text cells), after a checkbox to choose the shipment; the order
        and the pick list link to their pages."""
        order_link = reverse("po:order_detail", args=["1234567890"])
        pick_list_link = reverse("pick_list_detail", args=["1234567890"])
        rows = []
        for record, cells in cls.text_rows(records, keys):
            label = f"Select shipment {record.number_on_order} of {record.order_number}"
            html = [format_html('<td class="select"><input type="checkbox" name="shipment" value="{}" '
                                'aria-label="{}" data-select-row></td>', record.pk, label)]
            for key, text in zip(keys, cells, strict=True):
                if key == "order":
                    url = order_link.replace("1234567890", quote(record.order_number))
                    html.append(format_html('<td><a href="{}">{}</a></td>', url, text))
                elif key == "pick_list" and text:
                    url = pick_list_link.replace("1234567890", quote(text))
                    html.append(format_html('<td><a href="{}">{}</a></td>', url, text))
                elif cls.base_columns[key].numeric:
                    html.append('<td class="number">' + escape(text) + "</td>")
                else:
                    html.append("<td>" + escape(text) + "</td>")
            rows.append(mark_safe("".join(html)))
        return rows
