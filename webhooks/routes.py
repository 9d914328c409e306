"""Every route of the App in one place: the routers of each concern, combined."""

from __future__ import annotations

from webhooks import check_run, issue_comment, pull_request, push
from webhooks.router import Router

ROUTER = Router(pull_request.router, issue_comment.router, check_run.router, push.router)
