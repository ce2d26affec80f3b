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
API_PAGE_PATHS = ("/api/",)


def content_security_policy(*, api_pages: bool = False) -> str:
    styles = ["'unsafe-inline'"] if api_pages else ["'unsafe-hashes'", *map(_style_hash, TABLE_ALIGN_STYLES)]
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": " ".join(["'self'", *styles]),
        # Markdown may show images from elsewhere over https, as on Kaggle; notebook outputs are data: URLs. The
        # API's pages show none of another host's: ReDoc's menu asks Redocly's CDN for its logo, which the browser
        # must not even try (Podium works offline).
        "img-src": "'self' data:" if api_pages else "'self' data: https:",
        "worker-src": "'self' blob:",  # ReDoc's search index
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


POLICY = content_security_policy()
POLICY_FOR_API_PAGES = content_security_policy(api_pages=True)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        api_pages = request.path.startswith(API_PAGE_PATHS)
        response.setdefault("Content-Security-Policy", POLICY_FOR_API_PAGES if api_pages else POLICY)
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

