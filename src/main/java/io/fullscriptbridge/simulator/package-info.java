/**
 * The Fullscript simulator: a stateful, in-memory, thread-safe stand-in for Fullscript's REST API, served by the
 * application itself when {@code bridge.simulator.enabled=true} (see {@link io.fullscriptbridge.simulator.SimulatorProperties}).
 *
 * <h2>Simulated API</h2>
 * Base URL {@code http://host:port/simulator/fullscript/api}; everything but {@code /oauth/**} needs a bearer token
 * and sees only the token's clinic:
 * <ul>
 *   <li>{@code GET|POST /oauth/authorize} (consent page), {@code POST /oauth/token}
 *       (authorization_code, refresh_token with rotation), {@code POST /oauth/revoke}</li>
 *   <li>{@code GET /clinic}, {@code GET /clinic/metadata?id=&type=} (patient, practitioner, staff, treatment_plan)</li>
 *   <li>{@code GET|POST /clinic/patients}, {@code GET|PATCH /clinic/patients/{id}},
 *       {@code GET /clinic/search/patients?query=&patient_type=}</li>
 *   <li>{@code GET /clinic/practitioners}, {@code GET|PATCH /clinic/practitioners/{id}}, the same for
 *       {@code /clinic/staff}</li>
 *   <li>{@code GET /clinic/patients/{id}/treatment_plans} ({@code sort_by} created_at|updated_at, {@code order_by}
 *       ASC|DESC, paginated, key {@code treatment_plans}), {@code GET|PATCH /clinic/treatment_plans/{id}}
 *       (PATCH: personal_message, recommendations, metadata), {@code POST /clinic/patients/{id}/treatment_plans}
 *       (restricted: 403 unless {@code bridge.simulator.allow-treatment-plan-create})</li>
 *   <li>{@code GET /events/patients|treatment_plans|orders|products|lab_orders|clinic_keys} (filters
 *       {@code created_at}, {@code event_type}, {@code sort_by}, {@code order_by}, pagination),
 *       {@code GET /events/{id}}</li>
 *   <li>{@code GET /webhooks/deliveries} (filters {@code event_id}, {@code successfully_delivered},
 *       {@code attempted_at})</li>
 *   <li>{@code POST|GET /clinic/dynamic_links/treatment_plans}, {@code POST /clinic/dynamic_links/gateway/treatment_plans},
 *       {@code GET /clinic/dynamic_links/treatment_plans/{id}}; the {@code redirect_url} opens
 *       {@code /simulator/fullscript/redirect/{token}} (HTML, no token), whose button posts
 *       {@code /simulator/fullscript/redirect/{token}/activate}</li>
 * </ul>
 * Seed data and the seeded bearer tokens ({@code sim-seed-*}) are constants in
 * {@link io.fullscriptbridge.simulator.SimulatorSeed}.
 *
 * <h2>API changes and portal changes</h2>
 * Fullscript raises events (and webhooks) for what users do in its web app and through Redirect links, never for
 * what an integration changes through the REST API. The simulator keeps that distinction with
 * {@link io.fullscriptbridge.simulator.SimulatorChange.Origin}: REST calls are {@code API} changes;
 * {@link io.fullscriptbridge.simulator.SimulatorPortal} (Java) and {@code /simulator/admin/portal/**} (HTTP) make
 * {@code PORTAL} changes, and so does sending a plan from a dynamic link
 * ({@link io.fullscriptbridge.simulator.SimulatorDynamicLinks#complete}). Only {@code PORTAL} changes become events
 * ({@link io.fullscriptbridge.simulator.SimulatorEvents}) and webhooks
 * ({@link io.fullscriptbridge.simulator.SimulatorWebhooks}).
 *
 * <h2>Shapes chosen where Fullscript's docs are UNCONFIRMED</h2>
 * Each choice is made in one place (named in brackets):
 * <ul>
 *   <li>Event list: {@code {"events": [{"id": "..."}], "meta": {...}}} — ids only, as the events overview says
 *       ("you get a list of applicable event ids. Use retrieve an event to request the event details");
 *       retrieve: {@code {"event": {"id", "type", "created_at", "clinic_id", "data"}}}, the same object a webhook
 *       carries as {@code {"event": ...}}; no {@code integration_id} [{@code SimulatorEventController},
 *       {@code SimulatorJson.Event}]. Lists are paginated like every top-level list.</li>
 *   <li>{@code created_at} filters compare the UTC date; {@code >d} and {@code <d} are strict, {@code a..b} includes
 *       both ends; malformed values, unknown {@code sort_by}/{@code order_by} are 422; an unknown
 *       {@code event_type} simply matches nothing [{@code DateFilter}, {@code Sorting}].</li>
 *   <li>Event data: {@code {"patient": {...}}}, {@code {"treatment_plan": {...}}}; for {@code order.placed} the
 *       order itself ({@code id, order_number, completed_at, treatment_plan_ids, practitioner_ids, patient_id,
 *       line_items[{variant_id, quantity, type, lab_type}]}); {@code order_number} is a numeric string
 *       ("100000001") [{@code SimulatorEvents#data}, {@code SimulatorJson.Order}]. {@code patient.updated} is not
 *       raised for metadata-only changes.</li>
 *   <li>Treatment plan: {@code {id, state, active, available_at, personal_message, patient {id},
 *       practitioner {id}, recommendations [{variant_id, units_to_purchase, refill, take_with, dosage {amount,
 *       frequency, duration, additional_info, format, time_of_day[]}}], resources [], lab_recommendations [],
 *       metadata {id}|null, created_at, updated_at}}; {@code active} is a JSON boolean [{@code SimulatorJson.TreatmentPlan}].
 *       Plans written in the portal start as drafts unless told otherwise; cancelled plans cannot be changed (422).</li>
 *   <li>Webhooks [{@code SimulatorWebhooks}]: POST with an empty body (no Content-Type), then POST of the JSON
 *       payload; both signed with {@code Fullscript-Signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, t + "." +
 *       body)>} (signing the empty call is UNCONFIRMED and harmless); both must be answered 200/201 with
 *       {@code {"challenge": "<token>"}}; challenge timeout 2 s, payload timeout 5 s (UNCONFIRMED). Sent only
 *       while the clinic has a non-revoked grant. Retries after 1 min, 5 min, 30 min, 60 min, 5 h (configurable).
 *       Endpoint disabling (410 / failures for more than 24 h) is not simulated.</li>
 *   <li>Webhook deliveries API: {@code {"deliveries": [{"id", "event_id", "event_type", "successfully_delivered",
 *       "attempt_count", "attempted_at", "status_code", "response", "created_at"}], "meta": {...}}}; only
 *       deliveries with at least one attempt; dropped ones are not listed [{@code SimulatorWebhookDeliveryController}].</li>
 *   <li>Dynamic links: 200 {@code {"dynamic_links": {"redirect_url": "..."}}}; 422 {@code {"error": [...]}} for a
 *       missing ("Practitioner can't be blank") or unknown ("Practitioner not found") practitioner or bad patient
 *       details; 400 for an entrypoint other than catalog|labs. Patients created on the way (unmatched details)
 *       count as API changes (no event); the sent plan is a portal change [{@code SimulatorDynamicLinkController}].</li>
 *   <li>Missing scope: 403 {@code {"error": "insufficient_scope", "error_description": "The action requires the <s>
 *       scope"}} with {@code WWW-Authenticate: Bearer error="insufficient_scope", scope="<s>"} (Doorkeeper's form;
 *       Fullscript's docs only say "Unauthorized"); which endpoint needs which scope: {@code ScopeRules}.</li>
 *   <li>Metadata find hit: {@code {"id": "<your id>", "type": "...", "data": {"id": "<fullscript id>"}}}.</li>
 * </ul>
 *
 * <h2>Controls</h2>
 * Under {@code /simulator/admin} (camelCase JSON, no credentials): {@code POST /reset} (everything, including events,
 * deliveries, plans, orders, links and webhook settings); {@code GET|DELETE /requests} (counts, also the
 * {@link io.fullscriptbridge.simulator.SimulatorRequestLog} bean); {@code GET|POST|DELETE /faults}
 * ({@link io.fullscriptbridge.simulator.FaultSettings}); {@code GET|POST|DELETE /oauth/auto-approve};
 * {@code POST /tokens/expire}; {@code GET /state};
 * {@code POST /portal/patients}, {@code PATCH /portal/patients/{id}}, {@code POST /portal/treatment-plans},
 * {@code POST /portal/treatment-plans/{id}/activate|cancel}, {@code POST /portal/orders}
 * ({@link io.fullscriptbridge.simulator.SimulatorPortalController});
 * {@code GET /events}, {@code POST /events/{id}/created-at}; {@code GET|POST|DELETE /webhooks},
 * {@code GET /webhooks/deliveries}, {@code POST /webhooks/redeliver/{eventId}}, {@code POST /webhooks/release-held};
 * {@code GET /dynamic-links}, {@code POST /dynamic-links/{token}/complete}
 * ({@link io.fullscriptbridge.simulator.SimulatorEventsAdminController}).
 *
 * <h2>Not simulated</h2>
 * Treatment-plan activate/cancel and in-office checkout through the API, orders endpoints, catalog, labs, protocols,
 * Embed session grants, product/lab-order/clinic-key events ({@code treatment_plan.recommendation.updated} and
 * {@code patient.emancipated} are never raised), scope checks on webhooks per event type, {@code integration_id} in events,
 * webhook endpoint disabling.
 */
package io.fullscriptbridge.simulator;
