package io.kin.broker.events;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The broker's one event stream. Listeners run on the thread that emits (an event loop), so they must be quick and
 * must not block; a failing listener is logged and never breaks the emitter.
 */
@ApplicationScoped
public class BrokerEvents {

    private static final Logger LOG = Logger.getLogger(BrokerEvents.class);

    private final List<Consumer<BrokerEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<BrokerEvent>> messageListeners = new CopyOnWriteArrayList<>();

    /** Listens to client and subscription events. */
    public Runnable listen(Consumer<BrokerEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Also listens to per-message events (delivered, acked, dropped), which cost an object per message. */
    public Runnable listenIncludingMessages(Consumer<BrokerEvent> listener) {
        listeners.add(listener);
        messageListeners.add(listener);
        return () -> {
            listeners.remove(listener);
            messageListeners.remove(listener);
        };
    }

    /** Whether anyone wants per-message events; emitters skip building them otherwise. */
    public boolean wantsMessageEvents() {
        return !messageListeners.isEmpty();
    }

    public void emit(BrokerEvent event) {
        boolean perMessage = event instanceof BrokerEvent.MessageDelivered || event instanceof BrokerEvent.MessageAcked
                || event instanceof BrokerEvent.MessageDropped;
        for (Consumer<BrokerEvent> l : perMessage ? messageListeners : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.warnf(e, "event listener failed on %s", event.getClass().getSimpleName());
            }
        }
    }
}
