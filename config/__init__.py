"""The project's configuration: settings, the root URLconf, WSGI and the health check. Nothing in an
app imports it; the shared code every app may import is the payesh package."""
