package dev.mfawatch.normalize;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.Reasons;
import dev.mfawatch.normalize.read.Envelopes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * The shared half of every normalizer: size limit, UTF-8 check, one parse into a tree, envelope
 * splitting ({@link Envelopes}, the same rules as the file reader's), and the promise never to throw. Subclasses map one event object at a time through
 * {@link #map(JsonNode, MapContext)}; whatever they throw becomes a failure of that event only.
 */
public abstract class JsonRecordNormalizer implements Normalizer {

    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Jackson quotes the offending token in some messages; keep short ones, hide longer ones. */
    private static final Pattern QUOTED = Pattern.compile("'[^']{9,}'");
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final String source;
    private final NormalizerConfig config;
    private final ObjectReader trimmedReader;

    protected JsonRecordNormalizer(String source, NormalizerConfig config) {
        this(source, config, null);
    }

    /**
     * With a {@code trim} rule: arrays whose objects the mapper reads only a few fields of leave the
     * rest out of the tree ({@link TrimmedTree}); null reads whole documents.
     */
    protected JsonRecordNormalizer(String source, NormalizerConfig config, TrimmedTree.Rule trim) {
        this.source = source;
        this.config = config == null ? NormalizerConfig.DEFAULTS : config;
        this.trimmedReader = trim == null ? null : TrimmedTree.reader(READER, trim);
    }

    @Override
    public final String source() {
        return source;
    }

    @Override
    public final NormalizeResult normalize(byte[] bytes, RecordOrigin origin) {
        RecordOrigin o = origin == null ? RecordOrigin.NONE : origin;
        try {
            return doNormalize(bytes, o);
        } catch (Exception | StackOverflowError e) {
            return NormalizeResult.failure(ReasonCodes.MAPPING_ERROR, Reasons.of(e), o);
        }
    }

    private NormalizeResult doNormalize(byte[] bytes, RecordOrigin origin) {
        if (bytes == null || bytes.length == 0) {
            return NormalizeResult.failure(ReasonCodes.EMPTY_RECORD, "the record is empty", origin);
        }
        if (bytes.length > config.maxRecordBytes()) {
            return NormalizeResult.failure(ReasonCodes.RECORD_TOO_LARGE, "the record has " + bytes.length
                    + " bytes, more than the limit of " + config.maxRecordBytes(), origin);
        }
        String utf8Problem = utf8Problem(bytes);
        if (utf8Problem != null) {
            return NormalizeResult.failure(ReasonCodes.INVALID_UTF8, utf8Problem, origin);
        }
        TrimmedTree.Read trimmed = trimmedRead(bytes);
        if (trimmed != null) {
            MapContext ctx = new MapContext(source, origin, config,
                    trimmed.trimmed() ? fullElements(bytes) : null);
            Envelopes.split(trimmed.root(), element -> mapElement(element, ctx));
            return new NormalizeResult(ctx.outcomes(), ctx.dropped());
        }
        JsonNode root;
        try {
            root = READER.readTree(bytes);
        } catch (JsonEOFException e) {
            return NormalizeResult.failure(ReasonCodes.TRUNCATED_JSON, scrub(Reasons.of(e)), origin);
        } catch (JsonParseException e) {
            return NormalizeResult.failure(ReasonCodes.INVALID_JSON, scrub(Reasons.of(e)), origin);
        } catch (StreamConstraintsException e) {
            // Jackson's StreamReadConstraints (nesting depth 1000, string/number/name length) stop
            // hostile documents before the tree is built; the message names the limit, never a value.
            return NormalizeResult.failure(ReasonCodes.RECORD_TOO_LARGE, "beyond the JSON parser's limits: "
                    + scrub(Reasons.of(e)), origin);
        } catch (IOException e) {
            return NormalizeResult.failure(ReasonCodes.INVALID_JSON, scrub(Reasons.of(e)), origin);
        }
        if (root == null || root.isMissingNode()) {
            return NormalizeResult.failure(ReasonCodes.EMPTY_RECORD, "the record holds no JSON value", origin);
        }
        MapContext ctx = new MapContext(source, origin, config, null);
        Envelopes.split(root, element -> mapElement(element, ctx));
        return new NormalizeResult(ctx.outcomes(), ctx.dropped());
    }

    /**
     * The document read with the subclass' trim rule, or null when it has none or the read
     * did not give an object or array (invalid JSON, a scalar, no content): the plain read then
     * decides, with its exact messages.
     */
    private TrimmedTree.Read trimmedRead(byte[] bytes) {
        if (trimmedReader == null) {
            return null;
        }
        try {
            TrimmedTree.Read read = trimmedReader.readValue(bytes);
            return read != null && read.root() != null && read.root().isContainerNode() ? read : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The events of the full tree, read again only if an event needs the whole of itself (its id hash). */
    private static IntFunction<JsonNode> fullElements(byte[] bytes) {
        return new IntFunction<>() {
            private List<JsonNode> elements;

            @Override
            public JsonNode apply(int element) {
                if (elements == null) {
                    elements = new ArrayList<>();
                    try {
                        Envelopes.split(READER.readTree(bytes), elements::add);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return elements.get(element);
            }
        };
    }


    private void mapElement(JsonNode element, MapContext ctx) {
        ctx.startElement(element);
        if (!element.isObject()) {
            ctx.failure(ReasonCodes.NOT_AN_OBJECT, "an event must be a JSON object, not " + element.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT), null);
            return;
        }
        ctx.guard(safeRecordId(element), () -> map(element, ctx));
    }

    /** Maps one event object; emits through {@code ctx}; may throw {@link MappingException}. */
    protected abstract void map(JsonNode event, MapContext ctx);

    static String scrub(String message) {
        return QUOTED.matcher(message).replaceAll("'…'");
    }

    private static String utf8Problem(byte[] bytes) {
        // Jackson would guess UTF-16/32 from zero bytes; a NUL is never valid JSON text in UTF-8 anyway.
        // The same pass finds the first non-ASCII byte: an ASCII prefix is valid UTF-8 on its own and
        // UTF-8 is self-synchronizing, so only the rest needs the decoder (nothing at all for the
        // all-ASCII records providers mostly send; decoding a whole 12 KB record cost a tenth of the
        // raw path's time).
        int firstNonAscii = -1;
        int i = 0;
        for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
            // Eight bytes at a time while they are ASCII and none is zero; the byte loop below decides the rest.
            long w = (long) LONGS.get(bytes, i);
            if (((((w - 0x0101010101010101L) & ~w) | w) & 0x8080808080808080L) != 0) {
                break;
            }
        }
        for (; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == 0) {
                return "the record contains a NUL byte (not UTF-8 JSON text)";
            }
            if (b < 0 && firstNonAscii < 0) {
                firstNonAscii = i;
            }
        }
        if (firstNonAscii < 0) {
            return null;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, firstNonAscii, bytes.length - firstNonAscii));
            return null;
        } catch (CharacterCodingException e) {
            return "the record is not valid UTF-8";
        }
    }

    /** The provider's id of an event, for the reference of a failure; null when it has none. */
    protected String recordId(JsonNode event) {
        return null;
    }

    private String safeRecordId(JsonNode event) {
        try {
            return recordId(event);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
