"""Demo data: what `manage.py seed_demo` creates, the factories the tests build with, and the
checks that it is consistent.

The top layer: it may import every app, and no app imports it (tests do).

- `reference`: markets, catalog, prices, stock, shipping and payment methods, coupons, users,
  built with the factories (`demo.factories`, one module per app);
- `people`: customers with address books and B2B organizations, drawn from small Faker pools;
- `generate`: carts, subscriptions and purchase orders as plain rows (`rows`), with the cached
  totals of orders.calculator; `states`: shipment statuses that agree with an order's status;
- `writers`: ids and numbers reserved up front, rows written by COPY on PostgreSQL and
  bulk_create elsewhere, indexes rebuilt and foreign keys checked after a big load;
- `seed`: the whole run, as the command calls it, and `mismatches`, the check that what it
  stored is what orders.calculator gives (on a sample after every run, on everything in tests).
"""
