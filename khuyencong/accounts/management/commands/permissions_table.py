"""Print the permission table as the Markdown of docs/permissions.md (a test keeps the two equal)."""

from django.core.management.base import BaseCommand

from khuyencong.accounts.permissions import PERMISSIONS, ROLE_LEVELS, Role


def markdown() -> str:
    roles = list(Role)
    lines = [
        "| capability | " + " | ".join(r.value for r in roles) + " |",
        "|---|" + "|".join(":-:" for _ in roles) + "|",
    ]
    for capability, holders in PERMISSIONS.items():
        marks = " | ".join("✓" if role in holders else "" for role in roles)
        lines.append(f"| `{capability.value}` | {marks} |")
    lines += ["", "| role | held at |", "|---|---|"]
    lines += [f"| {role.value} | {', '.join(sorted(ROLE_LEVELS[role]))} |" for role in roles]
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Print the capability table (docs/permissions.md is this output)."

    def handle(self, *args, **options):
        self.stdout.write(markdown(), ending="")
