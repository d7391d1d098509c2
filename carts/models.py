from django.db import models

from orders.models import Kind, OrderGroup, OrderGroupQuerySet

DEFAULT_CART = "Default"
WISHLIST = "Wishlist"


class CartManager(models.Manager.from_queryset(OrderGroupQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Kind.CART)


class Cart(OrderGroup):
    """A customer's (or an anonymous visitor's) cart; a wish list is a cart named "Wishlist"."""

    objects = CartManager()

    class Meta:
        proxy = True
        ordering = ["-created", "-id"]
