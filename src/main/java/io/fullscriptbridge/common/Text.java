package io.fullscriptbridge.common;

/** Small text rules the bridge's packages share (the simulator, a stand-alone stand-in for Fullscript, keeps its own). */
public final class Text {

    private Text() {
    }

    /** Null for null, empty or whitespace-only: an optional value that was sent blank counts as not sent. */
    public static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
