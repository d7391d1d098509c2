from catalog.models import Price
from orders.models import LineItem, OrderGroup


def current_prices(order: OrderGroup, lines) -> dict[int, object]:
    """Line id -> today's price in the order's market, for lines whose price has moved since."""
    prices = dict(Price.objects.filter(sku__in={line.sku_id for line in lines if line.sku_id}, market=order.market_id,
                                       currency=order.currency).values_list("sku_id", "amount"))
    return {line.pk: prices[line.sku_id] for line in lines
            if line.sku_id in prices and line.placed_price != prices[line.sku_id]}


def reprice(order: OrderGroup) -> list[str]:
    """Put every line of a cart at the market's current price; returns the SKUs whose price moved.

    A cart promises nothing yet, so it always shows today's prices; a purchase order keeps the
    prices it was placed at. A SKU no longer priced in the market keeps its old price (placing
    the order refuses it).
    """
    lines = list(LineItem.objects.filter(shipment__order_form__order_group=order))
    prices = current_prices(order, lines)
    moved = [line for line in lines if line.pk in prices]
    for line in moved:
        line.placed_price = line.list_price = prices[line.pk]
    LineItem.objects.bulk_update(moved, ["placed_price", "list_price"])
    return [line.sku_code for line in moved]

