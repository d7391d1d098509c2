"""The Carts tab's table: registered and anonymous carts and wish lists."""
from csrportal.tables import Column, PortalTable, attribute, moment, money


def customer(record) -> str:
    """The name on the cart; a cart without a customer account is marked Anonymous."""
    if record.customer_id is None:
        return f"{record.customer_name} (Anonymous)" if record.customer_name else "Anonymous"
    return record.customer_name


class CartTable(PortalTable):
    """Sortable only where an index on (kind, column, id) serves the sort (OrderGroup.Meta.indexes).

    No. is not sortable: cart numbers share one index with every other order number, so a
    descending walk passes every PO before the first cart, and "C100000" sorts before "C99999".
    Created sorts in the order numbers are handed out.
    """

    preference_key = "carts"
    link_column = "number"
    detail_url_name = "cart:order_detail"

    number = Column("No.", attribute("number"), shown_by_default=True)
    name = Column("Name", attribute("name"), shown_by_default=True)
    customer_name = Column("Customer name", customer, sort="customer_name", shown_by_default=True)
    customer_email = Column("Customer email", attribute("customer_email"), sort="customer_email", shown_by_default=True)
    market = Column("Market", lambda record: record.market.name, shown_by_default=True)
    currency = Column("Currency", attribute("currency"))
    items = Column("Items", lambda record: str(record.item_count), numeric=True, shown_by_default=True)
    subtotal = Column("Subtotal", money("subtotal"), numeric=True)
    total = Column("Total", money("total"), sort="total", numeric=True, shown_by_default=True, per_currency=True,
                   initial_sort_descending=True)
    created = Column("Created", moment("created"), sort="created", shown_by_default=True, initial_sort_descending=True)
    modified = Column("Last modified", moment("modified"), sort="modified", shown_by_default=True,
                      initial_sort_descending=True)
