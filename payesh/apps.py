from django.apps import AppConfig


class PayeshConfig(AppConfig):
    name = "payesh"
    verbose_name = "Payesh"
