"""factory-boy factories, one module per app they build for, used by the tests and by `seed_demo`.

    demo.factories.catalog        markets, SKUs, prices, stock, shipping and payment methods, coupons
    demo.factories.customers      customers, address books, groups, B2B organizations
    demo.factories.orders         purchase orders, carts and subscriptions with their parts
    demo.factories.subscriptions  subscription schedules
"""
