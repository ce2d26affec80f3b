"""Describes the API-key authentications in the OpenAPI schema (drf-spectacular finds these on import)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.ApiKeyTokenAuthentication"
    name = "apiKeyToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "`Token <your API key>` (the key is on your account settings page)."}


class ApiKeyBasicScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.ApiKeyBasicAuthentication"
    name = "apiKeyBasic"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "basic", "description": "Your username and your API key as the password."}
