"""Who may use the portal: logged-in members of the CSR group (superusers too)."""
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def is_csr(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Cached on the user object: a page asks many times but runs the query once.
    if not hasattr(user, "_is_csr"):
        user._is_csr = user.groups.filter(name=settings.CSR_GROUP_NAME).exists()
    return user._is_csr


def csr_required(view):
    """Anonymous users go to the login page; logged-in users without the CSR role get a 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not is_csr(request.user):
            raise PermissionDenied("Your account does not have the Customer Service Representative role.")
        return view(request, *args, **kwargs)

    return wrapper
