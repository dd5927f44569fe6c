package dev.datalake.cluster.images;

import java.util.Map;
import org.eclipse.aether.internal.impl.LegacyTrackingFileManager;
import org.eclipse.aether.internal.impl.TrackingFileManager;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.spi.connector.transport.TransporterFactory;
import org.eclipse.aether.transport.file.FileTransporterFactory;
import org.eclipse.aether.transport.jdk.JdkTransporterFactory;

/**
 * Resolver 2.0.17 builds its tracking file manager through a {@code javax.inject.Provider}, a class
 * that is not on a plain classpath (apache/maven-resolver#1858, fixed in 2.0.18): build the
 * default one, {@code legacy}, directly. HTTP goes through the JDK's own client, not Apache
 * HttpClient 4.5, which would otherwise land on every user's test classpath.
 */
final class ResolverSupplier extends RepositorySystemSupplier {
    @Override
    protected TrackingFileManager createTrackingFileManager() {
        return new LegacyTrackingFileManager();
    }

    @Override
    protected Map<String, TransporterFactory> createTransporterFactories() {
        return Map.of(FileTransporterFactory.NAME, new FileTransporterFactory(),
                JdkTransporterFactory.NAME, new JdkTransporterFactory(getChecksumExtractor(), getPathProcessor()));
    }
}
