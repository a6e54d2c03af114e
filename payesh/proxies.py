"""The client's address, also behind reverse proxies (PAYESH_TRUSTED_PROXIES).

Directly on the network, the client is the connection's address (REMOTE_ADDR), and an
X-Forwarded-For header is the client's own words: ignored. Behind N trusted proxies (a TLS
proxy in front of gunicorn: N = 1), every connection comes from the nearest proxy, and each
proxy appends the address it was reached from to X-Forwarded-For: the client is the N-th
address from the right. Addresses further left were written by the client and are never
believed. Login lockouts (django-axes) and the API's anonymous budget read this one function."""

import ipaddress

from django.conf import settings


def client_address(request):
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.PAYESH_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < proxies:  # the proxy was bypassed, or is configured otherwise: the connection's
        return remote
    try:
        return str(ipaddress.ip_address(hops[-proxies]))
    except ValueError:
        return remote
