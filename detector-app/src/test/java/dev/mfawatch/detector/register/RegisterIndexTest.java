package dev.mfawatch.detector.register;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.register.ExceptionEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegisterIndexTest {

    @Test
    void findsEntriesByAnyNameOnceEach_orderedById() {
        RegisterIndex index = new RegisterIndex();
        index.put(entry("EXC-2").principals("alice@example.com", "oid-1").build());
        index.put(entry("EXC-1").principals("oid-1").build());
        index.put(entry("EXC-3").principals("bob@example.com").build());

        assertThat(index.entriesFor(List.of("alice@example.com", "oid-1"))).extracting(ExceptionEntry::id)
                .containsExactly("EXC-1", "EXC-2");
        assertThat(index.entriesFor(List.of("bob@example.com"))).extracting(ExceptionEntry::id).containsExactly("EXC-3");
        assertThat(index.entriesFor(List.of("carol@example.com"))).isEmpty();
        assertThat(index.size()).isEqualTo(3);
    }

    @Test
    void replacingAnEntryMovesItsPrincipals_removingDropsIt() {
        RegisterIndex index = new RegisterIndex();
        index.put(entry("EXC-1").principals("alice@example.com").build());
        index.put(entry("EXC-1").principals("bob@example.com").build());
        assertThat(index.entriesFor(List.of("alice@example.com"))).isEmpty();
        assertThat(index.entriesFor(List.of("bob@example.com"))).extracting(ExceptionEntry::id).containsExactly("EXC-1");

        index.remove("EXC-1");
        assertThat(index.entriesFor(List.of("bob@example.com"))).isEmpty();
        assertThat(index.size()).isZero();
        index.remove("EXC-unknown");
        assertThat(index.size()).isZero();
    }
}
