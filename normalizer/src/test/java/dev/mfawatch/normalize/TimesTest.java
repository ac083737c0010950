package dev.mfawatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {

    private static Instant parse(String s) {
        return Times.parse(s, "time");
    }

    @Test
    void isoWithZAndSevenFractionDigits() {
        assertThat(parse("2021-04-28T14:08:45.221Z")).isEqualTo(Instant.parse("2021-04-28T14:08:45.221Z"));
        assertThat(parse("2026-11-02T08:15:30.1234567Z")).isEqualTo(Instant.ofEpochSecond(
                Instant.parse("2026-11-02T08:15:30Z").getEpochSecond(), 123_456_700));
    }

    @Test
    void isoWithAnOffsetIsConvertedToUtc() {
        assertThat(parse("2026-11-03T11:05:00+01:00")).isEqualTo(Instant.parse("2026-11-03T10:05:00Z"));
    }

    @Test
    void zoneLessIsoWithASpaceIsUtc() {
        assertThat(parse("2026-11-03 10:05:00.123")).isEqualTo(Instant.parse("2026-11-03T10:05:00.123Z"));
    }

    @Test
    void portalCsvExportWithCommaMillisAndPm() {
        // 2:08 PM is 14:08; month first: April 28th.
        assertThat(parse("4/28/2021, 2:08:45.221 PM")).isEqualTo(Instant.parse("2021-04-28T14:08:45.221Z"));
    }

    @Test
    void azureMonitorTimeWithoutCommaOrFraction() {
        assertThat(parse("12/12/2025 3:03:58 PM")).isEqualTo(Instant.parse("2025-12-12T15:03:58Z"));
    }

    @Test
    void sevenFractionDigitsInLocaleFormat() {
        assertThat(parse("4/28/2021, 2:08:45.2214567 PM")).isEqualTo(Instant.parse("2021-04-28T14:08:45.2214567Z"));
    }

    @Test
    void secondsAreOptional() {
        assertThat(parse("4/28/2021, 2:08 PM")).isEqualTo(Instant.parse("2021-04-28T14:08:00Z"));
    }

    @Test
    void midnightAndNoonIn12HourClock() {
        assertThat(parse("1/2/2026 12:00:01 AM")).isEqualTo(Instant.parse("2026-01-02T00:00:01Z"));
        assertThat(parse("1/2/2026 12:30:00 pm")).isEqualTo(Instant.parse("2026-01-02T12:30:00Z"));
    }

    @Test
    void twentyFourHourVariantWithAndWithoutComma() {
        assertThat(parse("4/28/2021 14:08:45")).isEqualTo(Instant.parse("2021-04-28T14:08:45Z"));
        assertThat(parse("04/28/2021, 14:08:45.5")).isEqualTo(Instant.parse("2021-04-28T14:08:45.500Z"));
    }

    @Test
    void monthComesFirst_soADayAbove12IsRejectedInTheMonthPlace() {
        assertThat(parse("3/4/2026 10:00:00 AM")).isEqualTo(Instant.parse("2026-03-04T10:00:00Z"));
        assertThatThrownBy(() -> parse("28/4/2021 2:08:45 PM")).isInstanceOf(MappingException.class)
                .hasMessage("time must be a valid M/d/yyyy date and time");
    }

    @Test
    void malformedTimesNameTheFieldAndNeverEchoTheValue() {
        assertThatThrownBy(() -> parse("13:00 on 4/28")).isInstanceOf(MappingException.class)
                .hasMessage("time must be an ISO-8601 or M/d/yyyy h:mm:ss AM/PM time");
        assertThatThrownBy(() -> parse("4/28/2021 13:00:00 PM")).isInstanceOf(MappingException.class)
                .hasMessage("time must be a 12-hour time with AM/PM");
        assertThatThrownBy(() -> parse("yesterday")).isInstanceOf(MappingException.class)
                .hasMessage("time must be an ISO-8601 time");
        assertThatThrownBy(() -> Times.parse(null, "createdDateTime")).isInstanceOf(MappingException.class)
                .hasMessage("createdDateTime is required");
    }
}
