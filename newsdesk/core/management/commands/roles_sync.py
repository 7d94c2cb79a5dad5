from django.core.management.base import BaseCommand, CommandError

from newsdesk.core.roles import ROLES_BY_NAME, markdown_table, sync_roles


class Command(BaseCommand):
    help = (
        "Give each newsroom role's group exactly the permissions newsdesk/core/roles.py lists: add what is missing, "
        "remove what it no longer grants. Other groups are not touched. Run after every upgrade; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("roles", nargs="*", metavar="ROLE", help="Only these roles (default: all).")
        parser.add_argument(
            "--table", action="store_true", help="Print the role table as Markdown (for docs/roles.md); change nothing."
        )

    def handle(self, *args, **options):
        if options["table"]:
            self.stdout.write(markdown_table(), ending="")
            return
        names = options["roles"] or None
        unknown = sorted(set(names or []) - set(ROLES_BY_NAME))
        if unknown:
            raise CommandError(f"No role {', '.join(map(repr, unknown))}; the roles are: {', '.join(ROLES_BY_NAME)}.")
        try:
            report = sync_roles(names=names)
        except LookupError as error:
            raise CommandError(str(error)) from None
        for group, changes in report.changes.items():
            for change in changes:
                self.stdout.write(f"{group}: {change}")
        self.stdout.write("Roles changed." if report.changed else "Roles already match the table; nothing changed.")
