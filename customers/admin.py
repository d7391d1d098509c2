"""Customers, their address books, customer groups and B2B organizations.

The customer's page also lists their orders: orders/admin/records.py adds that, for orders
depend on customers and not the other way round.
"""
from django.contrib import admin
from django.db.models import Q

from csrportal.admin import LargeTableAdmin, ModelAdmin
from csrportal.search import email_is, like_pattern
from customers.models import Address, Customer, CustomerGroup, Organization


@admin.register(CustomerGroup)
class CustomerGroupAdmin(ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)
    ordering = ("name",)


class SectionInline(admin.TabularInline):
    model = Organization
    fk_name = "parent"
    fields = ("name", "code")
    verbose_name = "section"
    verbose_name_plural = "sections (each gets its own order form)"
    show_change_link = True
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(ModelAdmin):
    list_display = ("name", "code", "parent")
    list_select_related = ("parent",)
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)
    ordering = ("name",)
    inlines = [SectionInline]


class AddressInline(admin.StackedInline):
    model = Address
    fields = (
        ("label", "is_preferred_billing", "is_preferred_shipping"),
        ("first_name", "last_name", "organization"),
        ("line1", "line2"),
        ("postal_code", "city", "region", "country_code"),
        ("phone", "email"),
    )
    extra = 0


@admin.register(Customer)
class CustomerAdmin(LargeTableAdmin):
    list_display = ("last_name", "first_name", "email", "phone", "group", "organization", "created")
    list_filter = ("group",)
    list_select_related = ("group", "organization")
    search_fields = ("first_name", "last_name", "email")  # searched by get_search_results
    search_help_text = "An email address (whole, any case), or the start of the first or last name."
    autocomplete_fields = ("group", "organization")
    readonly_fields = ("created", "modified")
    ordering = ("last_name", "first_name", "id")
    inlines = [AddressInline]

    def get_search_results(self, request, queryset, search_term):
        """What the indexes serve, where Django's default icontains would scan every customer: an
        email matches whole; each word matches the start of the first or the last name."""
        term = search_term.strip()
        if "@" in term:
            return email_is(queryset, "email", term), False
        for word in term.split():
            pattern = like_pattern(word)
            queryset = queryset.filter(Q(first_name__upper_like=pattern) | Q(last_name__upper_like=pattern))
        return queryset, False
