package io.fullscriptbridge.fullscript;

/**
 * A usable bearer token and the clinic it acts in. {@link #toString()} never shows the token.
 */
public record AccessToken(String value, String clinicId, String connectionId) {

    @Override
    public String toString() {
        return "AccessToken[connectionId=" + connectionId + ", clinicId=" + clinicId + "]";
    }
}
