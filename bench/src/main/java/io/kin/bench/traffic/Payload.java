package io.kin.bench.traffic;

import java.nio.ByteBuffer;

/**
 * The load message body: a fixed header saying who sent it, which one it is and when, padded to the payload size.
 * All clients run in one JVM, so the {@link System#nanoTime()} send time can be compared with the receive time.
 *
 * <pre>
 *   0  2 bytes  magic "KB" (tells load messages from anything else on the topic)
 *   2  4 bytes  publisher id
 *   6  8 bytes  sequence number, 0, 1, 2 ... per publisher
 *  14  8 bytes  send time, System.nanoTime()
 *  22  ...      filler up to the payload size
 * </pre>
 */
public final class Payload {

    public static final int HEADER_BYTES = 22;
    private static final short MAGIC = 0x4B42;

    private Payload() {
    }

    /** The payload size actually sent: the header does not fit in less. */
    public static int effectiveSize(int requestedSize) {
        return Math.max(HEADER_BYTES, requestedSize);
    }

    public static ByteBuffer encode(int size, int publisherId, long sequence, long sendNanos) {
        byte[] bytes = new byte[effectiveSize(size)];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.putShort(MAGIC).putInt(publisherId).putLong(sequence).putLong(sendNanos);
        for (int i = HEADER_BYTES; i < bytes.length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return ByteBuffer.wrap(bytes);
    }

    /** Reads the header without copying, or returns {@code null} if this is not a load message. */
    public static Header decode(ByteBuffer payload) {
        int at = payload.position();
        if (payload.remaining() < HEADER_BYTES || payload.getShort(at) != MAGIC) {
            return null;
        }
        return new Header(payload.getInt(at + 2), payload.getLong(at + 6), payload.getLong(at + 14));
    }

    public record Header(int publisherId, long sequence, long sendNanos) {
    }
}
