from django.shortcuts import redirect, render

from csrportal.auth import csr_required


@csr_required
def home(request):
    return redirect("purchase_orders")


@csr_required
def section(request, section):
    """The Order Management tabs whose own screens have not been built yet."""
    return render(request, "portal/section.html", {"section": section})


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)
