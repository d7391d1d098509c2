"""Customers, their address books, customer groups and B2B organizations.

A customer and their address book are changed here by the same rules as in the portal: the forms
ask customers.operations whether the values pass (customer_checked, address_checked: a taken email
or a second preferred address is an error beside the field, never a database error), and saving
goes through the operations, which bump the customer's version and write the History tab's System
notes. The customer's page also lists their orders: orders/admin/records.py adds that, for orders
depend on customers and not the other way round.
"""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from csrportal.admin import LargeTableAdmin, ModelAdmin
from csrportal.search import email_is, like_pattern
from customers import operations as ops
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


class AddressForm(forms.ModelForm):
    """An entry of the address book, checked by the operations' rules (address_checked)."""

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                data.update(ops.address_checked(data))
            except ops.CustomerError as refused:
                self.add_error(refused.field if refused.field in self.fields else None, refused.message)
        return data


class AddressBookFormSet(forms.BaseInlineFormSet):
    """The address book as a whole: one preferred billing and one preferred shipping address at most."""

    def clean(self):
        super().clean()
        kept = [form for form in self.forms
                if form not in self.deleted_forms and getattr(form, "cleaned_data", None)]
        for kind, flag in ops.PREFERRED.items():
            if sum(1 for form in kept if form.cleaned_data.get(flag)) > 1:
                raise ValidationError(f"Only one address can be the preferred {kind} address: untick all but one.")


class AddressInline(admin.StackedInline):
    model = Address
    form = AddressForm
    formset = AddressBookFormSet
    fields = (
        ("label", "is_preferred_billing", "is_preferred_shipping"),
        ("first_name", "last_name", "organization"),
        ("line1", "line2"),
        ("postal_code", "city", "region", "country_code"),
        ("phone", "email"),
    )
    extra = 0


PERSONAL = ("first_name", "middle_name", "last_name", "email", "phone", "group", "organization", "section",
            "preferred_language", "preferred_currency")


class CustomerForm(forms.ModelForm):
    """The personal information, checked by the operations' rules (customer_checked) and against the
    version the page was drawn from."""

    class Meta:
        model = Customer
        fields = (*PERSONAL, "version")
        widgets = {"version": forms.HiddenInput}

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        existing = self.instance if self.instance.pk else None
        try:
            data.update(ops.customer_checked(customer=existing, **{name: data.get(name) for name in PERSONAL}))
        except ops.CustomerError as refused:
            self.add_error(refused.field if refused.field in self.fields else None, _refusal(refused))
        if existing is not None:
            current = Customer.objects.select_related("modified_by").get(pk=existing.pk)
            if current.version != data.get("version"):
                self.add_error(None, ops.StaleCustomer(current).message)
        return data


def _refusal(refused: ops.CustomerError):
    """The refusal, with a link to the customer whose email it is when it names one."""
    if refused.existing is None:
        return refused.message
    url = reverse("admin:customers_customer_change", args=[refused.existing.pk])
    return format_html('{} <a href="{}">Open {}</a>', refused.message, url, refused.existing.full_name)


@admin.register(Customer)
class CustomerAdmin(LargeTableAdmin):
    form = CustomerForm
    list_display = ("last_name", "first_name", "email", "phone", "group", "organization", "created")
    list_filter = ("group",)
    list_select_related = ("group", "organization")
    search_fields = ("first_name", "last_name", "email")  # searched by get_search_results
    search_help_text = "An email address (whole, any case), or the start of the first or last name."
    autocomplete_fields = ("group", "organization", "section")
    fieldsets = (
        (None, {"fields": (("first_name", "middle_name", "last_name"), ("email", "phone"), "group",
                           ("organization", "section"), ("preferred_language", "preferred_currency"), "version")}),
        ("Record", {"fields": (("created", "modified", "modified_by"), ("order_count", "last_order_at",
                                                                       "last_order_market"))}),
    )
    readonly_fields = ("created", "modified", "modified_by", "order_count", "last_order_at", "last_order_market")
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

    def save_model(self, request, obj, form, change):
        """Through customer_create / customer_update, with the version the page was drawn from. The
        form checked the same rules; only a race (the email taken, the customer changed meanwhile)
        is refused here, and shown as a message."""
        values = {name: form.cleaned_data[name] for name in PERSONAL}
        try:
            if change:
                ops.customer_update(obj, user=request.user, version=form.cleaned_data["version"], **values)
            else:
                created = ops.customer_create(user=request.user, **values)
                for field in Customer._meta.concrete_fields:
                    setattr(obj, field.attname, getattr(created, field.attname))
                obj._state.adding = False
        except ops.NothingChanged:
            pass  # perhaps only the address book changed
        except ops.CustomerError as refused:
            request.customer_refused = refused.message

    def save_related(self, request, form, formsets, change):
        if not getattr(request, "customer_refused", None):
            super().save_related(request, form, formsets, change)

    def save_formset(self, request, form, formset, change):
        """The address book through the operations: each address added, changed or deleted, and the
        preferred billing and shipping address set, with its System note."""
        if formset.model is not Address:
            return super().save_formset(request, form, formset, change)
        customer, user = form.instance, request.user
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for deleted in formset.deleted_forms:
            if deleted.instance.pk:
                ops.address_delete(customer, user=user, version=None, address_id=deleted.instance.pk)
                formset.deleted_objects.append(deleted.instance)
        preferred = dict.fromkeys(ops.PREFERRED)
        for entry in formset.forms:
            if entry in formset.deleted_forms or not entry.has_changed() and entry.instance.pk is None:
                continue
            values = {name: entry.cleaned_data[name] for name in ("label", *Address.ADDRESS_FIELDS)}
            changed = [name for name in entry.changed_data if name in values]
            if entry.instance.pk is None:
                entry.instance = ops.address_add(customer, user=user, version=None, **values)
                formset.new_objects.append(entry.instance)
            elif changed:
                ops.address_update(customer, user=user, version=None, address_id=entry.instance.pk, **values)
                formset.changed_objects.append((entry.instance, entry.changed_data))
            for kind, flag in ops.PREFERRED.items():
                if entry.cleaned_data.get(flag):
                    preferred[kind] = entry.instance.pk
        for kind, flag in ops.PREFERRED.items():
            now = Address.objects.filter(customer=customer, **{flag: True}).values_list("pk", flat=True).first()
            if preferred[kind] and preferred[kind] != now:
                ops.address_make_preferred(customer, user=user, version=None, address_id=preferred[kind], kind=kind)
            elif preferred[kind] is None and now is not None:
                ops.address_clear_preferred(customer, user=user, version=None, kind=kind)

    def log_addition(self, request, obj, message):
        if not getattr(request, "customer_refused", None):
            super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if not getattr(request, "customer_refused", None):
            super().log_change(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        return self._refused(request) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._refused(request) or super().response_change(request, obj)

    def _refused(self, request):
        refused = getattr(request, "customer_refused", None)
        if refused:
            self.message_user(request, f"Nothing was saved: {refused}", messages.ERROR)
            return HttpResponseRedirect(request.path)
        return None
