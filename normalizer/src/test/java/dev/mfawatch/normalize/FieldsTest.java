package dev.mfawatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FieldsTest {

    @Test
    void containsIgnoreCaseAnswersAsLowerCasedContainsDoes() {
        SplittableRandom random = new SplittableRandom(5);
        String alphabet = "aAbBcC-_ 2\u00e9\u00c9\u212a\u0130kKiI";
        int found = 0;
        for (int i = 0; i < 100_000; i++) {
            String haystack = word(random, alphabet, random.nextInt(0, 12));
            String needle = word(random, alphabet, random.nextInt(0, 4));
            boolean expected = haystack.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
            assertThat(Fields.containsIgnoreCase(haystack, needle)).as("%s in %s", needle, haystack).isEqualTo(expected);
            found += expected ? 1 : 0;
        }
        assertThat(found).isBetween(10_000, 90_000);
        assertThat(Fields.containsIgnoreCase(null, "x")).isFalse();
        assertThat(Fields.containsIgnoreCase("Mozilla/5.0 BAV2ROPC", "bav2ropc")).isTrue();
    }

    private static String word(SplittableRandom random, String alphabet, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            // Mostly ASCII, now and then a character whose lower case is longer or is ASCII.
            b.append(alphabet.charAt(random.nextInt(random.nextInt(8) == 0 ? alphabet.length() : 10)));
        }
        return b.toString();
    }
}
