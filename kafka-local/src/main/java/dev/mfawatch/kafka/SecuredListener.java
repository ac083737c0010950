package dev.mfawatch.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * The SASL_SSL listener of a broker started by {@link LocalKafka#startSecured}: SCRAM-SHA-512 over
 * TLS with a self-signed certificate for {@code localhost} (made by the JDK's {@code keytool} in a
 * temporary directory), and Kafka's {@code StandardAuthorizer} with no ACL meaning no access. The
 * broker's PLAINTEXT and controller listeners stay open to their anonymous principal, a super user,
 * so the test can create users and ACLs; the apps under test connect here only.
 */
public final class SecuredListener {

    /** The listener's name in the broker's {@code listeners}. */
    public static final String NAME = "SECURED";
    public static final String MECHANISM = "SCRAM-SHA-512";
    private static final String LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Setup setup;

    private SecuredListener(String bootstrapServers, Setup setup) {
        this.bootstrapServers = bootstrapServers;
        this.setup = setup;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The PKCS12 truststore holding the broker's certificate. */
    public Path truststore() {
        return setup.truststore;
    }

    public String truststorePassword() {
        return setup.storePassword;
    }

    /** {@code sasl.jaas.config} for {@code user}. */
    public static String jaasConfig(String user, String password) {
        return LOGIN_MODULE + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    /** Client settings that log in as {@code user} on this listener. */
    public Map<String, Object> clientProps(String user, String password) {
        return Map.of("bootstrap.servers", bootstrapServers,
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", MECHANISM,
                "sasl.jaas.config", jaasConfig(user, password),
                "ssl.truststore.location", truststore().toString(),
                "ssl.truststore.password", truststorePassword(),
                "ssl.truststore.type", "PKCS12");
    }

    void addUsers(Map<String, Object> superUserProps, Map<String, String> users) {
        if (users.isEmpty()) {
            return;
        }
        List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        users.forEach((user, password) -> upserts.add(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)));
        try (Admin admin = Admin.create(superUserProps)) {
            admin.alterUserScramCredentials(upserts).all().get(30, TimeUnit.SECONDS);
            // The controller has them; a login succeeds once the broker's metadata has them too.
            awaitVisible("SCRAM credentials of " + users.keySet(), () -> admin.describeUserScramCredentials(
                    List.copyOf(users.keySet())).all().get(10, TimeUnit.SECONDS).keySet().containsAll(users.keySet()));
        } catch (Exception e) {
            throw new IllegalStateException("could not create SCRAM users " + users.keySet() + ": " + e.getMessage(), e);
        }
    }

    void grant(Map<String, Object> superUserProps, Collection<AclBinding> acls) {
        try (Admin admin = Admin.create(superUserProps)) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            Set<AclBinding> wanted = new HashSet<>(acls);
            awaitVisible(acls.size() + " ACLs", () -> admin.describeAcls(AclBindingFilter.ANY).values()
                    .get(10, TimeUnit.SECONDS).containsAll(wanted));
        } catch (Exception e) {
            throw new IllegalStateException("could not create ACLs: " + e.getMessage(), e);
        }
    }

    /**
     * Polls until the broker (not only the controller) shows a metadata change. Start-up code, not a
     * test: a short pause between polls, bounded by a deadline.
     */
    private static void awaitVisible(String what, Callable<Boolean> visible) throws Exception {
        Instant deadline = Instant.now().plus(VISIBLE_WITHIN);
        while (!visible.call()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(what + " not visible on the broker within " + VISIBLE_WITHIN);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    void delete() {
        setup.delete();
    }

    /** The key material and broker settings, made before the broker starts. */
    static final class Setup {

        private final Path dir;
        private final Path keystore;
        private final Path truststore;
        private final String storePassword;

        private Setup(Path dir, String storePassword) {
            this.dir = dir;
            this.keystore = dir.resolve("broker.p12");
            this.truststore = dir.resolve("truststore.p12");
            this.storePassword = storePassword;
        }

        static Setup create() {
            Path dir;
            try {
                dir = Files.createTempDirectory("mfawatch-tls-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Setup setup = new Setup(dir, UUID.randomUUID().toString());
            try {
                Path cert = dir.resolve("broker.crt");
                setup.keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                        "-keystore", setup.keystore.toString(), "-storetype", "PKCS12");
                setup.keytool("-exportcert", "-alias", "broker", "-rfc", "-file", cert.toString(),
                        "-keystore", setup.keystore.toString(), "-storetype", "PKCS12");
                setup.keytool("-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(),
                        "-keystore", setup.truststore.toString(), "-storetype", "PKCS12");
                return setup;
            } catch (RuntimeException e) {
                setup.delete();
                throw e;
            }
        }

        /** Runs the JDK's keytool; the store password goes through its environment, not its command line. */
        private void keytool(String... args) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
            command.addAll(List.of(args));
            command.addAll(List.of("-storepass:env", "MFAWATCH_STOREPASS"));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("MFAWATCH_STOREPASS", storePassword);
            try {
                Process p = pb.start();
                String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IllegalStateException("keytool " + args[0] + " failed: " + output.strip());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run keytool", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running keytool", e);
            }
        }

        /** The broker settings for the extra listener; the kit's own listeners keep their names and ports. */
        Map<String, String> brokerProps(String brokerListener, String controllerListener) {
            String prefix = "listener.name." + NAME.toLowerCase(java.util.Locale.ROOT) + ".";
            Map<String, String> p = new HashMap<>();
            p.put("listeners", brokerListener + "://localhost:0," + controllerListener + "://localhost:0,"
                    + NAME + "://localhost:0");
            p.put("listener.security.protocol.map", brokerListener + ":PLAINTEXT," + controllerListener + ":PLAINTEXT,"
                    + NAME + ":SASL_SSL");
            p.put(prefix + "sasl.enabled.mechanisms", MECHANISM);
            p.put(prefix + MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config", LOGIN_MODULE + " required;");
            p.put(prefix + "ssl.keystore.location", keystore.toString());
            p.put(prefix + "ssl.keystore.password", storePassword);
            p.put(prefix + "ssl.keystore.type", "PKCS12");
            p.put(prefix + "ssl.key.password", storePassword);
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            p.put("allow.everyone.if.no.acl.found", "false");
            // The PLAINTEXT and controller listeners authenticate no one: their principal is ANONYMOUS.
            p.put("super.users", "User:ANONYMOUS");
            return p;
        }

        SecuredListener listener(String bootstrapServers) {
            return new SecuredListener(bootstrapServers, this);
        }

        void delete() {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // A temp dir left behind is harmless.
            }
        }
    }
}
