#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csrportal.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A missing or bad setting from the environment (csrportal/env.py names the variable):
        # say so in one line instead of a traceback. README.md, "Running a command", lists them.
        sys.exit(f"Cannot start: {error}\nSet it in the environment (for the demo: DEBUG=1), see README.md.")


if __name__ == "__main__":
    main()
