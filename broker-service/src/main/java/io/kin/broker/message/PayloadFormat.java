package io.kin.broker.message;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** The Payload Format Indicator's promise: 1 means the payload is valid UTF-8 [MQTT-3.3.2-4]. */
public final class PayloadFormat {

    private PayloadFormat() {
    }

    public static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Whether a message claiming UTF-8 really is. */
    public static boolean honoured(Message m) {
        Integer pfi = m.properties().payloadFormatIndicator();
        return pfi == null || pfi != 1 || isUtf8(m.payload());
    }
}
