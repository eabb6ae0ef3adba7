package io.kin.bench.jmh;

import io.kin.broker.routing.DispatchStrategy;
import io.kin.broker.routing.Subscription;
import io.kin.broker.routing.TopicTree;

import java.util.SplittableRandom;

/**
 * A fleet-shaped subscription set: devices under tenants and sites, most subscribers on exact device topics,
 * some on {@code +} wildcards, some on {@code #}, a few shared groups — the mix a broker of many devices sees.
 */
final class SubscriptionSet {

    static final int TENANTS = 100;
    static final int SITES = 50;

    private SubscriptionSet() {
    }

    static String deviceTopic(int tenant, int site, int device) {
        return "tenant/" + tenant + "/site/" + site + "/device/" + device + "/telemetry";
    }

    /** Builds a tree of {@code size} subscriptions: 80% exact, 10% '+', 8% '#', 2% shared. */
    static TopicTree build(int size, long seed) {
        TopicTree tree = new TopicTree(DispatchStrategy.ROUND_ROBIN);
        SplittableRandom random = new SplittableRandom(seed);
        int devicesPerSite = Math.max(1, size / (TENANTS * SITES));
        for (int i = 0; i < size; i++) {
            int tenant = random.nextInt(TENANTS);
            int site = random.nextInt(SITES);
            int device = random.nextInt(devicesPerSite);
            int kind = random.nextInt(100);
            String filter;
            String group = null;
            if (kind < 80) {
                filter = deviceTopic(tenant, site, device);
            } else if (kind < 90) {
                filter = "tenant/" + tenant + "/site/+/device/" + device + "/telemetry";
            } else if (kind < 98) {
                filter = "tenant/" + tenant + "/site/" + site + "/#";
            } else {
                filter = "tenant/" + tenant + "/site/+/device/+/telemetry";
                group = "g" + (i % 4);
            }
            tree.subscribe(new Subscription("client-" + i, filter, group, 1, false, false, 0, 0));
        }
        return tree;
    }

    static int devicesPerSite(int size) {
        return Math.max(1, size / (TENANTS * SITES));
    }
}
