package io.fullscriptbridge.events;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Polling of Fullscript's events endpoints, the safety net under webhooks. */
@ConfigurationProperties("bridge.events.poll")
public class EventPollProperties {

    private boolean enabled = true;
    /** Quartz cron; default every 5 minutes. */
    private String cron = "0 0/5 * * * ?";
    /** Event streams to read: /api/events/<stream>. */
    private List<String> streams = new ArrayList<>(List.of("patients", "treatment_plans", "orders"));
    /** The filter is by day only: read again this many days before the cursor (events are de-duplicated by id). */
    private int overlapDays = 1;
    /** A clinic polled for the first time starts this many days back (Fullscript keeps events 30 days). */
    private int initialLookbackDays = 1;

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getCron() { return cron; }
    public void setCron(String cron) { this.cron = cron; }
    public List<String> getStreams() { return streams; }
    public void setStreams(List<String> streams) { this.streams = streams; }
    public int getOverlapDays() { return overlapDays; }
    public void setOverlapDays(int overlapDays) { this.overlapDays = overlapDays; }
    public int getInitialLookbackDays() { return initialLookbackDays; }
    public void setInitialLookbackDays(int initialLookbackDays) { this.initialLookbackDays = initialLookbackDays; }
}
