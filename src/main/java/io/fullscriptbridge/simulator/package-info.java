/**
 * The Fullscript simulator: a stateful, in-memory, thread-safe stand-in for Fullscript's REST API, served by the
 * application itself when {@code bridge.simulator.enabled=true} (see {@link io.fullscriptbridge.simulator.SimulatorProperties}).
 *
 * <h2>Simulated API</h2>
 * Base URL {@code http://host:port/simulator/fullscript/api}:
 * <ul>
 *   <li>{@code GET|POST /oauth/authorize} (consent page), {@code POST /oauth/token}
 *       (authorization_code, refresh_token with rotation), {@code POST /oauth/revoke}</li>
 *   <li>{@code GET /clinic}, {@code GET /clinic/metadata?id=&type=}</li>
 *   <li>{@code GET|POST /clinic/patients}, {@code GET|PATCH /clinic/patients/{id}},
 *       {@code GET /clinic/search/patients?query=&patient_type=}</li>
 *   <li>{@code GET /clinic/practitioners}, {@code GET|PATCH /clinic/practitioners/{id}}, the same for
 *       {@code /clinic/staff}</li>
 *   <li>{@code GET /clinic/patients/{id}/treatment_plans}, {@code GET|PATCH /clinic/treatment_plans/{id}},
 *       {@code POST /clinic/patients/{id}/treatment_plans} (restricted: 403 by default)</li>
 *   <li>{@code GET /events/patients|treatment_plans|orders|...} (event ids), {@code GET /events/{id}}</li>
 *   <li>{@code GET /webhooks/deliveries}; events are also sent as signed webhooks with the challenge handshake
 *       and retries ({@link io.fullscriptbridge.simulator.SimulatorWebhooks}, {@code bridge.simulator.webhook.*})</li>
 * </ul>
 * Changes made through the API raise no events; portal actions ({@link io.fullscriptbridge.simulator.SimulatorPortal},
 * {@code /simulator/admin/portal/**}) do.
 * Seed data and the seeded bearer tokens ({@code sim-seed-*}) are constants in
 * {@link io.fullscriptbridge.simulator.SimulatorSeed}.
 *
 * <h2>Controls</h2>
 * Under {@code /simulator/admin}: {@code POST /reset}; {@code GET|DELETE /requests} (counts, also the
 * {@link io.fullscriptbridge.simulator.SimulatorRequestLog} bean); {@code GET|POST|DELETE /faults}
 * ({@link io.fullscriptbridge.simulator.FaultSettings}); {@code GET|POST|DELETE /oauth/auto-approve};
 * {@code POST /tokens/expire}; {@code GET /state}.
 *
 * <h2>Not built yet</h2>
 * Dynamic links.
 */
package io.fullscriptbridge.simulator;
