package dev.mfawatch.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    private final String html = HtmlReport.render(SampleReport.data());

    @Test
    void escapesEveryMarkupCharacter() {
        assertThat(Html.esc("<a href=\"x\">Tom & Jerry's</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
        assertThat(Html.esc(null)).isEmpty();
        assertThat(Html.esc("bell\u0007")).isEqualTo("bell\uFFFD");
    }

    @Test
    void registerTextNeverBecomesMarkup() {
        assertThat(html).doesNotContain("<script").doesNotContain("<img src=https")
                .doesNotContain("\"onmouseover=\"");
        assertThat(html).contains("&lt;script&gt;document.title=&#39;owned&#39;&lt;/script&gt;&quot;onmouseover=&quot;x")
                .contains("&lt;img src=https://attacker.example/x.png&gt; &amp; &#39;quotes&#39;");
    }

    @Test
    void loadsNothingFromAnywhere() {
        // Every src is an embedded image and every href an anchor of the page itself.
        Matcher src = Pattern.compile("\\ssrc=\"([^\"]*)\"").matcher(html);
        int images = 0;
        while (src.find()) {
            assertThat(src.group(1)).startsWith("data:image/png;base64,");
            images++;
        }
        assertThat(images).as("coverage, usage and alert charts").isEqualTo(3);
        Matcher href = Pattern.compile("\\shref=\"([^\"]*)\"").matcher(html);
        while (href.find()) {
            assertThat(href.group(1)).startsWith("#");
        }
        assertThat(html).doesNotContain("<link").doesNotContain("<script").doesNotContain("@import")
                .doesNotContain("url(")
                .contains("content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\"");
    }

    @Test
    void everySectionIsThere() {
        HtmlReport.SECTIONS.forEach((id, title) -> assertThat(html).contains("<section id=\"" + id + "\">\n<h2>" + title + "</h2>"));
    }

    @Test
    void sectionsHoldTheirData() {
        // Usage: EXC-H went from 0 (nothing before November) to 117, A from 2 to 9: 7 in the period.
        assertThat(row("EXC-H</td><td>LEGACY_PROTOCOL</td><td>")).startsWith("117</td><td>117</td>");
        assertThat(row("<td>A</td><td>BREAK_GLASS</td><td>")).startsWith("7</td><td>9</td>");
        // Unused: F (in force from 11-25, no ledger) with its UNUSED_EXCEPTION notice; not A, not EXC-H.
        String unused = section("unused");
        assertThat(unused).contains("<td>F</td>").contains("2026-11-29 00:00Z").doesNotContain("<td>A</td>")
                .doesNotContain("<td>EXC-H</td>");
        // C (revoked 11-10, in force 11-01 to 11-10) and E (11-02 to 11-12) unused too.
        assertThat(unused).contains("<td>C</td>").contains("<td>E</td>").contains("9.0 days").contains("10.0 days");
        assertThat(section("re-requested")).contains("printer@example.test covered by a third entry in 12 months")
                .contains("protocols: SMTP");
        // Resets: two by the helpdesk agent, one of them without a ticket; the department change is not a factor change.
        String changes = section("mfa-changes");
        assertThat(changes).contains("helpdesk.agent@example.test (USER)</td><td>2</td>")
                .contains("FACTOR_RESET × 1<br>TEMPORARY_ACCESS_PASS_ISSUED × 1").contains("INC-77")
                .contains("EXCLUSION_ADDED").doesNotContain("DEPARTMENT_CHANGED");
        String alerts = section("alerts");
        assertThat(alerts).contains("<td>BREAK_GLASS_SIGNIN</td><td>0</td><td>0</td><td>0</td><td>1</td><td>1</td>")
                .contains("IMAP sign-in without MFA");
        assertThat(section("notices")).contains("UNUSED_EXCEPTION").contains("USED_OUTSIDE_PATTERN")
                .contains("REVIEW_TRIGGERED").contains("RE_REQUESTED");
        assertThat(section("summary")).contains("a caveat for the reader");
        // KpisTest's register plus EXC-H (in force 120 days, reviewed 11-02 every 30 days: on time, one control):
        // lifetimes 10 16 20 90 90 120 -> median (20 + 90) / 2 = 55; controls 4 of 6; reviews on time 4 of 5.
        assertThat(section("kpis")).contains("<div class=\"value\">55.0 days</div>")
                .contains("<div class=\"value\">67%</div>").contains("<div class=\"value\">80%</div>");
    }

    private String section(String id) {
        int start = html.indexOf("<section id=\"" + id + "\">");
        return html.substring(start, html.indexOf("</section>", start));
    }

    private String row(String prefix) {
        String usage = section("usage");
        int at = usage.indexOf(prefix);
        assertThat(at).as(prefix).isNotNegative();
        return usage.substring(at + prefix.length());
    }
}
