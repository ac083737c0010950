package dev.mfawatch.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ExampleRegisterTest {

    @Test
    void shiftsDatesAndInstantsByTheDaysSinceTheFileWasWritten() {
        String row = "EXC-1,ADMIN_EXCLUSION,ACTIVE,a,b,c,d,p,,,,,,why,HIGH,x,y,2026-11-04,2026-11-05T09:00:00Z,"
                + "2026-11-19T09:00:00Z,7,,,,CHG-1,2026-11-19T09:00:00Z EXPIRED system - auto-expiry;2026-11-04 NOTE x";
        String shifted = ExampleRegister.shiftedTo(row, LocalDate.of(2026, 12, 3)); // 10 days later
        assertThat(shifted).isEqualTo("EXC-1,ADMIN_EXCLUSION,ACTIVE,a,b,c,d,p,,,,,,why,HIGH,x,y,2026-11-14,"
                + "2026-11-15T09:00:00Z,2026-11-29T09:00:00Z,7,,,,CHG-1,2026-11-29T09:00:00Z EXPIRED system - auto-expiry;"
                + "2026-11-14 NOTE x");
    }

    @Test
    void leavesTheFileAsIsOnTheDayItWasWritten() {
        assertThat(ExampleRegister.shiftedTo(ExampleRegister.text(), ExampleRegister.WRITTEN_ON))
                .isEqualTo(ExampleRegister.text());
    }

    @Test
    void crossesMonthAndYearBoundaries() {
        assertThat(ExampleRegister.shiftedTo("2026-12-30", LocalDate.of(2026, 11, 25))).isEqualTo("2027-01-01");
    }
}
