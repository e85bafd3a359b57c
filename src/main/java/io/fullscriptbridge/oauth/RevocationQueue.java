package io.fullscriptbridge.oauth;

import io.fullscriptbridge.routing.EntryRoute;
import org.apache.camel.Body;
import org.apache.camel.Header;

/** Sealed tokens onto fullscript.revocations: route fullscript-revocation-intake (routes/fullscript-revocations.camel.yaml). */
@EntryRoute("fullscript-revocation-intake")
public interface RevocationQueue {

    /** @param pendingRevocation a {@link Revocations.PendingRevocation} as JSON */
    void submit(@Body String pendingRevocation, @Header("connectionId") String connectionId);
}
