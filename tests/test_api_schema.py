"""schemathesis against a live test server with the Ba Tơ demo data: no 500, no response that
breaks the OpenAPI schema (status codes, content types, bodies, headers), and invalid input
refused with a 4xx.

Every operation is fuzzed twice: with free values (mostly ids that do not exist: 404/422 paths)
and with the path ids pinned to existing objects (the 200 paths), each in positive and negative
mode, with a bounded, derandomised number of examples so the run stays short and repeatable.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.django_db(transaction=True)]

MAX_EXAMPLES = 20  # per operation and mode: ~1100 requests, ~20 s on an idle machine


@pytest.fixture
def demo_api(live_server, django_user_model):
    from nghiquyet.api.services import create_token
    from nghiquyet.indicators.models import Indicator
    from nghiquyet.reporting import services as reporting
    from nghiquyet.reporting.models import ReportingForm, ReportingFormItem
    from nghiquyet.resolutions.demo import load_demo
    from nghiquyet.resolutions.models import Resolution, Target
    from nghiquyet.units.models import OrgUnit

    load_demo(units="ba-to")  # about 2 s
    admin = django_user_model.objects.create(username="api-admin", is_superuser=True, is_staff=True)
    province = OrgUnit.objects.get(code="P51")
    form = ReportingForm.objects.create(code="BM-API", name="Biểu kiểm thử API", periodicity="year",
                                        scope_unit=province, unit_kinds=["commune"])
    indicators = list(Indicator.objects.filter(value_type="count").order_by("code")[:2])
    for order, indicator in enumerate(indicators):
        ReportingFormItem.objects.create(form=form, indicator=indicator, order=order, required=False)
    communes = list(OrgUnit.objects.filter(kind="commune", parent=province).current().order_by("code")[:2])
    subs = []
    for commune in communes:
        result = reporting.save_draft((form, commune, "2026"), {indicators[0].pk: 10}, admin)
        assert result.ok, result.errors
        subs.append(result.submission)
    reporting.submit(subs[0], admin)
    _, secret = create_token(admin, "schemathesis")
    ids = {
        "unit_id": communes[0].pk,
        "indicator_id": indicators[0].pk,
        "resolution_id": Resolution.objects.order_by("pk").first().pk,
        "target_id": Target.objects.order_by("pk").first().pk,
        "submission_id": subs[1].pk,
    }
    # 127.0.0.1, not "localhost": resolving localhost tries IPv6 first and costs ~40 ms a request.
    url = live_server.url.replace("://localhost:", "://127.0.0.1:")
    return {"url": url, "headers": {"Authorization": f"Bearer {secret}"}, "ids": ids}


def test_api_conforms_to_its_schema(demo_api):
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.generation import GenerationMode
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        negative_data_rejection,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    checks = [
        not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
        response_headers_conformance, negative_data_rejection,
    ]
    base = demo_api["url"]
    schema = schemathesis.openapi.from_url(f"{base}/api/v1/openapi.json")
    hsettings = settings(
        max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
        suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate],
    )
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        pinned = {
            p.name: demo_api["ids"][p.name] for p in operation.path_parameters if p.name in demo_api["ids"]
        }
        variants = [({}, mode) for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
        if pinned:
            variants.append((pinned, GenerationMode.POSITIVE))
        for path_parameters, mode in variants:
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters or None)

            @hsettings
            @given(case=strategy)
            def run(case):
                case.call_and_validate(base_url=base, headers=demo_api["headers"], checks=checks)

            try:
                run()
            except Exception as exc:  # collect every operation's failure, then report them all
                failures.append(f"{operation.label} [{mode.value}{' pinned' if path_parameters else ''}]: {exc}")
    assert not failures, "\n\n".join(failures)
