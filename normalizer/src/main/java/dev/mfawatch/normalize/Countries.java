package dev.mfawatch.normalize;

import java.text.Normalizer.Form;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Countries as ISO 3166-1 alpha-2 codes, the form register scopes and Entra use. Okta (and the
 * MaxMind data behind its {@code geographicalContext}) writes English names ("United States",
 * "The Netherlands"): read as codes, so an exception scoped to {@code NL} covers an Okta sign-in
 * from the Netherlands instead of being violated by it. Names are matched without case, accents or
 * punctuation; alpha-3 codes are read too. A value that is none of these is kept as given.
 */
public final class Countries {

    private static final Map<String, String> BY_NAME = new HashMap<>();

    static {
        for (String code : Locale.getISOCountries()) {
            Locale l = new Locale("", code);
            BY_NAME.put(key(l.getDisplayCountry(Locale.ENGLISH)), code);
            BY_NAME.put(key(l.getISO3Country()), code);
        }
        // Spellings of the same countries in geolocation data and provider logs.
        String[][] aliases = {
            {"United States of America", "US"}, {"USA", "US"}, {"UK", "GB"}, {"Great Britain", "GB"},
            {"The Netherlands", "NL"}, {"Holland", "NL"}, {"Czech Republic", "CZ"}, {"Turkiye", "TR"},
            {"Hong Kong", "HK"}, {"Macau", "MO"}, {"Macao", "MO"}, {"Republic of Korea", "KR"},
            {"Korea, Republic of", "KR"}, {"Korea", "KR"}, {"Russian Federation", "RU"}, {"Ivory Coast", "CI"},
            {"DR Congo", "CD"}, {"Democratic Republic of the Congo", "CD"}, {"Congo Republic", "CG"},
            {"Republic of the Congo", "CG"}, {"Viet Nam", "VN"}, {"Iran, Islamic Republic of", "IR"},
            {"Burma", "MM"}, {"Myanmar", "MM"}, {"Swaziland", "SZ"}, {"Cape Verde", "CV"},
            {"Taiwan, Province of China", "TW"}, {"Palestine", "PS"}, {"Macedonia", "MK"},
            {"Vatican City", "VA"}, {"Bolivia, Plurinational State of", "BO"}, {"Venezuela, Bolivarian Republic of", "VE"},
            {"Syrian Arab Republic", "SY"}, {"Lao People's Democratic Republic", "LA"}, {"Laos", "LA"},
            {"Moldova, Republic of", "MD"}, {"Tanzania, United Republic of", "TZ"}, {"Brunei Darussalam", "BN"},
        };
        for (String[] a : aliases) {
            BY_NAME.put(key(a[0]), a[1]);
        }
    }

    private Countries() {
    }

    /** The alpha-2 code for a code, an alpha-3 code or an English name; other values unchanged; null stays null. */
    public static String iso2(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.length() == 2 && Character.isLetter(v.charAt(0)) && Character.isLetter(v.charAt(1))) {
            return v.toUpperCase(Locale.ROOT);
        }
        String code = BY_NAME.get(key(v));
        return code != null ? code : v;
    }

    private static String key(String name) {
        String ascii = java.text.Normalizer.normalize(name, Form.NFD).replaceAll("\\p{M}", "");
        return ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
