from csrportal.tables import Column, PortalTable, attribute, moment, money, money_text
from orders.models import OrderGroup


def balance(record) -> str:
    """"12.00 USD" due, or "Refund due 12.00 USD": never a negative balance due."""
    amount = money_text(record.balance_amount, record.currency)
    return f"{record.balance_label} {amount}" if record.refund_due else amount


class PurchaseOrderTable(PortalTable):
    preference_key = "purchase_orders"
    link_column = "number"
    detail_url_name = "po:order_detail"

    number = Column("No.", attribute("number"), sort="number", shown_by_default=True)
    created = Column("Created", moment("created"), sort="created", shown_by_default=True, initial_sort_descending=True)
    modified = Column("Modified", moment("modified"), sort="modified", initial_sort_descending=True)
    name = Column("Name", attribute("name"))
    customer_name = Column("Customer name", attribute("customer_name"), sort="customer_name", shown_by_default=True)
    customer_email = Column("Customer email", attribute("customer_email"), sort="customer_email", shown_by_default=True)
    organization = Column("Organization", attribute("organization_name"))
    market = Column("Market", lambda record: record.market.name, shown_by_default=True)
    currency = Column("Currency", attribute("currency"))
    status = Column("Status", lambda record: record.get_status_display(), shown_by_default=True)
    items = Column("Items", attribute("item_count"), numeric=True, shown_by_default=True)
    subtotal = Column("Subtotal", money("subtotal"), numeric=True)
    discounts = Column("Discounts", money("discount_total"), numeric=True)
    shipping = Column("Shipping", money("shipping_total"), numeric=True)
    tax = Column("Tax", money("tax_total"), numeric=True)
    total = Column("Total", money("total"), sort="total", numeric=True, shown_by_default=True, per_currency=True,
                   initial_sort_descending=True)
    balance_due = Column("Balance due", balance, sort="balance_due", numeric=True, shown_by_default=True, per_currency=True,
                         initial_sort_descending=True)
    shipments = Column("Shipments", attribute("shipment_summary"), shown_by_default=True)
    subscription = Column("Subscription", attribute("subscription_number"))

    @classmethod
    def prepare(cls, records):
        subscription_ids = {record.subscription_id for record in records if record.subscription_id}
        subscriptions = dict(OrderGroup.objects.filter(pk__in=subscription_ids).values_list("id", "number")) if subscription_ids else {}
        for record in records:
            record.subscription_number = subscriptions.get(record.subscription_id, "")
        return records
