"""Reading and filling in admin pages in tests."""
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.test import RequestFactory
from django.urls import reverse

from orders.admin import CHANGE_URL_NAME


def order_url(order) -> str:
    """The admin page of a purchase order, cart or subscription."""
    return reverse(CHANGE_URL_NAME[order.kind], args=[order.pk])


def admin_url(obj_or_model, view="change", *args):
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    if view == "change" and not args:
        args = (obj_or_model.pk,)
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _post_value(value):
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, (list, tuple)):
        return [_post_value(item) for item in value]
    return value


def form_data(response) -> dict:
    """What a browser submits for an admin change page nobody has touched, to change and post."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        forms.extend(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if field.disabled or value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else _post_value(value)
    return data


def inline_prefix(response, inline_class) -> str:
    """The form prefix of the inline of this InlineModelAdmin class on the page."""
    [prefix] = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]
                if type(inline.opts) is inline_class]
    return prefix


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def every_action() -> list[tuple]:
    """(model, action name) for each action each registered ModelAdmin offers a superuser."""
    request = RequestFactory().post("/admin/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    return [(model, name) for model, model_admin in admin.site._registry.items()
            for name in model_admin.get_actions(request)]
