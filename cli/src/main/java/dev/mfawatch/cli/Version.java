package dev.mfawatch.cli;

import picocli.CommandLine;

/** Reads the version Maven wrote into the jar's manifest. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = MfaWatch.class.getPackage().getImplementationVersion();
        return new String[] {"mfa-watch " + (v == null ? "(development build)" : v)};
    }
}
