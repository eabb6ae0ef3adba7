package io.kin.admin.api.publish;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "PublishResult", description = "Where the message entered the cluster and how many sessions got it")
public record PublishResult(@Schema(example = "node-1") String node, @Schema(example = "3") int routed) {
}
