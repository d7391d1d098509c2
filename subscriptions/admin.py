"""Payment plans, shown as subscriptions: the order page of orders/admin.py with the schedule."""
from django.contrib import admin

from orders.admin import OrderGroupAdmin, order_fieldsets
from subscriptions.models import PaymentPlan, Schedule


class ScheduleInline(admin.StackedInline):
    model = Schedule
    fields = (("cycle_mode", "cycle_length"), ("start_date", "end_date", "max_cycles"), "active",
              ("completed_cycles", "last_transaction_date", "next_cycle_date"))
    # The recurring job counts the cycles; an administrator sets the schedule.
    readonly_fields = ("completed_cycles", "last_transaction_date", "next_cycle_date")
    can_delete = False
    max_num = 1


@admin.register(PaymentPlan)
class PaymentPlanAdmin(OrderGroupAdmin):
    list_display = ("number", "customer_name", "customer_email", "market", "cycle", "next_cycle",
                    "schedule_active", "total_amount", "created", "modified")
    list_filter = ("schedule__active", "market")
    list_select_related = ("market", "schedule")
    fieldsets = order_fieldsets(leave_out=("status", "cancel_reason"))
    inlines = [ScheduleInline, *OrderGroupAdmin.inlines]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Schedule:
            return super().save_formset(request, form, formset, change)
        # The recurring job moves completed_cycles and last_transaction_date under a row lock while
        # this page is open: write only what the administrator changed.
        formset.save(commit=False)
        for schedule in formset.new_objects:
            schedule.save()
        for schedule, changed_fields in formset.changed_objects:
            schedule.save(update_fields=changed_fields)

    @admin.display(description="every")
    def cycle(self, plan):
        schedule = getattr(plan, "schedule", None)
        return str(schedule) if schedule else "-"

    @admin.display(description="next cycle")
    def next_cycle(self, plan):
        schedule = getattr(plan, "schedule", None)
        return schedule.next_cycle_date if schedule else None

    @admin.display(description="active", boolean=True, ordering="schedule__active")
    def schedule_active(self, plan):
        schedule = getattr(plan, "schedule", None)
        return schedule.active if schedule else None
