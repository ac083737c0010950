package dev.mfawatch.register.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiffTest {

    @Test
    void addsUpdatesRemovesAndKeeps() {
        Map<String, String> current = new HashMap<>(Map.of("same", "v1", "changed", "old", "gone", "x", "broken-edit", "good"));
        current.put("undecodable", null);
        Map<String, String> desired = new LinkedHashMap<>();
        desired.put("same", "v1");
        desired.put("changed", "new");
        desired.put("new", "n");
        desired.put("undecodable", "fixed");

        Diff<String> diff = Diff.of(current, current.keySet(), desired, Set.of("broken-edit"));

        assertThat(diff.changes()).containsExactlyInAnyOrder(
                new Change<>("changed", "new", Change.Kind.UPDATE),
                new Change<>("new", "n", Change.Kind.ADD),
                new Change<>("undecodable", "fixed", Change.Kind.UPDATE),
                new Change<>("gone", null, Change.Kind.REMOVE));
        assertThat(diff.unchanged()).isEqualTo(1);
        assertThat(diff.upserts()).isEqualTo(3);
        assertThat(diff.tombstones()).isEqualTo(1);
    }

    @Test
    void nothingToDoWhenEqual() {
        Map<String, String> state = Map.of("a", "1", "b", "2");
        Diff<String> diff = Diff.of(state, state.keySet(), state, Set.of());
        assertThat(diff.changes()).isEmpty();
        assertThat(diff.unchanged()).isEqualTo(2);
    }

    @Test
    void describesKeysOnly() {
        assertThat(new Change<>("EXC-1", "payload", Change.Kind.UPDATE).describe("mfa.register")).isEqualTo("update EXC-1 on mfa.register");
        assertThat(new Change<String>("EXC-2", null, Change.Kind.REMOVE).describe("mfa.register"))
                .isEqualTo("remove EXC-2 from mfa.register (tombstone)");
    }
}
