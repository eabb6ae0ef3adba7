package io.kin.admin.api.clients;

import io.kin.admin.api.subscriptions.SubscriptionView;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

@Schema(name = "ClientDetail", description = "A connected client with its subscriptions")
public record ClientDetail(ClientView client, List<SubscriptionView> subscriptions) {
}
