package dev.mfawatch.detector.ocsf;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The Detection Finding JSON Schema kept in the test resources ({@value #RESOURCE}), loaded once. */
final class OcsfSchema {

    static final String RESOURCE = "/ocsf/detection_finding-1.3.0.schema.json";
    private static final Schema SCHEMA = load();

    private OcsfSchema() {
    }

    /** What the schema finds wrong with {@code finding}, as "location: message" lines; empty when it is valid. */
    static List<String> errors(JsonNode finding) {
        return SCHEMA.validate(finding).stream().map(Error::toString).toList();
    }

    private static Schema load() {
        try (InputStream in = OcsfSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + RESOURCE);
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
