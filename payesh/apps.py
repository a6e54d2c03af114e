from django.apps import AppConfig


class PayeshConfig(AppConfig):
    name = "payesh"
    verbose_name = "Payesh"

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db import connections
        from django.db.backends.signals import connection_created

        from . import checks, dataversion  # noqa: F401  (checks register themselves)

        # Every write of a number, whatever the door, bumps the data version after commit.
        connection_created.connect(dataversion.install, dispatch_uid="payesh.dataversion.install")
        for connection in connections.all(initialized_only=True):
            dataversion.install(connection=connection)
        # A request looks for data version bumps owed to the cache once (dataversion._deliver_owed).
        request_started.connect(dataversion.request_started, dispatch_uid="payesh.dataversion.request_started")
        request_finished.connect(dataversion.request_finished, dispatch_uid="payesh.dataversion.request_finished")
