package dev.mfawatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CountriesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "US|US", "nl|NL", "United States|US", "United States of America|US", "The Netherlands|NL", "Netherlands|NL",
        "United Kingdom|GB", "Russia|RU", "South Korea|KR", "Czech Republic|CZ", "Czechia|CZ", "Türkiye|TR",
        "Hong Kong|HK", "Côte d'Ivoire|CI", "DEU|DE", "  japan |JP", "Atlantis|Atlantis"})
    void namesAndCodesBecomeAlpha2(String given, String expected) {
        assertThat(Countries.iso2(given)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void nullStaysNull() {
        assertThat(Countries.iso2(null)).isNull();
    }
}
