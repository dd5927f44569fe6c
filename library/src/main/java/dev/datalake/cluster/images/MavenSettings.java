package dev.datalake.cluster.images;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.eclipse.aether.RepositorySystemSession.SessionBuilder;
import org.eclipse.aether.repository.Authentication;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;
import org.eclipse.aether.util.repository.JreProxySelector;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/**
 * The Maven settings a build on this machine would use, applied to the library's own resolution of image
 * jars: mirrors, proxies, server credentials (decrypted as Maven does), the local repository and offline
 * mode. Read from {@code ~/.m2/settings.xml} (or the file the system property
 * {@value #SETTINGS_PROPERTY} names) over {@code $MAVEN_HOME/conf/settings.xml}.
 */
final class MavenSettings {

    /** System property naming the user settings file to read instead of {@code ~/.m2/settings.xml}. */
    static final String SETTINGS_PROPERTY = "datalake.maven.settings";

    private final Settings settings;
    private final String source;

    private MavenSettings(Settings settings, String source) {
        this.settings = settings;
        this.source = source;
    }

    /** The settings of this machine: the user file and the global one of the Maven installation, where they exist. */
    static MavenSettings load() {
        String configured = System.getProperty(SETTINGS_PROPERTY);
        Path user = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "settings.xml");
        String mavenHome = System.getProperty("maven.home", System.getenv("MAVEN_HOME"));
        Path global = mavenHome == null || mavenHome.isBlank() ? null : Path.of(mavenHome, "conf", "settings.xml");
        return load(user, global);
    }

    /**
     * Reads the given files (either may be absent or {@code null}).
     *
     * @throws IllegalArgumentException naming the file and the problem when one cannot be read or parsed
     */
    static MavenSettings load(Path user, Path global) {
        DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest();
        Properties system = new Properties();
        system.putAll(System.getProperties());
        // ${env.X} in settings.xml, as Maven interpolates it
        System.getenv().forEach((name, value) -> system.setProperty("env." + name, value));
        request.setSystemProperties(system);
        if (user != null && Files.exists(user)) {
            requireReadableFile(user);
            request.setUserSettingsFile(user.toFile());
        }
        if (global != null && Files.exists(global)) {
            requireReadableFile(global);
            request.setGlobalSettingsFile(global.toFile());
        }
        String source = java.util.stream.Stream.of(request.getUserSettingsFile(), request.getGlobalSettingsFile())
                .filter(java.util.Objects::nonNull).map(File::toString).collect(Collectors.joining(" over "));
        Settings settings;
        try {
            settings = new DefaultSettingsBuilderFactory().newInstance().build(request).getEffectiveSettings();
        } catch (SettingsBuildingException e) {
            SettingsProblem first = e.getProblems().get(0);
            throw new IllegalArgumentException("Cannot use the Maven settings " + first.getSource() + ": "
                    + first.getMessage() + (first.getLineNumber() > 0 ? " (line " + first.getLineNumber() + ")" : "")
                    + ". Fix the file or point -D" + SETTINGS_PROPERTY + " at another one.", e);
        }
        return new MavenSettings(decrypted(settings, source), source.isEmpty() ? "no settings.xml" : source);
    }

    private static void requireReadableFile(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("Cannot use the Maven settings " + file + ": "
                    + (Files.isDirectory(file) ? "it is a directory" : "it is not a readable file")
                    + ". Fix the file or point -D" + SETTINGS_PROPERTY + " at another one.");
        }
    }

    /** Passwords of servers and proxies as Maven decrypts them ({@code {...}} with settings-security.xml). */
    private static Settings decrypted(Settings settings, String source) {
        DefaultSecDispatcher dispatcher = new DefaultSecDispatcher(new DefaultPlexusCipher());
        dispatcher.setConfigurationFile(System.getProperty(DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION,
                Path.of(System.getProperty("user.home"), ".m2", "settings-security.xml").toString()));
        SettingsDecryptionResult result = new DefaultSettingsDecrypter(dispatcher)
                .decrypt(new DefaultSettingsDecryptionRequest(settings));
        if (!result.getProblems().isEmpty()) {
            throw new IllegalArgumentException("Cannot use the Maven settings " + source + ": "
                    + result.getProblems().get(0).getMessage());
        }
        settings.setServers(result.getServers());
        settings.setProxies(result.getProxies());
        return settings;
    }

    /** The files read, for messages. */
    String source() {
        return source;
    }

    /** {@code -Dmaven.repo.local}, else the settings' {@code localRepository}, else {@code ~/.m2/repository}. */
    Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String fromSettings = settings.getLocalRepository();
        if (fromSettings != null && !fromSettings.isBlank()) {
            return Path.of(fromSettings.trim());
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** Puts the mirrors, proxies, credentials and offline mode on a resolver session. */
    SessionBuilder configure(SessionBuilder session) {
        DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
        for (Mirror mirror : settings.getMirrors()) {
            mirrors.add(mirror.getId(), mirror.getUrl(), mirror.getLayout(), false, mirror.isBlocked(),
                    mirror.getMirrorOf(), mirror.getMirrorOfLayouts());
        }
        DefaultAuthenticationSelector credentials = new DefaultAuthenticationSelector();
        for (Server server : settings.getServers()) {
            credentials.add(server.getId(), new AuthenticationBuilder()
                    .addUsername(server.getUsername()).addPassword(server.getPassword())
                    .addPrivateKey(server.getPrivateKey(), server.getPassphrase()).build());
        }
        List<Proxy> proxies = settings.getProxies().stream().filter(Proxy::isActive).toList();
        if (proxies.isEmpty()) {
            // no proxy in the settings: the JVM's own (-Dhttps.proxyHost ...), as before
            session.setProxySelector(new JreProxySelector());
        } else {
            DefaultProxySelector selector = new DefaultProxySelector();
            for (Proxy proxy : proxies) {
                Authentication auth = new AuthenticationBuilder()
                        .addUsername(proxy.getUsername()).addPassword(proxy.getPassword()).build();
                selector.add(new org.eclipse.aether.repository.Proxy(proxy.getProtocol(), proxy.getHost(),
                        proxy.getPort(), auth), proxy.getNonProxyHosts());
            }
            session.setProxySelector(selector);
        }
        return session.setMirrorSelector(mirrors).setAuthenticationSelector(credentials).setOffline(settings.isOffline());
    }
}
