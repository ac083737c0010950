package dev.mfawatch.detector.usage;

import dev.mfawatch.model.usage.ExceptionUsage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One exception's ledger as the store keeps it: what {@link ExceptionUsage} publishes plus the first
 * week's pattern (countries and apps), the values already announced as outside it, and flags (changed
 * since last published, ever published, UNUSED_EXCEPTION announced). Every part is bounded, so a
 * record stays under ~25 KB whatever the traffic: see the capacities below.
 *
 * <p>Binary layout: version, flags, six longs (sign-ins, changes, first use, last use, updated at,
 * pattern start), the five {@link TopK}s, the last events (time, id), then four sets of strings.
 */
final class LedgerState {

    static final int APPS = 20;
    static final int PROTOCOLS = 10;
    static final int COUNTRIES = 20;
    static final int PREFIXES = 20;
    static final int PRINCIPALS = 50;
    static final int LAST_EVENTS = 10;
    /** Distinct countries or apps remembered as the pattern; past it the dimension is too broad to judge. */
    static final int PATTERN = 64;
    /** Values announced as outside the pattern, per dimension; past it no more are announced. */
    static final int ANNOUNCED = 64;

    static final long NONE = Long.MIN_VALUE;

    private static final byte VERSION = 1;
    private static final int DIRTY = 1;
    private static final int PUBLISHED = 2;
    private static final int UNUSED_NOTIFIED = 4;
    private static final int COUNTRIES_TOO_BROAD = 8;
    private static final int APPS_TOO_BROAD = 16;

    /** A dimension of the pattern. */
    enum Dimension { COUNTRY, APP }

    /** A covered sign-in from a value its exception's pattern does not hold: announce it once. */
    record Outside(Dimension dimension, String value, Instant patternFrom, Instant patternUntil, Set<String> pattern) {
    }

    private int flags;
    long signIns;
    long changes;
    long firstUse = NONE;
    long lastUse = NONE;
    long updatedAt = NONE;
    /** Start of the pattern's learning period; NONE until the first covered sign-in. */
    long patternFrom = NONE;
    final TopK apps;
    final TopK protocols;
    final TopK countries;
    final TopK prefixes;
    final TopK principals;
    private record Event(long time, String id) {
    }

    /** Newest first by event time. */
    private final List<Event> lastEvents = new ArrayList<>();
    private final TreeSet<String> patternCountries = new TreeSet<>();
    private final TreeSet<String> patternApps = new TreeSet<>();
    private final TreeSet<String> announcedCountries = new TreeSet<>();
    private final TreeSet<String> announcedApps = new TreeSet<>();

    LedgerState() {
        this(new TopK(APPS), new TopK(PROTOCOLS), new TopK(COUNTRIES), new TopK(PREFIXES), new TopK(PRINCIPALS));
    }

    private LedgerState(TopK apps, TopK protocols, TopK countries, TopK prefixes, TopK principals) {
        this.apps = apps;
        this.protocols = protocols;
        this.countries = countries;
        this.prefixes = prefixes;
        this.principals = principals;
    }

    long uses() {
        return signIns + changes;
    }

    boolean dirty() {
        return (flags & DIRTY) != 0;
    }

    /** Whether the stored bytes are of a ledger changed since it was last published (read without decoding it). */
    static boolean dirty(byte[] bytes) {
        return bytes.length > 1 && (bytes[1] & DIRTY) != 0;
    }

    boolean published() {
        return (flags & PUBLISHED) != 0;
    }

    void markPublished() {
        flags = (flags & ~DIRTY) | PUBLISHED;
    }

    boolean unusedNotified() {
        return (flags & UNUSED_NOTIFIED) != 0;
    }

    void markUnusedNotified() {
        flags |= UNUSED_NOTIFIED;
    }

    /**
     * Counts one use. A sign-in's country and app join the pattern while inside its learning period
     * (which starts at the later of {@code activatedAt} and the first covered sign-in seen); after it,
     * those the pattern lacks and that were not announced yet are returned.
     */
    List<Outside> record(Use use, Instant activatedAt, Duration learning) {
        flags |= DIRTY;
        if (use.kind() == Use.Kind.CHANGE) {
            changes++;
        } else {
            signIns++;
        }
        firstUse = firstUse == NONE ? use.time() : Math.min(firstUse, use.time());
        lastUse = lastUse == NONE ? use.time() : Math.max(lastUse, use.time());
        updatedAt = lastUse;
        principals.add(use.principal());
        addEvent(use.time(), use.eventId());
        if (use.kind() != Use.Kind.SIGN_IN) {
            return List.of();
        }
        apps.add(use.app());
        protocols.add(use.protocol());
        countries.add(use.country());
        prefixes.add(use.ipPrefix());
        if (patternFrom == NONE) {
            patternFrom = Math.max(use.time(), activatedAt == null ? use.time() : activatedAt.toEpochMilli());
        }
        long until = patternFrom + learning.toMillis();
        if (use.time() < until) {
            flags |= learn(patternCountries, use.country(), COUNTRIES_TOO_BROAD) | learn(patternApps, use.app(), APPS_TOO_BROAD);
            return List.of();
        }
        List<Outside> out = new ArrayList<>(2);
        outside(Dimension.COUNTRY, use.country(), patternCountries, announcedCountries, COUNTRIES_TOO_BROAD, until, out);
        outside(Dimension.APP, use.app(), patternApps, announcedApps, APPS_TOO_BROAD, until, out);
        return out;
    }

    private static int learn(Set<String> pattern, String value, int tooBroad) {
        if (value == null || pattern.contains(value)) {
            return 0;
        }
        if (pattern.size() >= PATTERN) {
            return tooBroad;
        }
        pattern.add(value);
        return 0;
    }

    private void outside(Dimension d, String value, Set<String> pattern, Set<String> announced, int tooBroad, long until,
                         List<Outside> out) {
        if (value == null || (flags & tooBroad) != 0 || pattern.contains(value) || announced.contains(value)
                || announced.size() >= ANNOUNCED) {
            return;
        }
        announced.add(value);
        out.add(new Outside(d, value, Instant.ofEpochMilli(patternFrom), Instant.ofEpochMilli(until), Set.copyOf(pattern)));
    }

    private void addEvent(long time, String eventId) {
        if (eventId == null) {
            return;
        }
        for (Event e : lastEvents) {
            if (eventId.equals(e.id())) {
                return; // delivered again
            }
        }
        int at = 0;
        while (at < lastEvents.size() && lastEvents.get(at).time() > time) {
            at++;
        }
        if (at >= LAST_EVENTS) {
            return;
        }
        lastEvents.add(at, new Event(time, eventId));
        if (lastEvents.size() > LAST_EVENTS) {
            lastEvents.remove(LAST_EVENTS);
        }
    }

    ExceptionUsage toUsage(String exceptionId) {
        return new ExceptionUsage(exceptionId, signIns, changes, instant(firstUse), instant(lastUse), apps.counts(),
                protocols.counts(), countries.counts(), prefixes.counts(), principals.counts(),
                lastEvents.stream().map(Event::id).toList(), instant(updatedAt));
    }

    private static Instant instant(long ms) {
        return ms == NONE ? null : Instant.ofEpochMilli(ms);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(flags);
            out.writeLong(signIns);
            out.writeLong(changes);
            out.writeLong(firstUse);
            out.writeLong(lastUse);
            out.writeLong(updatedAt);
            out.writeLong(patternFrom);
            apps.write(out);
            protocols.write(out);
            countries.write(out);
            prefixes.write(out);
            principals.write(out);
            out.writeByte(lastEvents.size());
            for (Event e : lastEvents) {
                out.writeLong(e.time());
                out.writeUTF(e.id());
            }
            for (Set<String> set : List.of(patternCountries, patternApps, announcedCountries, announcedApps)) {
                out.writeShort(set.size());
                for (String s : set) {
                    out.writeUTF(s);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static LedgerState decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown ledger version " + version);
            }
            int flags = in.readUnsignedByte();
            long signIns = in.readLong();
            long changes = in.readLong();
            long firstUse = in.readLong();
            long lastUse = in.readLong();
            long updatedAt = in.readLong();
            long patternFrom = in.readLong();
            LedgerState s = new LedgerState(TopK.read(in, APPS), TopK.read(in, PROTOCOLS), TopK.read(in, COUNTRIES),
                    TopK.read(in, PREFIXES), TopK.read(in, PRINCIPALS));
            s.flags = flags;
            s.signIns = signIns;
            s.changes = changes;
            s.firstUse = firstUse;
            s.lastUse = lastUse;
            s.updatedAt = updatedAt;
            s.patternFrom = patternFrom;
            int n = in.readUnsignedByte();
            for (int i = 0; i < n; i++) {
                s.lastEvents.add(new Event(in.readLong(), in.readUTF()));
            }
            for (Set<String> set : List.of(s.patternCountries, s.patternApps, s.announcedCountries, s.announcedApps)) {
                int m = in.readUnsignedShort();
                for (int i = 0; i < m; i++) {
                    set.add(in.readUTF());
                }
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
