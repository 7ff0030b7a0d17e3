"""Mounted at /api/ by the project's urls.py: the JSON API under v1/, the token page beside it.

No app_name here: ninja reverses its own namespace ("api-v1") from the top level.
"""

from django.urls import path

from . import views
from .api import api

urlpatterns = [
    path("v1/", api.urls),
    path("tokens/", views.tokens, name="api-tokens"),
]
