"""Shared set-up of the API tests: the progress tests' data (tests/test_progress.build), a token
per role, and a client that sends one."""

import json

from django.test import Client

from api import tokens

ROLES = ("director", "planner", "staff", "head_a", "head_b")


class ApiClient:
    """The test client with `Authorization: Bearer <token>` on every request, JSON bodies."""

    def __init__(self, token=None, language=None):
        self.client = Client()
        self.headers = {}
        if token:
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        if language:
            self.headers["HTTP_ACCEPT_LANGUAGE"] = language

    def get(self, url, **params):
        return self.client.get(url, params, **self.headers)

    def post(self, url, body, query=""):
        return self.client.post(url + query, json.dumps(body), content_type="application/json", **self.headers)

    def delete(self, url):
        return self.client.delete(url, **self.headers)


def token_for(user, name="test"):
    return tokens.create(user, name)[1]


def clients(people):
    return {role: ApiClient(token_for(getattr(people, role))) for role in ROLES}


def error_of(response):
    """The API's error shape, checked: {"error": {"code", "message", "fields"}}."""
    body = response.json()
    assert set(body) == {"error"} and {"code", "message", "fields"} <= set(body["error"]), body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]
