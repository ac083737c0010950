package dev.mfawatch.normalize;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Set;

/**
 * A provider document read into the same tree as {@code readTree}, except that the objects of some
 * arrays keep only the fields a mapper reads: an Entra sign-in carries dozens of applied conditional
 * access policies (nine tenths of its 12 KB), of which the mapper reads two fields. Every token is
 * still read by the same parser, so what is valid JSON is unchanged; only the tree nodes and strings
 * of the dropped fields are never built. Callers fall back to a plain {@code readTree} on any failure,
 * so errors keep their exact wording, and re-read the full tree where the whole event matters
 * (the hash that stands in for a missing provider id).
 */
public final class TrimmedTree {

    /** Arrays, by field name, whose object elements keep only {@code keep}. */
    public record Rule(Set<String> arrays, Set<String> keep) {
    }

    /** The tree, and whether anything was left out of it. */
    @JsonDeserialize(using = Reader.class)
    record Read(JsonNode root, boolean trimmed) {
    }

    /** Positions whose names are guessed; an object with more fields reads the rest as usual. */
    private static final int MAX_GUESSED = 64;
    /** Objects and arrays this deep are built here; deeper ones (not where trimmed arrays sit) by Jackson. */
    private static final int OWN_DEPTH = 8;

    private TrimmedTree() {
    }

    /** {@code reader} must be the plain tree reader: its features and limits apply unchanged. */
    static ObjectReader reader(ObjectReader reader, Rule rule) {
        return reader.forType(Read.class).withAttribute(Rule.class, rule);
    }

    static final class Reader extends StdDeserializer<Read> {

        @SuppressWarnings("unchecked")
        private static final JsonDeserializer<JsonNode> STOCK =
                (JsonDeserializer<JsonNode>) JsonNodeDeserializer.getDeserializer(JsonNode.class);

        Reader() {
            super(Read.class);
        }

        @Override
        public Read deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Walk walk = new Walk((Rule) ctxt.getAttribute(Rule.class), ctxt);
            JsonNode root = walk.value(p, 0);
            return new Read(root, walk.trimmed);
        }
    }

    private static final class Walk {
        private final String[] arrays;
        private final String[] keep;
        private final DeserializationContext ctxt;
        private final JsonNodeFactory nodes;
        private boolean trimmed;
        /** Field names of the last trimmed object, by position, to guess the next object's. */
        private SerializedString[] order = new SerializedString[0];

        Walk(Rule rule, DeserializationContext ctxt) {
            this.arrays = rule.arrays().toArray(String[]::new);
            this.keep = rule.keep().toArray(String[]::new);
            this.ctxt = ctxt;
            this.nodes = ctxt.getNodeFactory();
        }

        JsonNode value(JsonParser p, int depth) throws IOException {
            JsonToken t = p.currentToken();
            if (depth < OWN_DEPTH && t == JsonToken.START_OBJECT) {
                ObjectNode o = nodes.objectNode();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    JsonToken v = p.nextToken();
                    o.replace(name, v == JsonToken.START_ARRAY && among(arrays, name) ? trimmedArray(p)
                            : value(p, depth + 1));
                }
                end(p, JsonToken.END_OBJECT);
                return o;
            }
            if (depth < OWN_DEPTH && t == JsonToken.START_ARRAY) {
                ArrayNode a = nodes.arrayNode();
                for (JsonToken e = next(p); e != JsonToken.END_ARRAY; e = next(p)) {
                    a.add(value(p, depth + 1));
                }
                return a;
            }
            return Reader.STOCK.deserialize(p, ctxt);
        }

        private JsonNode trimmedArray(JsonParser p) throws IOException {
            ArrayNode a = nodes.arrayNode();
            for (JsonToken e = next(p); e != JsonToken.END_ARRAY; e = next(p)) {
                if (e != JsonToken.START_OBJECT) {
                    a.add(Reader.STOCK.deserialize(p, ctxt));
                    continue;
                }
                ObjectNode o = nodes.objectNode();
                int k = 0;
                for (String name = nextName(p, k); name != null; name = nextName(p, ++k)) {
                    p.nextToken();
                    if (among(keep, name)) {
                        o.replace(name, Reader.STOCK.deserialize(p, ctxt));
                    } else {
                        p.skipChildren();
                        trimmed = true;
                    }
                }
                end(p, JsonToken.END_OBJECT);
                a.add(o);
            }
            return a;
        }

        /**
         * The next field name, guessing it is the one at the same position in the previous object of
         * the array: the elements of a provider's array share one field order, and a guessed name is
         * compared byte for byte instead of being hashed and looked up. A wrong guess costs one
         * comparison and reads the name as usual.
         */
        private String nextName(JsonParser p, int position) throws IOException {
            if (position < order.length && order[position] != null) {
                if (p.nextFieldName(order[position])) {
                    return order[position].getValue();
                }
                return p.currentToken() == JsonToken.FIELD_NAME ? learn(position, p.currentName()) : null;
            }
            String name = p.nextFieldName();
            return name == null ? null : learn(position, name);
        }

        private String learn(int position, String name) {
            if (position >= order.length) {
                if (position >= MAX_GUESSED) {
                    return name;
                }
                order = java.util.Arrays.copyOf(order, Math.min(MAX_GUESSED, Math.max(8, position * 2)));
            }
            order[position] = new SerializedString(name);
            return name;
        }

        /** A scan of a few names: faster than a set for every field of every object of the document. */
        private static boolean among(String[] names, String name) {
            for (String n : names) {
                if (n.equals(name)) {
                    return true;
                }
            }
            return false;
        }

        private static JsonToken next(JsonParser p) throws IOException {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IOException("unexpected end of input");
            }
            return t;
        }

        private static void end(JsonParser p, JsonToken expected) throws IOException {
            if (p.currentToken() != expected) {
                throw new IOException("unexpected token " + p.currentToken());
            }
        }
    }
}
