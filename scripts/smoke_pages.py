"""The SQLite smoke of `make test`: after `load_demo`, the pages whose figures are built by hand-written
SQL answer on the embedded database of `make run` too (the suite itself runs on PostgreSQL)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khuyencong.settings")

import django

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from khuyencong.accounts.models import User  # noqa: E402
from khuyencong.geo.models import AdminUnit  # noqa: E402

setup_test_environment()
province = AdminUnit.objects.current().provinces().get(code=33)
PAGES = {
    "bocongthuong": ["/plans/overview/2015/?as_of=2015-09-30", "/plans/overview/2015/figures.xlsx"],
    "canbo": [f"/plans/execution/{province.pk}/2015/?as_of=2015-09-30", "/projects/", "/"],
}
failed = []
for username, paths in PAGES.items():
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=username))
    for path in paths:
        status = client.get(path, HTTP_HOST="127.0.0.1").status_code
        print(f"{status} {username} {path}")
        if status != 200:
            failed.append(path)
sys.exit(f"pages failing on SQLite: {failed}" if failed else 0)
