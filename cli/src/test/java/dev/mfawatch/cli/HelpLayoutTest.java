package dev.mfawatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code mfa-watch --help} and {@code mfa-watch COMMAND --help} as a newcomer reads them in an 80-column terminal. */
class HelpLayoutTest {

    private static final int WIDTH = 80;

    /** Every command of the launcher, rendered at {@link #WIDTH} columns (what a terminal width gives). */
    private static List<CommandLine> commands() {
        CommandLine root = MfaWatch.commandLine().setUsageHelpAutoWidth(false).setUsageHelpWidth(WIDTH);
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        for (int i = 0; i < all.size(); i++) {
            all.addAll(all.get(i).getSubcommands().values());
        }
        return all;
    }

    private static String usage(CommandLine c) {
        return c.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static String name(CommandLine c) {
        return c.getCommandSpec().qualifiedName();
    }

    @Test
    void everyLineFitsEightyColumns() {
        for (CommandLine c : commands()) {
            assertThat(usage(c).lines()).as("%s --help", name(c)).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(WIDTH));
        }
    }

    @Test
    void everyCommandListEntryIsOneSentenceOnOneLine() {
        List<CommandLine> parents = commands().stream().filter(c -> !c.getSubcommands().isEmpty()).toList();
        assertThat(parents).isNotEmpty();
        for (CommandLine parent : parents) {
            List<String> lines = usage(parent).lines().toList();
            int start = lines.indexOf("Commands:");
            assertThat(start).as("%s --help lists its commands", name(parent)).isNotNegative();
            List<String> rows = lines.subList(start + 1, lines.size()).stream().takeWhile(l -> l.startsWith(" ")).toList();
            assertThat(rows).as("%s --help: one row per command, no wrapped summary", name(parent))
                    .hasSize(parent.getSubcommands().size())
                    .allSatisfy(row -> assertThat(row).matches("  \\S+ +\\S.*\\."));
        }
    }

    @Test
    void descriptionsAreWrappedBetweenWordsOnly() {
        // Picocli alone would break mfa.register after its dot, or e.g. after its first dot.
        for (CommandLine c : commands()) {
            Set<String> rendered = Arrays.stream(usage(c).split("\\s+")).collect(Collectors.toSet());
            for (String paragraph : c.getCommandSpec().usageMessage().description()) {
                for (String word : paragraph.replace("%n", " ").split("\\s+")) {
                    if (!word.isEmpty()) {
                        assertThat(rendered).as("%s --help shows the word %s whole", name(c), word).contains(word);
                    }
                }
            }
        }
    }

    @Test
    void everyCommandHasAOneLineSummary() {
        for (CommandLine c : commands().subList(1, commands().size())) {
            assertThat(c.getCommandSpec().usageMessage().header()).as("%s header", name(c)).hasSize(1);
        }
    }

    @Test
    void helpFollowsTheTerminalWidth() {
        List<CommandLine> all = new ArrayList<>(List.of(MfaWatch.commandLine()));
        for (int i = 0; i < all.size(); i++) {
            all.addAll(all.get(i).getSubcommands().values());
        }
        assertThat(all).allSatisfy(c -> assertThat(c.isUsageHelpAutoWidth()).as(name(c)).isTrue());
    }

    @Test
    void wrapBreaksAtSpacesOnly() {
        StringBuilder out = new StringBuilder();
        HelpLayout.wrap("publishes to mfa.register and directory.principals, e.g. now", 20, out);
        assertThat(out.toString()).isEqualTo("publishes to\nmfa.register and\ndirectory.principals,\ne.g. now\n");
    }
}
