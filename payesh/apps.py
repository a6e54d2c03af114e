from django.apps import AppConfig


class PayeshConfig(AppConfig):
    name = "payesh"
    verbose_name = "Payesh"

    def ready(self):
        from django.db import connections
        from django.db.backends.signals import connection_created

        from . import checks, dataversion  # noqa: F401  (checks register themselves)

        # Every write of a number, whatever the door, bumps the data version after commit.
        connection_created.connect(dataversion.install, dispatch_uid="payesh.dataversion.install")
        for connection in connections.all(initialized_only=True):
            dataversion.install(connection=connection)
