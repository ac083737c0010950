package dev.mfawatch.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.model.Reasons;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.RawRef;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.normalize.geo.NetworkSanitizer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;

/** Collects the outcomes of one raw record while a mapper walks its events. */
public final class MapContext {

    private final String source;
    private final RecordOrigin origin;
    private JsonNode elementNode;
    private final List<Outcome> outcomes = new ArrayList<>();
    private final NetworkSanitizer sanitizer;
    private final List<DroppedValue> dropped = new ArrayList<>();
    private int element = -1;
    private int item;
    private String recordHash;

    /** The whole event by element, when the mapped tree was trimmed; null when it is whole. */
    private final IntFunction<JsonNode> fullElements;

    MapContext(String source, RecordOrigin origin, NormalizerConfig config, IntFunction<JsonNode> fullElements) {
        this.source = source;
        this.origin = origin;
        this.fullElements = fullElements;
        this.sanitizer = new NetworkSanitizer(config.geoIp());
    }

    public String source() {
        return source;
    }

    public RawRef ref(String recordId) {
        return origin.ref(recordId);
    }

    /**
     * The provider's id, or a deterministic stand-in (source, hash of the event's own JSON, item) so
     * the same event gets the same id whichever way it travelled: alone on a line or a Kafka record,
     * inside an array or an envelope, pretty-printed or not.
     */
    public String eventId(String providerId) {
        if (providerId != null && !providerId.isBlank()) {
            return providerId;
        }
        if (recordHash == null) {
            JsonNode whole = fullElements == null ? elementNode : fullElements.apply(element);
            recordHash = sha256(whole.toString()).substring(0, 20);
        }
        return source + ":" + recordHash + ":" + item;
    }

    void startElement(JsonNode node) {
        element++;
        item = 0;
        elementNode = node;
        recordHash = null;
    }

    /** Moves to the next item of the current element (Google's events[]). */
    public void nextItem() {
        item++;
    }

    /**
     * Records a sign-in. Every provider's sign-ins pass here, so the shared value checks and the
     * optional IP geolocation ({@link NetworkSanitizer}) apply to all of them alike.
     */
    public void signIn(SignInEvent event, SignInPart part) {
        SignInEvent checked = sanitizer.apply(event,
                (field, reason) -> dropped.add(new DroppedValue(element, item, field, reason.code())));
        outcomes.add(new Outcome.SignIn(element, item, checked, part));
    }

    public void change(DirectoryChange change) {
        outcomes.add(new Outcome.Change(element, item, change));
    }

    public void skip(String reason, String recordId) {
        outcomes.add(new Outcome.Skip(element, item, reason, ref(recordId)));
    }

    public void failure(String reason, String message, String recordId) {
        outcomes.add(new Outcome.Failure(element, item, reason, message, ref(recordId)));
    }

    /**
     * Runs one mapping step; if it throws, whatever it emitted is withdrawn and one failure takes
     * its place, so an event is either fully mapped or fully failed. A step that emits nothing is a
     * mapper bug and becomes a {@code mapping_error} failure rather than a silent drop.
     */
    public void guard(String recordId, Runnable step) {
        int mark = outcomes.size();
        int droppedMark = dropped.size();
        try {
            step.run();
            if (outcomes.size() == mark) {
                failure(ReasonCodes.MAPPING_ERROR, "the mapper produced no outcome", recordId);
            }
        } catch (MappingException e) {
            rollback(mark, droppedMark);
            failure(e.reason(), e.getMessage(), recordId);
        } catch (NumberFormatException e) {
            rollback(mark, droppedMark);
            // Its message quotes the input ("For input string: ..."): not echoed.
            failure(ReasonCodes.INVALID_FIELD, "a numeric field has an invalid value", recordId);
        } catch (IllegalArgumentException e) {
            // The canonical records' constructors name the missing field ("principal.id is required").
            rollback(mark, droppedMark);
            failure(ReasonCodes.MISSING_FIELD, e.getMessage() == null ? "a required field is missing"
                    : JsonRecordNormalizer.scrub(Reasons.of(e).replaceFirst("^IllegalArgumentException: ", "")),
                    recordId);
        } catch (RuntimeException | StackOverflowError e) {
            rollback(mark, droppedMark);
            failure(ReasonCodes.MAPPING_ERROR, JsonRecordNormalizer.scrub(Reasons.of(e)), recordId);
        }
    }

    /** Withdraws what a failed step emitted, with the dropped values of its sign-ins. */
    private void rollback(int mark, int droppedMark) {
        while (outcomes.size() > mark) {
            outcomes.remove(outcomes.size() - 1);
        }
        while (dropped.size() > droppedMark) {
            dropped.remove(dropped.size() - 1);
        }
    }

    List<Outcome> outcomes() {
        return outcomes;
    }

    List<DroppedValue> dropped() {
        return dropped;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }
}
