"""Headers every response gets: a Content-Security-Policy, and Retry-After on a 429 that did not say when."""

import base64
import hashlib

from django.conf import settings

# Markdown tables align their cells with these style attributes (markdown-it writes them, nh3 keeps only
# text-align): allowed by hash, so that no other inline style, and no inline script at all, runs.
TABLE_ALIGN_STYLES = ("text-align:left", "text-align:center", "text-align:right")


def _style_hash(style: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() + "'"


# The API's own HTML pages write inline styles: ReDoc (styled-components) into <style> elements it creates, DRF's
# browsable API in style attributes. Those pages may; their scripts are held to the same 'self' as everywhere.
INLINE_STYLE_PATHS = ("/api/",)


def content_security_policy(*, inline_styles: bool = False) -> str:
    styles = ["'unsafe-inline'"] if inline_styles else ["'unsafe-hashes'", *map(_style_hash, TABLE_ALIGN_STYLES)]
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": " ".join(["'self'", *styles]),
        # Markdown may show images from elsewhere over https, as on Kaggle; notebook outputs are data: URLs.
        "img-src": "'self' data: https:",
        "worker-src": "'self' blob:",  # ReDoc's search index
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


POLICY = content_security_policy()
POLICY_WITH_INLINE_STYLES = content_security_policy(inline_styles=True)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        inline_styles = request.path.startswith(INLINE_STYLE_PATHS)
        response.setdefault("Content-Security-Policy", POLICY_WITH_INLINE_STYLES if inline_styles else POLICY)
        return response


class RetryAfterMiddleware:
    """A 429 names its own wait where the code that refused knows it (the daily limit, a rate window); one that
    does not (allauth's per-minute limits) gets PODIUM_DEFAULT_RETRY_AFTER seconds, so no 429 leaves a client
    guessing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 429:
            response.setdefault("Retry-After", str(getattr(settings, "PODIUM_DEFAULT_RETRY_AFTER", 60)))
        return response

