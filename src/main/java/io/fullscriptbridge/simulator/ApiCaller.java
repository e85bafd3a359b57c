package io.fullscriptbridge.simulator;

/**
 * Who makes an API call: the token's resource owner (a practitioner or staff record) and therefore its clinic.
 * Set as a request attribute by {@link SimulatorApiInterceptor} once the bearer token is accepted.
 */
public record ApiCaller(String resourceOwnerId, SimUser.Type resourceOwnerType, String clinicId) {

    public static final String REQUEST_ATTRIBUTE = "io.fullscriptbridge.simulator.ApiCaller";
}
