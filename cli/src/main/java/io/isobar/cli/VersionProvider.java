package io.isobar.cli;

import picocli.CommandLine;

/** Reports the version from the jar manifest (the Maven project version). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = IsobarCommand.class.getPackage().getImplementationVersion();
        return new String[] {"isobar " + (version == null ? "(development build)" : version)};
    }
}
