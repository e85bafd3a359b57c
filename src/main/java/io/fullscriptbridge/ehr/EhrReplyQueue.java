package io.fullscriptbridge.ehr;

import io.fullscriptbridge.routing.EntryRoute;
import org.apache.camel.Body;
import org.apache.camel.Header;

/** One answer on a reply queue {@link ReplyDestinations} already checked: route ehr-reply (routes/ehr-outbound.camel.yaml). */
@EntryRoute("ehr-reply")
public interface EhrReplyQueue {

    void send(@Body String answer, @Header(ReplyDestinations.DESTINATION_NAME) String checkedQueue, @Header("contentType") String contentType);
}
