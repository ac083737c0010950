package dev.mfawatch.register.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code register …}: register tooling that needs no broker. */
@Command(name = "register", mixinStandardHelpOptions = true, subcommands = {ValidateCommand.class},
        header = "Works with the MFA exception register file, offline.",
        description = "Works with the MFA exception register file, offline: validate checks one.")
public final class RegisterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
