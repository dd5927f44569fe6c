package dev.datalake.cluster.images;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.TransferEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts what was actually downloaded, to tell a cold resolution from one served by the local repository. */
final class TransferCounter extends AbstractTransferListener {
    private static final Logger LOG = LoggerFactory.getLogger(MavenArtifacts.class);

    final AtomicInteger files = new AtomicInteger();
    final AtomicLong bytes = new AtomicLong();

    @Override
    public void transferSucceeded(TransferEvent event) {
        String name = event.getResource().getResourceName();
        if (event.getRequestType() == TransferEvent.RequestType.GET
                && !name.endsWith(".sha1") && !name.endsWith(".md5")) {
            files.incrementAndGet();
            bytes.addAndGet(event.getTransferredBytes());
            LOG.debug("Downloaded {}{}", event.getResource().getRepositoryUrl(), name);
        }
    }
}
