package dev.mfawatch.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Help that reads cleanly at any terminal width. Picocli wraps text where {@link java.text.BreakIterator}
 * allows a break, which includes after every dot, colon and slash: {@code mfa.register},
 * {@code e.g.} or {@code /metrics} could be split across lines. Command descriptions are written as
 * paragraphs here and wrapped at spaces only, to the terminal's width; each command's one-line
 * {@code header} is its summary in the parent's command list.
 */
final class HelpLayout {

    private HelpLayout() {
    }

    /** The terminal's width for {@code root} and every subcommand, descriptions wrapped at spaces, sections apart. */
    static CommandLine apply(CommandLine root) {
        root.setUsageHelpAutoWidth(true);
        Deque<CommandLine> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            CommandLine c = todo.poll();
            // Blank lines between the summary, the usage, the description and the lists.
            UsageMessageSpec usage = c.getCommandSpec().usageMessage();
            usage.descriptionHeading("%n").optionListHeading("%nOptions:%n").commandListHeading("%nCommands:%n");
            if (usage.header().length > 0) {
                usage.synopsisHeading("%nUsage: ");
            }
            c.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_DESCRIPTION,
                    help -> description(help.commandSpec().usageMessage()));
            todo.addAll(c.getSubcommands().values());
        }
        return root;
    }

    private static String description(UsageMessageSpec usage) {
        StringBuilder out = new StringBuilder();
        for (String paragraph : usage.description()) {
            for (String line : paragraph.replace("%n", "\n").replace("%%", "%").split("\n", -1)) {
                wrap(line, usage.width(), out);
            }
        }
        return out.toString();
    }

    /** Greedy wrap at spaces; a word longer than the width stands alone on its line. */
    static void wrap(String text, int width, StringBuilder out) {
        int lineLength = 0;
        for (String word : text.strip().split(" +")) {
            if (lineLength > 0 && lineLength + 1 + word.length() > width) {
                out.append('\n');
                lineLength = 0;
            }
            if (lineLength > 0) {
                out.append(' ');
                lineLength++;
            }
            out.append(word);
            lineLength += word.length();
        }
        out.append('\n');
    }
}
