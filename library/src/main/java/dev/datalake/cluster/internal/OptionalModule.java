package dev.datalake.cluster.internal;

/**
 * A service the user turns on with the builder's switch ({@code kafka(true)}); off until then. Its
 * {@link #settled} copy must carry the switch over ({@code copy.enable(enabled())}).
 */
public abstract class OptionalModule implements ServiceModule {

    private boolean enabled;

    @Override
    public final boolean enabled() {
        return enabled;
    }

    @Override
    public final boolean optional() {
        return true;
    }

    @Override
    public final void enable(boolean enabled) {
        this.enabled = enabled;
    }
}
