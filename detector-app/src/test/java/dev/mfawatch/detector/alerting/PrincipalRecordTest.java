package dev.mfawatch.detector.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfawatch.detector.state.DueIndex;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The framing of every rule's state in one record per principal. */
class PrincipalRecordTest {

    private static final byte[][] IDS = PrincipalRecord.ids(List.of("RULE_A", "RULE_B"));

    private static byte[] bytes(int n, int fill) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    @Test
    void partsRoundTripByRuleIdWithTheWakeTime() {
        PrincipalRecord r = PrincipalRecord.read(null, IDS);
        assertThat(r.empty()).isTrue();
        r.set(0, bytes(3, 1), 5_000);
        r.set(1, bytes(300, 2), 4_000); // a length of two varint bytes
        assertThat(r.changed()).isTrue();
        byte[] stored = r.encode(IDS, r.wake());
        assertThat(stored).hasSize(9 + (1 + 6 + 1 + 3) + (1 + 6 + 2 + 300));
        assertThat(PrincipalRecord.wakeOf(stored)).isEqualTo(4_000);
        assertThat(PrincipalRecord.part(stored, "RULE_A")).isEqualTo(bytes(3, 1));
        assertThat(PrincipalRecord.part(stored, "RULE_B")).isEqualTo(bytes(300, 2));
        assertThat(PrincipalRecord.part(stored, "RULE_C")).isNull();

        PrincipalRecord again = PrincipalRecord.read(stored, IDS);
        assertThat(again.changed()).isFalse();
        assertThat(again.storedWake()).isEqualTo(4_000);
        again.set(0, bytes(3, 1), 5_000);
        again.set(1, bytes(300, 2), 4_000);
        assertThat(again.changed()).as("same bytes: nothing to write").isFalse();
        assertThat(again.wake()).isEqualTo(4_000);
    }

    @Test
    void aPartOfARuleNoLongerConfiguredIsDroppedOnTheNextWrite() {
        PrincipalRecord r = PrincipalRecord.read(null, IDS);
        r.set(0, bytes(2, 1), 10);
        r.set(1, bytes(2, 2), 20);
        byte[] stored = r.encode(IDS, 10);

        byte[][] onlyB = PrincipalRecord.ids(List.of("RULE_B"));
        PrincipalRecord read = PrincipalRecord.read(stored, onlyB);
        assertThat(read.changed()).isTrue();
        assertThat(read.part(0)).isEqualTo(bytes(2, 2));
        read.set(0, read.part(0), 20);
        byte[] rewritten = read.encode(onlyB, read.wake());
        assertThat(PrincipalRecord.part(rewritten, "RULE_A")).isNull();
        assertThat(PrincipalRecord.part(rewritten, "RULE_B")).isEqualTo(bytes(2, 2));
        assertThat(PrincipalRecord.wakeOf(rewritten)).isEqualTo(20);
    }

    @Test
    void aFailedRuleKeepsItsStateAndTheStoredWakeTime() {
        PrincipalRecord r = PrincipalRecord.read(null, IDS);
        r.set(0, bytes(2, 1), 10);
        r.set(1, bytes(2, 2), 20);
        PrincipalRecord read = PrincipalRecord.read(r.encode(IDS, 10), IDS);
        read.keep(0);
        read.set(1, bytes(2, 3), 30);
        assertThat(read.part(0)).isEqualTo(bytes(2, 1));
        assertThat(read.wake()).isEqualTo(10);
    }

    @Test
    void noStateMeansNoWakeTime() {
        PrincipalRecord r = PrincipalRecord.read(null, IDS);
        r.set(0, null, 10);
        assertThat(r.wake()).isEqualTo(DueIndex.NONE);
        assertThat(r.changed()).isFalse();
    }

    @Test
    void anUnknownVersionIsRefused() {
        assertThatThrownBy(() -> PrincipalRecord.read(new byte[] {9, 0, 0, 0, 0, 0, 0, 0, 0}, IDS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
