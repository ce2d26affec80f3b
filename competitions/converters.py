"""A slug converter that accepts Hangul (and any other letters): Django's own `slug` matches ASCII only, so a
competition named in Korean, with a slug like `한국어-요약`, would have no URL. Registered as `uslug` when the app
is ready, before any URLconf is imported."""


class UnicodeSlugConverter:
    regex = r"[-\w]+"  # \w is Unicode-aware: letters of every script, digits and the underscore

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
