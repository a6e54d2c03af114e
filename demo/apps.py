from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo and benchmark data builder: it depends on every other app, and nothing depends on it."""

    name = "demo"
    verbose_name = "demo"
