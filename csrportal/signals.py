"""What the portal does when a CSR logs in (connected in CsrPortalConfig.ready)."""
from csrportal.models import UserPreferences


def remember_time_zone(sender, request, user, **kwargs):
    """Keep the CSR's own time zone in the session, so pages need no query to show local times."""
    time_zone = UserPreferences.of(user).time_zone
    if time_zone:
        request.session["time_zone"] = time_zone
