"""The "Customer Service Representatives" group and the permissions CSRs need."""
from django.conf import settings
from django.db import migrations

# app label -> {model: actions}. CSRs read reference data and work on orders and customers;
# deleting orders or reference data stays with administrators.
CSR_PERMISSIONS = {
    "orders": {
        "ordergroup": ("view", "add", "change"),
        "purchaseorder": ("view", "add", "change"),
        "orderaddress": ("view", "add", "change"),
        "orderform": ("view", "add", "change"),
        "shipment": ("view", "add", "change"),
        "lineitem": ("view", "add", "change", "delete"),
        "payment": ("view", "add", "change"),
        "discount": ("view", "add", "change", "delete"),
        "note": ("view", "add"),
        "returnform": ("view", "add", "change"),
        "returnline": ("view", "add", "change"),
    },
    "carts": {"cart": ("view", "add", "change", "delete")},
    "subscriptions": {"paymentplan": ("view", "add", "change"), "schedule": ("view", "add", "change")},
    "customers": {
        "customer": ("view", "add", "change"),
        "address": ("view", "add", "change", "delete"),
        "customergroup": ("view",),
        "organization": ("view",),
    },
    "catalog": {
        model: ("view",)
        for model in ("market", "product", "sku", "price", "warehouse", "stock", "shippingmethod", "paymentmethod", "coupon")
    },
}


def create_csr_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=settings.CSR_GROUP_NAME)
    codenames = [
        (app_label, f"{action}_{model}")
        for app_label, models in CSR_PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    ]
    permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename) for app_label, codename in codenames
    ]
    group.permissions.set(permissions)


def remove_csr_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=settings.CSR_GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("orders", "0001_initial"),
        ("carts", "0001_initial"),
        ("subscriptions", "0001_initial"),
        ("customers", "0001_initial"),
        ("catalog", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_csr_group, remove_csr_group)]
