package dev.mfawatch.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.model.Json;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in a real browser: Debian's Chromium, headless, takes a screenshot of the page and
 * dumps its DOM, and its network log shows what the page fetched. Skipped where Chromium is not
 * installed ({@code apt-get install chromium}; {@code .ci/run} installs it).
 */
class ReportBrowserIT {

    private static final int TIMEOUT_SECONDS = 120;

    @TempDir
    Path dir;

    private Path chromium;

    @BeforeEach
    void findChromium() {
        chromium = find("chromium").or(() -> find("chromium-browser")).orElse(null);
        assumeTrue(chromium != null, "Chromium not installed (Debian package 'chromium'): skipping");
    }

    @Test
    void theBrowserRendersEverySectionAndTheCharts() throws Exception {
        Path page = Files.writeString(dir.resolve("report.html"), HtmlReport.render(SampleReport.data()));
        Path shot = dir.resolve("report.png");
        Ran screenshot = chromium("shot", "--screenshot=" + shot, "--window-size=1280,4000", page.toUri().toString());
        assertThat(shot).as(screenshot.output()).exists();
        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image).as("a PNG ImageIO can decode").isNotNull();
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(4000);
        Set<Integer> colours = new HashSet<>();
        long saturated = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                int r = rgb >> 16 & 0xFF;
                int g = rgb >> 8 & 0xFF;
                int b = rgb & 0xFF;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) {
                    saturated++;
                }
            }
        }
        // Text is mostly grey on white: the charts' bars and lines give far more strongly coloured pixels than links do.
        assertThat(colours).as("distinct colours").hasSizeGreaterThan(100);
        assertThat(saturated).as("coloured chart pixels in the first 4000 px").isGreaterThan(20_000);

        Ran dom = chromium("dom", "--dump-dom", page.toUri().toString());
        String html = dom.stdout();
        String text = html.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ");
        HtmlReport.SECTIONS.values().forEach(title -> assertThat(html).contains("<h2>" + title + "</h2>"));
        assertThat(text).contains("EXC-H").contains("helpdesk.agent@example.test (USER)").contains("INC-77")
                .contains("IMAP sign-in without MFA").contains("printer@example.test covered by a third entry in 12 months")
                .contains("F in force 14 days, never used").contains("FIDO2 key in the safe");
        // The owner that tried to be a script is text in the DOM, and the page's title is its own.
        assertThat(html).doesNotContain("<script").contains("&lt;script&gt;document.title=");
        assertThat(html).contains("<title>MFA exception audit report 2026-11-01 to 2026-12-01</title>");
        // Three charts, each decoded to its full size by the browser.
        assertThat(html.split("<img ", -1)).hasSize(4);
        assertThat(dom.fetchedByPage()).as("network requests made by the page").isEmpty();
    }

    @Test
    void theNetworkCheckSeesWhatAPageFetchesAndThePolicyBlocksIt() throws Exception {
        // Without the report's policy, the browser tries to fetch an external image: the check sees it.
        Path leaky = Files.writeString(dir.resolve("leaky.html"),
                "<html><body><h1>x</h1><img src=\"https://example.com/pixel.png\"></body></html>");
        assertThat(chromium("leaky", "--dump-dom", leaky.toUri().toString()).fetchedByPage())
                .containsExactly("https://example.com/pixel.png");
        // The same image smuggled into the report is never requested: its Content-Security-Policy forbids it.
        String report = HtmlReport.render(SampleReport.data()).replace("</footer>",
                "</footer><img src=\"https://example.com/pixel.png\">");
        Path smuggled = Files.writeString(dir.resolve("smuggled.html"), report);
        assertThat(chromium("smuggled", "--dump-dom", smuggled.toUri().toString()).fetchedByPage()).isEmpty();
    }

    /** What one Chromium run printed and which http(s) URLs the page itself asked for (its network log). */
    private record Ran(String stdout, String output, List<String> fetchedByPage) {
    }

    private Ran chromium(String name, String... args) throws IOException, InterruptedException {
        Path netLog = dir.resolve(name + "-netlog.json");
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + dir.resolve(name + "-profile"), "--no-first-run",
                // Whatever happens, no test reaches the internet: every host name fails to resolve.
                "--host-resolver-rules=MAP * ~NOTFOUND", "--log-net-log=" + netLog));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String output = stdout + Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        return new Ran(stdout, output, fetchedByPage(netLog));
    }

    /**
     * The http(s) requests a {@code file://} page started: URL_REQUEST_START_JOB events whose network
     * isolation key is the file origin. The browser's own background requests (component updates,
     * account checks) have other keys and are not the page's doing.
     */
    private static List<String> fetchedByPage(Path netLog) throws IOException {
        JsonNode log = Json.MAPPER.readTree(netLog.toFile());
        Integer startJob = null;
        for (Map.Entry<String, JsonNode> t : log.path("constants").path("logEventTypes").properties()) {
            if (t.getKey().equals("URL_REQUEST_START_JOB")) {
                startJob = t.getValue().asInt();
            }
        }
        assertThat(startJob).as("the network log names its event types").isNotNull();
        List<String> urls = new ArrayList<>();
        for (JsonNode e : log.path("events")) {
            JsonNode params = e.path("params");
            String url = params.path("url").asText("");
            if (e.path("type").asInt() == startJob && params.path("network_isolation_key").asText("").startsWith("file://")
                    && url.matches("(?i)https?://.*") && !urls.contains(url)) {
                urls.add(url);
            }
        }
        return urls;
    }

    private static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isBlank() && Files.isExecutable(Path.of(d, name)) && Files.isRegularFile(Path.of(d, name))) {
                return Optional.of(Path.of(d, name));
            }
        }
        return Optional.empty();
    }
}
