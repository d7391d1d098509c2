"""Subscriptions: the order page of orders/admin, read-only,
with the schedule; and the schedules, which administrators set."""
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten
from django.http import HttpResponseRedirect

from csrportal.admin import LargeTableAdmin
from orders.admin import OrderGroupAdmin, order_fieldsets, order_link
from orders.admin.viewing import number_search
from orders.operations import OrderError
from subscriptions.models import Schedule, Subscription
from subscriptions.operations import SCHEDULE_SETTINGS, subscription_set_schedule

SCHEDULE_FIELDS = (("cycle_mode", "cycle_length"), ("start_date", "end_date", "max_cycles"), "active",
                   ("completed_cycles", "last_transaction_date", "next_cycle_date"))
# The recurring job counts the cycles; an administrator sets the schedule.
COUNTED_BY_THE_JOB = ("completed_cycles", "last_transaction_date", "next_cycle_date")


class ScheduleInline(admin.StackedInline):
    """The subscription's schedule, shown; "Change" opens the schedule's own page, where it is set."""

    model = Schedule
    fields = SCHEDULE_FIELDS
    readonly_fields = flatten(SCHEDULE_FIELDS)
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(OrderGroupAdmin):
    list_display = ("number", "customer_name", "customer_email", "market", "cycle", "next_cycle",
                    "schedule_active", "total_amount", "created", "modified")
    list_filter = ("schedule__active", "market")
    list_select_related = ("market", "schedule")
    fieldsets = order_fieldsets(leave_out=("status", "cancel_reason"))
    inlines = [ScheduleInline, *OrderGroupAdmin.inlines]

    @admin.display(description="every")
    def cycle(self, subscription):
        schedule = getattr(subscription, "schedule", None)
        return str(schedule) if schedule else "-"

    @admin.display(description="next cycle")
    def next_cycle(self, subscription):
        schedule = getattr(subscription, "schedule", None)
        return schedule.next_cycle_date if schedule else None

    @admin.display(description="active", boolean=True, ordering="schedule__active")
    def schedule_active(self, subscription):
        schedule = getattr(subscription, "schedule", None)
        return schedule.active if schedule else None


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = Schedule
        fields = SCHEDULE_SETTINGS

    def clean_max_cycles(self):
        # The table's check (completed_cycles <= max_cycles) names a field this form does not
        # edit, so Django does not run it here: without this, a lower maximum is a database error.
        max_cycles = self.cleaned_data["max_cycles"]
        if max_cycles and max_cycles < self.instance.completed_cycles:
            raise forms.ValidationError(
                f"{self.instance.completed_cycles} cycles have run already: the maximum can be no lower.")
        return max_cycles


@admin.register(Schedule)
class ScheduleAdmin(LargeTableAdmin):
    """A subscription's schedule: made with the subscription, set here, counted by the recurring job."""

    form = ScheduleForm
    list_display = ("subscription_link", "cycle", "start_date", "end_date", "next_cycle_date", "completed_cycles",
                    "active")
    list_filter = ("active", "cycle_mode")
    list_select_related = ("subscription",)
    search_fields = ("subscription__number",)  # searched by get_search_results
    search_help_text = "A subscription's number."
    ordering = ("-subscription_id",)
    fields = ("subscription_link", *SCHEDULE_FIELDS)
    readonly_fields = ("subscription_link", *COUNTED_BY_THE_JOB)

    def get_search_results(self, request, queryset, search_term):
        return number_search(queryset, search_term, "subscription__number"), False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """Through the operation: only what the administrator changed is written (the recurring job
        moves completed_cycles and last_transaction_date meanwhile), with the subscription's System note.
        The subscription's version is the one read in this request, as for the status actions."""
        try:
            subscription_set_schedule(obj.subscription, user=request.user, version=obj.subscription.version,
                                      **{name: form.cleaned_data[name] for name in form.changed_data})
        except OrderError as refused:
            # The form checked the same rules; only a race (a cycle counted meanwhile) gets here.
            request.schedule_refused = refused.message

    def log_change(self, request, obj, message):
        if not getattr(request, "schedule_refused", None):
            super().log_change(request, obj, message)

    def response_change(self, request, obj):
        refused = getattr(request, "schedule_refused", None)
        if refused:
            self.message_user(request, refused, messages.ERROR)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    @admin.display(description="subscription", ordering="subscription__number")
    def subscription_link(self, schedule):
        return order_link(schedule.subscription)

    @admin.display(description="every")
    def cycle(self, schedule):
        return str(schedule)
