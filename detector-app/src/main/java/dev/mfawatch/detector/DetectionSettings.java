package dev.mfawatch.detector;

import dev.mfawatch.detector.registration.RegistrationSettings;
import dev.mfawatch.detector.resets.ResetSettings;
import dev.mfawatch.detector.rules.RuleSettings;
import dev.mfawatch.detector.scope.Cidr;
import dev.mfawatch.detector.state.BoundedRocksDbConfig;
import dev.mfawatch.detector.state.StateStores;
import dev.mfawatch.detector.state.StoreKind;
import dev.mfawatch.detector.usage.UsageSettings;
import dev.mfawatch.model.config.EnvConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Thresholds and windows of the stateful detections and of alert suppression; every one has a
 * documented default (detector-app/README.md, "Detection settings"). The rules (module detections)
 * read their thresholds through {@link RuleSettings}.
 *
 * @param suppressionWindow      repeated firings of one rule for one principal within this window become one alert; 0 = off (one alert per firing)
 * @param stateExpiryInterval    how often (stream time) every stateful rule's per-principal state is swept for aged-out entries
 * @param suppressionSweepInterval how often (stream time) suppression windows are checked for closing (the update's delay)
 * @param travelMinDistanceKm    IMPOSSIBLE_TRAVEL: least distance, after subtracting both accuracy radii
 * @param travelMaxSpeedKmh      IMPOSSIBLE_TRAVEL: speeds above this are impossible
 * @param travelHistory          IMPOSSIBLE_TRAVEL: anchors kept per principal (the newest by event time)
 * @param travelMaxAge           IMPOSSIBLE_TRAVEL: anchors older than this (behind the principal's newest) are dropped
 * @param travelLateGrace        IMPOSSIBLE_TRAVEL: a sign-in this far behind the principal's newest anchor is still placed and compared; older ones are ignored
 * @param travelEgressNetworks   IMPOSSIBLE_TRAVEL: VPN / proxy egress CIDRs whose addresses never count as a location
 * @param oathWindow             OATH_DESYNC: window of OATH failure / drift / resync signals
 * @param oathThreshold          OATH_DESYNC: signals in the window that raise MEDIUM
 * @param oathBruteForceFailures OATH_DESYNC: signals in the window that, across enough distinct IPs or sessions, raise HIGH
 * @param oathBruteForceSources  OATH_DESYNC: distinct IPs or sessions that make it a brute force
 * @param factorSwapWindow       FACTOR_SWAP: how long after a ticketless factor change a sign-in with a new method fires
 * @param factorHistoryAge       FACTOR_SWAP: how long a used method counts as "recently used"
 * @param factorHistory          FACTOR_SWAP: methods remembered per principal (the most recently used)
 * @param breakGlassRotationDue  BREAK_GLASS_SIGNIN: a follow-up fires when a break-glass account signed in successfully and no credential rotation is recorded within this time
 * @param fatigueThreshold       MFA_FATIGUE: denied, timed-out, fraud-reported or unanswered push prompts within the window that raise an alert
 * @param fatigueWindow          MFA_FATIGUE: window of those prompts, and how long after a burst a successful MFA counts as "gave in"
 * @param stores                 the named stores on RocksDB or on the heap ({@code MFAWATCH_STATE_STORES=memory}), changelogged
 *                               (always, except in the backtest)
 * @param grace                  how far (event time) a record may arrive behind stream time and still be treated as on time:
 *                               suppression windows close, stateful rules' state expires and follow-ups fall due only this long
 *                               after stream time passes them (like the grace of Kafka Streams' windows)
 * @param futureTolerance        an event time ahead of both the record's timestamp and the wall clock by more than this is
 *                               clamped (for stream time only) so one future-dated event cannot close every window
 * @param usage                  the usage ledger and its notices ({@link UsageSettings})
 * @param resets                 MFA_RESET_ABUSE's windows, thresholds and exempt actors ({@link ResetSettings})
 * @param registration           NO_MFA_REGISTERED's window and the stale-factor age ({@link RegistrationSettings})
 * @param rocksDbMemoryMb        the RocksDB memory of the instance, all stores together ({@link BoundedRocksDbConfig})
 */
public record DetectionSettings(
        Duration suppressionWindow,
        Duration stateExpiryInterval,
        Duration suppressionSweepInterval,
        double travelMinDistanceKm,
        double travelMaxSpeedKmh,
        int travelHistory,
        Duration travelMaxAge,
        Duration travelLateGrace,
        List<Cidr> travelEgressNetworks,
        Duration oathWindow,
        int oathThreshold,
        int oathBruteForceFailures,
        int oathBruteForceSources,
        Duration factorSwapWindow,
        Duration factorHistoryAge,
        int factorHistory,
        Duration breakGlassRotationDue,
        int fatigueThreshold,
        Duration fatigueWindow,
        StoreKind stores,
        Duration grace,
        Duration futureTolerance,
        UsageSettings usage,
        ResetSettings resets,
        RegistrationSettings registration,
        int rocksDbMemoryMb) implements RuleSettings {

    public static final String SUPPRESSION_WINDOW = "MFAWATCH_SUPPRESSION_WINDOW";
    public static final String STATE_EXPIRY_INTERVAL = "MFAWATCH_STATE_EXPIRY_INTERVAL";
    public static final String SUPPRESSION_SWEEP_INTERVAL = "MFAWATCH_SUPPRESSION_SWEEP_INTERVAL";
    public static final String TRAVEL_MIN_DISTANCE_KM = "MFAWATCH_TRAVEL_MIN_DISTANCE_KM";
    public static final String TRAVEL_MAX_SPEED_KMH = "MFAWATCH_TRAVEL_MAX_SPEED_KMH";
    public static final String TRAVEL_HISTORY = "MFAWATCH_TRAVEL_HISTORY";
    public static final String TRAVEL_MAX_AGE = "MFAWATCH_TRAVEL_MAX_AGE";
    public static final String TRAVEL_LATE_GRACE = "MFAWATCH_TRAVEL_LATE_GRACE";
    public static final String TRAVEL_EGRESS_CIDRS = "MFAWATCH_TRAVEL_EGRESS_CIDRS";
    public static final String OATH_WINDOW = "MFAWATCH_OATH_WINDOW";
    public static final String OATH_THRESHOLD = "MFAWATCH_OATH_THRESHOLD";
    public static final String OATH_BRUTE_FORCE_FAILURES = "MFAWATCH_OATH_BRUTE_FORCE_FAILURES";
    public static final String OATH_BRUTE_FORCE_SOURCES = "MFAWATCH_OATH_BRUTE_FORCE_SOURCES";
    public static final String FACTOR_SWAP_WINDOW = "MFAWATCH_FACTOR_SWAP_WINDOW";
    public static final String FACTOR_HISTORY_AGE = "MFAWATCH_FACTOR_HISTORY_AGE";
    public static final String FACTOR_HISTORY = "MFAWATCH_FACTOR_HISTORY";
    public static final String STATE_STORES = "MFAWATCH_STATE_STORES";
    public static final String ROCKSDB_MEMORY_MB = "MFAWATCH_ROCKSDB_MEMORY_MB";
    public static final String BREAK_GLASS_ROTATION_DUE = "MFAWATCH_BREAK_GLASS_ROTATION_DUE";
    public static final String FATIGUE_THRESHOLD = "MFAWATCH_FATIGUE_THRESHOLD";
    public static final String FATIGUE_WINDOW = "MFAWATCH_FATIGUE_WINDOW";
    public static final String GRACE = "MFAWATCH_GRACE";
    public static final String FUTURE_TOLERANCE = "MFAWATCH_FUTURE_TOLERANCE";

    /**
     * The defaults. The travel age bound follows from the thresholds: no two points on Earth are
     * more than ~20,000 km apart, so at 1000 km/h a pair more than 20 h apart can never be
     * impossible; 24 h leaves margin. The 15 min grace covers the usual delivery delay of Entra ID
     * (typically 2–5 min, Event Hub seconds), Okta (seconds) and CloudTrail (about 5, at most
     * ~15 min) plus the interleaving of partitions; Google Workspace reports can be hours late and
     * need a larger grace. The 5 min future tolerance absorbs clock skew and stays well below the
     * broker's own limit on future timestamps ({@code log.message.timestamp.after.max.ms}, 1 h).
     */
    public static final DetectionSettings DEFAULTS = new DetectionSettings(Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofMinutes(1),
            500, 1000, 4, Duration.ofHours(24), Duration.ofMinutes(10), List.of(),
            Duration.ofHours(1), 3, 10, 3, Duration.ofHours(24), Duration.ofDays(30), 3, Duration.ofHours(24),
            5, Duration.ofMinutes(10), StoreKind.ROCKSDB,
            Duration.ofMinutes(15), Duration.ofMinutes(5), UsageSettings.DEFAULTS,
            ResetSettings.DEFAULTS, RegistrationSettings.DEFAULTS, BoundedRocksDbConfig.DEFAULT_MEMORY_MB);

    public DetectionSettings {
        if (rocksDbMemoryMb < BoundedRocksDbConfig.MIN_MEMORY_MB) {
            throw new IllegalArgumentException(ROCKSDB_MEMORY_MB + ": at least " + BoundedRocksDbConfig.MIN_MEMORY_MB
                    + " (MiB), got " + rocksDbMemoryMb);
        }
        Objects.requireNonNull(suppressionWindow, "suppressionWindow == null");
        Objects.requireNonNull(stateExpiryInterval, "stateExpiryInterval == null");
        Objects.requireNonNull(travelMaxAge, "travelMaxAge == null");
        Objects.requireNonNull(travelLateGrace, "travelLateGrace == null");
        Objects.requireNonNull(oathWindow, "oathWindow == null");
        travelEgressNetworks = List.copyOf(travelEgressNetworks);
        positive(stateExpiryInterval, STATE_EXPIRY_INTERVAL);
        Objects.requireNonNull(suppressionSweepInterval, "suppressionSweepInterval == null");
        positive(suppressionSweepInterval, SUPPRESSION_SWEEP_INTERVAL);
        positive(travelMaxAge, TRAVEL_MAX_AGE);
        positive(oathWindow, OATH_WINDOW);
        Objects.requireNonNull(breakGlassRotationDue, "breakGlassRotationDue == null");
        positive(breakGlassRotationDue, BREAK_GLASS_ROTATION_DUE);
        Objects.requireNonNull(fatigueWindow, "fatigueWindow == null");
        positive(fatigueWindow, FATIGUE_WINDOW);
        if (fatigueThreshold < 2 || fatigueThreshold > 100) {
            throw new IllegalArgumentException(FATIGUE_THRESHOLD + ": between 2 and 100, got " + fatigueThreshold);
        }
        Objects.requireNonNull(factorSwapWindow, "factorSwapWindow == null");
        Objects.requireNonNull(factorHistoryAge, "factorHistoryAge == null");
        positive(factorSwapWindow, FACTOR_SWAP_WINDOW);
        positive(factorHistoryAge, FACTOR_HISTORY_AGE);
        if (factorHistory < 1 || factorHistory > 16) {
            throw new IllegalArgumentException(FACTOR_HISTORY + ": between 1 and 16, got " + factorHistory);
        }
        Objects.requireNonNull(stores, "stores == null");
        Objects.requireNonNull(grace, "grace == null");
        Objects.requireNonNull(futureTolerance, "futureTolerance == null");
        Objects.requireNonNull(usage, "usage == null");
        Objects.requireNonNull(resets, "resets == null");
        Objects.requireNonNull(registration, "registration == null");
        if (grace.isNegative() || futureTolerance.isNegative()) {
            throw new IllegalArgumentException(GRACE + " and " + FUTURE_TOLERANCE + ": must not be negative");
        }
        if (suppressionWindow.isNegative()) {
            throw new IllegalArgumentException(SUPPRESSION_WINDOW + ": must not be negative");
        }
        if (travelMinDistanceKm < 0 || travelMaxSpeedKmh <= 0) {
            throw new IllegalArgumentException(TRAVEL_MAX_SPEED_KMH + " must be > 0 and " + TRAVEL_MIN_DISTANCE_KM + " >= 0");
        }
        if (travelHistory < 1 || travelHistory > 32) {
            throw new IllegalArgumentException(TRAVEL_HISTORY + ": between 1 and 32, got " + travelHistory);
        }
        if (oathThreshold < 1 || oathBruteForceSources < 2 || oathBruteForceFailures < oathThreshold || oathBruteForceFailures > 64) {
            throw new IllegalArgumentException(OATH_THRESHOLD + " >= 1, " + OATH_BRUTE_FORCE_SOURCES + " >= 2 and "
                    + OATH_THRESHOLD + " <= " + OATH_BRUTE_FORCE_FAILURES + " <= 64");
        }
    }

    /** Whether the named stores are on the heap ({@code MFAWATCH_STATE_STORES=memory}). */
    public boolean inMemoryStores() {
        return stores.inMemory();
    }

    /** These settings with the stores' changelogs off: for a run whose state is thrown away (the backtest). */
    public DetectionSettings withoutChangelogs() {
        return new DetectionSettings(suppressionWindow, stateExpiryInterval, suppressionSweepInterval, travelMinDistanceKm,
                travelMaxSpeedKmh, travelHistory, travelMaxAge, travelLateGrace, travelEgressNetworks, oathWindow, oathThreshold,
                oathBruteForceFailures, oathBruteForceSources, factorSwapWindow, factorHistoryAge, factorHistory,
                breakGlassRotationDue, fatigueThreshold, fatigueWindow, stores.withoutChangelogs(), grace, futureTolerance, usage,
                resets, registration, rocksDbMemoryMb);
    }

    private static void positive(Duration d, String key) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + ": must be positive, got " + d);
        }
    }

    static DetectionSettings from(EnvConfig c) {
        DetectionSettings d = DEFAULTS;
        String egress = c.get(TRAVEL_EGRESS_CIDRS, "");
        List<Cidr> cidrs;
        try {
            cidrs = Arrays.stream(egress.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Cidr::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(TRAVEL_EGRESS_CIDRS + ": " + e.getMessage(), e);
        }
        return new DetectionSettings(
                c.getDuration(SUPPRESSION_WINDOW, d.suppressionWindow),
                c.getDuration(STATE_EXPIRY_INTERVAL, d.stateExpiryInterval),
                c.getDuration(SUPPRESSION_SWEEP_INTERVAL, d.suppressionSweepInterval),
                number(c, TRAVEL_MIN_DISTANCE_KM, d.travelMinDistanceKm),
                number(c, TRAVEL_MAX_SPEED_KMH, d.travelMaxSpeedKmh),
                c.getInt(TRAVEL_HISTORY, d.travelHistory),
                c.getDuration(TRAVEL_MAX_AGE, d.travelMaxAge),
                c.getDuration(TRAVEL_LATE_GRACE, d.travelLateGrace),
                cidrs,
                c.getDuration(OATH_WINDOW, d.oathWindow),
                c.getInt(OATH_THRESHOLD, d.oathThreshold),
                c.getInt(OATH_BRUTE_FORCE_FAILURES, d.oathBruteForceFailures),
                c.getInt(OATH_BRUTE_FORCE_SOURCES, d.oathBruteForceSources),
                c.getDuration(FACTOR_SWAP_WINDOW, d.factorSwapWindow),
                c.getDuration(FACTOR_HISTORY_AGE, d.factorHistoryAge),
                c.getInt(FACTOR_HISTORY, d.factorHistory),
                c.getDuration(BREAK_GLASS_ROTATION_DUE, d.breakGlassRotationDue),
                c.getInt(FATIGUE_THRESHOLD, d.fatigueThreshold),
                c.getDuration(FATIGUE_WINDOW, d.fatigueWindow),
                stores(c.get(STATE_STORES, StateStores.ROCKSDB)),
                c.getDuration(GRACE, d.grace),
                c.getDuration(FUTURE_TOLERANCE, d.futureTolerance),
                UsageSettings.from(c),
                ResetSettings.from(c),
                RegistrationSettings.from(c),
                c.getInt(ROCKSDB_MEMORY_MB, d.rocksDbMemoryMb));
    }

    private static StoreKind stores(String v) {
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case StateStores.ROCKSDB -> StoreKind.ROCKSDB;
            case StateStores.MEMORY -> StoreKind.MEMORY;
            default -> throw new IllegalArgumentException(STATE_STORES + ": expected rocksdb or memory, got " + v);
        };
    }

    private static double number(EnvConfig c, String key, double fallback) {
        String v = c.get(key, null);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number: " + v);
        }
    }
}
