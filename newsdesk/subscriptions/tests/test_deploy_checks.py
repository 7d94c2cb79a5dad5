"""`check --deploy` fails until a payment gateway is chosen with its key, and warns while no money moves."""

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import override_settings

from newsdesk.core.tests.test_settings_and_plumbing import PRODUCTION_ENV, ROOT, _manage
from newsdesk.subscriptions.checks import check_payment_gateway

LIVE_KEY = "sk_live_" + "p" * 40
SECRET_KEY = "a-long-random-production-secret-" + "k" * 40
# Production with everything but a payment gateway configured.
NO_GATEWAY_ENV = {
    **{k: v for k, v in PRODUCTION_ENV.items() if k not in {"SUBSCRIPTIONS_GATEWAY", "PAYSTACK_SECRET_KEY"}},
    "SECRET_KEY": SECRET_KEY,
}


@pytest.mark.parametrize(
    ("configured", "ids"),
    [
        ({"SUBSCRIPTIONS_GATEWAY": ""}, ["subscriptions.E001"]),
        ({"SUBSCRIPTIONS_GATEWAY": "stripe"}, ["subscriptions.E002"]),
        ({"SUBSCRIPTIONS_GATEWAY": "paystack", "PAYSTACK_SECRET_KEY": ""}, ["subscriptions.E003"]),
        ({"SUBSCRIPTIONS_GATEWAY": "paystack", "PAYSTACK_SECRET_KEY": "sk_test_" + "p" * 40}, ["subscriptions.W002"]),
        ({"SUBSCRIPTIONS_GATEWAY": "test"}, ["subscriptions.W001"]),
        ({"SUBSCRIPTIONS_GATEWAY": "paystack", "PAYSTACK_SECRET_KEY": LIVE_KEY}, []),
        ({"SUBSCRIPTIONS_GATEWAY": "off"}, []),
    ],
    ids=["unset", "unknown", "paystack without key", "paystack test key", "test", "paystack live", "off"],
)
def test_the_gateway_check_for_each_configuration(configured, ids):
    with override_settings(**configured):
        assert [issue.id for issue in check_payment_gateway(None)] == ids


@override_settings(SUBSCRIPTIONS_GATEWAY="")
def test_an_unset_gateway_is_an_error_that_names_the_setting_to_set():
    (issue,) = check_payment_gateway(None)
    assert issue.msg == "SUBSCRIPTIONS_GATEWAY is not set, so nobody can subscribe."
    assert issue.hint == (
        "To sell subscriptions set SUBSCRIPTIONS_GATEWAY=paystack and PAYSTACK_SECRET_KEY (docs/deploy.md); "
        "if this site sells no subscriptions, set SUBSCRIPTIONS_GATEWAY=off."
    )
    assert issue.is_serious()


@override_settings(SUBSCRIPTIONS_GATEWAY="test", SUBSCRIPTIONS_TEST_WEBHOOK_SECRET="")
def test_the_test_gateway_warning_says_its_webhooks_are_refused_without_a_secret():
    (issue,) = check_payment_gateway(None)
    assert issue.msg == (
        "SUBSCRIPTIONS_GATEWAY is 'test': readers subscribe with test cards and no money moves (its webhooks are "
        "refused: no secret is set). Every subscription page and email says so."
    )
    assert not issue.is_serious()


PROBE = (
    "from django.conf import settings; "
    "print(repr((settings.SUBSCRIPTIONS_GATEWAY, settings.SUBSCRIPTIONS_TEST_WEBHOOK_SECRET)))"
)


def _probe(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_have_no_gateway_and_no_webhook_secret_by_default_and_the_demo_keeps_the_test_gateway():
    production = _probe(NO_GATEWAY_ENV)
    demo = _probe({"PATH": PRODUCTION_ENV["PATH"], "DJANGO_SETTINGS_MODULE": "newsdesk.settings.dev"})
    assert production.stdout.strip() == "('', '')", production.stderr
    assert demo.stdout.strip() == "('test', 'dev-only-test-gateway-webhook-secret')", demo.stderr


def _deploy_check(configured: dict, *args: str) -> subprocess.CompletedProcess:
    return _manage("check", "--deploy", *args, env={**NO_GATEWAY_ENV, **configured})


def test_the_deploy_check_fails_without_a_gateway_and_each_explicit_configuration_passes():
    live, warn_fails = {"PAYSTACK_SECRET_KEY": LIVE_KEY}, ("--fail-level", "WARNING")
    runs = {
        "nothing configured": ({},),
        "paystack": ({"SUBSCRIPTIONS_GATEWAY": "paystack", **live}, *warn_fails),
        "off": ({"SUBSCRIPTIONS_GATEWAY": "off"}, *warn_fails),
        "test": ({"SUBSCRIPTIONS_GATEWAY": "test", "SUBSCRIPTIONS_TEST_WEBHOOK_SECRET": "s" * 40},),
        "paystack test key": ({"SUBSCRIPTIONS_GATEWAY": "paystack", "PAYSTACK_SECRET_KEY": "sk_test_" + "p" * 40},),
    }
    with ThreadPoolExecutor(max_workers=len(runs)) as pool:  # each run is a fresh interpreter: run them together
        futures = {name: pool.submit(_deploy_check, *run) for name, run in runs.items()}
    results = {name: future.result() for name, future in futures.items()}
    output = {name: result.stdout + result.stderr for name, result in results.items()}
    assert {name: result.returncode for name, result in results.items()} == {
        "nothing configured": 1, "paystack": 0, "off": 0, "test": 0, "paystack test key": 0,
    }, output  # fmt: skip
    closed = output["nothing configured"]
    assert "(subscriptions.E001) SUBSCRIPTIONS_GATEWAY is not set, so nobody can subscribe." in closed
    assert "System check identified 1 issue (2 silenced)." in closed
    for name in ("paystack", "off"):
        assert output[name].strip() == "System check identified no issues (2 silenced).", output[name]
    assert "(subscriptions.W001) SUBSCRIPTIONS_GATEWAY is 'test'" in output["test"]
    assert "(subscriptions.W002) PAYSTACK_SECRET_KEY is a Paystack test key" in output["paystack test key"]
    for name in ("test", "paystack test key"):
        assert "System check identified 1 issue (2 silenced)." in output[name], output[name]
