package dev.mfawatch.model;

import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.usage.ExceptionUsage;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** Every topic of mfa-watch, named exactly as in docs/DESIGN.md. */
public final class Topics {

    public static final JsonSerde<SignInEvent> SIGNIN_SERDE = JsonSerde.of(SignInEvent.class);
    public static final JsonSerde<DirectoryChange> CHANGE_SERDE = JsonSerde.of(DirectoryChange.class);
    public static final JsonSerde<ExceptionEntry> REGISTER_SERDE = JsonSerde.of(ExceptionEntry.class);
    public static final JsonSerde<Principal> PRINCIPAL_SERDE = JsonSerde.of(Principal.class);
    public static final JsonSerde<Alert> ALERT_SERDE = JsonSerde.of(Alert.class);
    public static final JsonSerde<Notice> NOTICE_SERDE = JsonSerde.of(Notice.class);
    public static final JsonSerde<ExceptionUsage> USAGE_SERDE = JsonSerde.of(ExceptionUsage.class);

    /** Canonical sign-ins keyed by principal id. Read as raw bytes so bad records reach the DLQ. */
    public static final Topic<String, SignInEvent> SIGNIN_EVENTS =
            new Topic<>("signin.events", Serdes.String(), SIGNIN_SERDE);
    public static final Topic<String, DirectoryChange> DIRECTORY_CHANGES =
            new Topic<>("directory.changes", Serdes.String(), CHANGE_SERDE);
    /** Compacted; keyed by exception id; a tombstone removes an entry. */
    public static final Topic<String, ExceptionEntry> REGISTER =
            new Topic<>("mfa.register", Serdes.String(), REGISTER_SERDE);
    /** Compacted; keyed by principal id. */
    public static final Topic<String, Principal> PRINCIPALS =
            new Topic<>("directory.principals", Serdes.String(), PRINCIPAL_SERDE);
    /**
     * Compacted; keyed by alias (lower-cased), value the inventory's principal id as a UTF-8 string;
     * a tombstone withdraws the alias. Derived by {@link dev.mfawatch.model.register.AliasMap} from
     * the inventory and read by the detector as a global store, so a sign-in under an alias can be
     * re-keyed to its principal before any per-principal state sees it.
     */
    public static final Topic<String, String> ALIASES =
            new Topic<>("directory.aliases", Serdes.String(), Serdes.String());
    public static final Topic<String, Alert> ALERTS =
            new Topic<>("mfa.alerts", Serdes.String(), ALERT_SERDE);
    /**
     * Every record of {@code mfa.alerts} again, as an OCSF Detection Finding (JSON, keyed like the alert by
     * principal), when {@code MFAWATCH_OCSF=true}; not in {@link #ALL}: created only when enabled.
     */
    public static final Topic<String, String> ALERTS_OCSF =
            new Topic<>("mfa.alerts.ocsf", Serdes.String(), Serdes.String());
    public static final Topic<String, Notice> NOTICES =
            new Topic<>("mfa.register.notices", Serdes.String(), NOTICE_SERDE);
    /**
     * Compacted; keyed by exception id: each exception's usage ledger as the detector last published it
     * (at most once a minute per exception); a tombstone when the entry left the register.
     */
    public static final Topic<String, ExceptionUsage> EXCEPTION_USAGE =
            new Topic<>("mfa.exception.usage", Serdes.String(), USAGE_SERDE);
    /** Original key and bytes; the reason and origin travel in headers (see {@link DeadLetterHeaders}). */
    public static final Topic<byte[], byte[]> DLQ =
            new Topic<>("mfa.dlq", Serdes.ByteArray(), Serdes.ByteArray());

    public static final String RAW_PREFIX = "idp.raw.";
    public static final List<String> RAW_SOURCES = List.of("entra-signin", "entra-audit", "okta", "cloudtrail", "google");

    /** Topics that must be compacted. */
    public static final List<String> COMPACTED = List.of(REGISTER.name(), PRINCIPALS.name(), ALIASES.name(),
            EXCEPTION_USAGE.name());

    /** Topics the apps need; raw topics are created on demand by the normalizer work. */
    public static final List<String> ALL = List.of(SIGNIN_EVENTS.name(), DIRECTORY_CHANGES.name(), REGISTER.name(),
            PRINCIPALS.name(), ALIASES.name(), ALERTS.name(), NOTICES.name(), DLQ.name(),
            EXCEPTION_USAGE.name());

    private Topics() {
    }

    public static String raw(String source) {
        return RAW_PREFIX + source;
    }
}
