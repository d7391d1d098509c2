"""Who may use the portal: logged-in members of the CSR group (superusers too)."""
import time
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format


def is_csr(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Cached on the user object: a page asks many times but runs the query once.
    if not hasattr(user, "_is_csr"):
        user._is_csr = user.groups.filter(name=settings.CSR_GROUP_NAME).exists()
    return user._is_csr


# A role granted is trusted for this long before it is looked up again: every page saves the
# query, and a role taken away stops working within these minutes.
ROLE_RECHECK_SECONDS = 300


def _is_csr_now(request) -> bool:
    now = time.time()
    if request.session.get("csr_role_until", 0) > now:
        return True
    if not is_csr(request.user):
        return False
    request.session["csr_role_until"] = now + ROLE_RECHECK_SECONDS
    return True


def csr_required(view):
    """Anonymous users go to the login page; logged-in users without the CSR role get a 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not _is_csr_now(request):
            raise PermissionDenied("Your account does not have the Customer Service Representative role.")
        return view(request, *args, **kwargs)

    return wrapper


def user_name(user) -> str:
    """Who did it, as the CSR reads it: full name, else username; "the system" for a job."""
    return (user.get_full_name() or user.get_username()) if user else "the system"


def changed_since_opened(record, *, name: str, opened: str, reload: str) -> str:
    """The refusal of a stale edit (orders and customers alike): who changed `record` and when.
    `record` has modified and modified_by; `name` names it ("PO10042")."""
    who = user_name(record.modified_by) if record.modified_by_id else "someone"
    when = date_format(timezone.localtime(record.modified), "DATETIME_FORMAT")
    return (f"{name} was changed by {who} at {when} after you opened {opened}. "
            f"Nothing was saved: reload {reload} to see their changes, then try again.")
