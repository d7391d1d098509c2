"""Reserving, releasing and shipping stock for the lines of a shipment.

Stock rows are locked in a fixed order (by id) so that two orders taking the same SKUs cannot
deadlock; the values are then computed under the lock.
"""
from catalog.models import Sku, Stock, Warehouse
from orders.operations.base import OrderError


def choose_warehouse(shipment, market) -> Warehouse | None:
    if shipment.warehouse_id:
        return shipment.warehouse
    return Warehouse.objects.filter(markets=market).order_by("code").first() or Warehouse.objects.order_by("code").first()


def _quantities(lines) -> dict[int, int]:
    wanted = {}
    for line in lines:
        if line.sku_id:
            wanted[line.sku_id] = wanted.get(line.sku_id, 0) + line.quantity
    return wanted


def _locked_rows(warehouse: Warehouse, sku_ids) -> dict[int, Stock]:
    rows = {
        row.sku_id: row
        for row in Stock.objects.select_for_update().filter(warehouse=warehouse, sku_id__in=sku_ids).order_by("id")
    }
    for sku_id in sku_ids:
        if sku_id not in rows:
            rows[sku_id] = Stock.objects.create(sku_id=sku_id, warehouse=warehouse)
    return rows


def reserve(lines, warehouse: Warehouse | None) -> None:
    """Reserve each line's quantity; more than is available only for SKUs that allow backorders."""
    wanted = _quantities(lines)
    if not wanted or warehouse is None:
        return
    backorderable = set(Sku.objects.filter(pk__in=wanted, allow_backorder=True).values_list("pk", flat=True))
    rows = _locked_rows(warehouse, wanted)
    for sku_id, quantity in wanted.items():
        row = rows[sku_id]
        if quantity > row.available and sku_id not in backorderable:
            code = next(line.sku_code for line in lines if line.sku_id == sku_id)
            raise OrderError(
                f"Only {max(row.available, 0)} of {code} available at {warehouse.name}, {quantity} wanted, "
                "and this SKU cannot be backordered.",
                field="quantity",
            )
        row.reserved += quantity
    Stock.objects.bulk_update(rows.values(), ["reserved"])


def release(lines, warehouse: Warehouse | None, *, shipped: bool = False) -> None:
    """Give the lines' reservation back; when `shipped`, the goods have left, so the stock goes down too."""
    wanted = _quantities(lines)
    if not wanted or warehouse is None:
        return
    rows = _locked_rows(warehouse, wanted)
    for sku_id, quantity in wanted.items():
        rows[sku_id].reserved = max(rows[sku_id].reserved - quantity, 0)
        if shipped:
            rows[sku_id].in_stock = max(rows[sku_id].in_stock - quantity, 0)
    Stock.objects.bulk_update(rows.values(), ["reserved", "in_stock"] if shipped else ["reserved"])


def shortfalls(order, lines) -> list[str]:
    """SKUs the order wants more of than the market's warehouses have (backorderable ones aside):
    "MUG-BLUE: 6 wanted across this order, 5 in stock ...", the quantity of every line of the SKU
    in every shipment added up, against what all the market's warehouses have available."""
    wanted = _quantities(lines)
    available = {}
    for row in Stock.objects.filter(sku__in=wanted, warehouse__markets=order.market_id):
        available[row.sku_id] = available.get(row.sku_id, 0) + row.available
    backorderable = set(Sku.objects.filter(pk__in=wanted, allow_backorder=True).values_list("pk", flat=True))
    codes = {line.sku_id: line.sku_code for line in lines}
    return [
        f"{codes[sku_id]}: {quantity} wanted across this order, {max(available.get(sku_id, 0), 0)} in stock, "
        "and it cannot be backordered."
        for sku_id, quantity in wanted.items()
        if quantity > available.get(sku_id, 0) and sku_id not in backorderable
    ]
