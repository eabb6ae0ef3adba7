package io.kin.bench.traffic;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadTest {

    @Test
    void theHeaderSurvivesARoundTripThroughAPaddedPayload() {
        ByteBuffer payload = Payload.encode(256, 42, 123_456_789L, 987_654_321_000L);

        assertThat(payload.remaining()).isEqualTo(256);
        assertThat(Payload.decode(payload)).isEqualTo(new Payload.Header(42, 123_456_789L, 987_654_321_000L));
    }

    @Test
    void aPayloadSizeBelowTheHeaderIsRoundedUpToTheHeader() {
        assertThat(Payload.encode(4, 1, 2, 3).remaining()).isEqualTo(Payload.HEADER_BYTES);
        assertThat(Payload.effectiveSize(4)).isEqualTo(Payload.HEADER_BYTES);
        assertThat(Payload.effectiveSize(1024)).isEqualTo(1024);
    }

    @Test
    void decodingReadsFromTheBufferPositionWithoutConsumingIt() {
        ByteBuffer framed = ByteBuffer.allocate(100);
        framed.position(10);
        framed.put(Payload.encode(64, 3, 4, 5));
        framed.position(10);

        assertThat(Payload.decode(framed)).isEqualTo(new Payload.Header(3, 4, 5));
        assertThat(framed.position()).isEqualTo(10);
    }

    @Test
    void messagesThatAreNotLoadMessagesAreRecognised() {
        assertThat(Payload.decode(ByteBuffer.wrap("hello, somebody else's temperature reading"
                .getBytes(StandardCharsets.UTF_8)))).isNull();
        assertThat(Payload.decode(ByteBuffer.allocate(5))).isNull();
    }
}
