package io.kin.broker.delayed;

import io.vertx.core.Future;

import java.util.List;

/** Where delayed publishes wait, so they survive a restart. */
public interface DelayedStore {

    Future<Void> saved(DelayedPublishes.Scheduled scheduled);

    Future<Void> removed(long id);

    Future<List<DelayedPublishes.Scheduled>> loadAll();
}
