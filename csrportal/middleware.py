import time
import zoneinfo

from django.db import connection
from django.http import Http404
from django.utils import timezone


class NoNulInPathMiddleware:
    """No page's address holds a NUL character, and PostgreSQL refuses one in any text it is sent:
    such a path (/orders/%00/) is not found, before any view looks it up. A NUL in a parameter or a
    posted value is the form's to refuse (Django's CharField says so beside the field)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404("No page has a NUL character in its address.")
        return self.get_response(request)


class UserTimezoneMiddleware:
    """Show times in the CSR's own time zone (kept on their preferences) when they have one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = request.session.get("time_zone") if hasattr(request, "session") else None
        if name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class ServerTimingMiddleware:
    """Say in a Server-Timing header how long the response took and how much of it was SQL, so a
    browser's network panel and `make bench` see the server's own time beside the wall time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        spent = {"db": 0.0, "queries": 0}

        def timed(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent["db"] += time.perf_counter() - started
                spent["queries"] += 1

        started = time.perf_counter()
        with connection.execute_wrapper(timed):
            response = self.get_response(request)
        total = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = (f'app;dur={total:.1f}, db;dur={spent["db"] * 1000:.1f};desc="{spent["queries"]} queries"')
        return response
