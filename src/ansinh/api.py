"""The REST API under /api/v1. Routers live in each app's api.py and are mounted here."""

from ninja import NinjaAPI

api = NinjaAPI(title="ansinh API", version="1", urls_namespace="api")
