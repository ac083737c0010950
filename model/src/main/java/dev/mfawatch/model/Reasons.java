package dev.mfawatch.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;

/** Turns a parse failure into one short line fit for a dead-letter header: no payload echoed back. */
public final class Reasons {

    private static final int MAX = 300;

    private Reasons() {
    }

    public static String of(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && !(root instanceof JsonProcessingException)) {
            root = root.getCause();
        }
        String message;
        if (root instanceof JsonMappingException jme && jme.getCause() instanceof IllegalArgumentException iae) {
            // A record constructor rejected the value: its message names the field.
            message = iae.getMessage();
        } else if (root instanceof JsonProcessingException jpe) {
            // getOriginalMessage() leaves out the source excerpt Jackson would otherwise append.
            message = jpe.getOriginalMessage() + location(jpe);
        } else {
            message = root.getClass().getSimpleName() + ": " + root.getMessage();
        }
        message = message == null ? root.getClass().getSimpleName() : message.replaceAll("\\s+", " ").trim();
        return message.length() > MAX ? message.substring(0, MAX) + "…" : message;
    }

    private static String location(JsonProcessingException e) {
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            return " (at " + jme.getPathReference().replaceAll("[a-zA-Z.$]+\\[", "[") + ")";
        }
        return e.getLocation() == null ? "" : " (at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
