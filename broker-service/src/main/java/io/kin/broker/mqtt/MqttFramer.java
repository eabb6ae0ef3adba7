package io.kin.broker.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Cuts the byte stream into whole MQTT packets before Netty's MQTT decoder sees them, and enforces the Maximum
 * Packet Size on the whole packet (fixed header included) [MQTT-3.2.2-15].
 *
 * <p>Why it exists: Netty's {@code MqttDecoder} is a {@code ReplayingDecoder}; when a packet's variable header is
 * split across two reads it compares the replay buffer's "readable bytes" (which a replaying buffer reports as
 * about {@code Integer.MAX_VALUE}) with its size limit and fails a small packet as too long. Giving it complete
 * packets only avoids that, and lets an oversize packet be answered with DISCONNECT 0x95 instead of a decode error.
 */
final class MqttFramer extends ByteToMessageDecoder {

    /** Passed on instead of a packet larger than the limit; everything after it is discarded. */
    record PacketTooLarge(long size) {
    }

    /** Passed on when the remaining length is not a valid variable byte integer. */
    record MalformedLength() {
    }

    /**
     * Passed on instead of a packet with a UTF-8 string that is not well-formed or contains U+0000 [MQTT-1.5.4-1/2]
     * (see {@link PacketStrings}): Netty's decoder would turn the bad bytes into U+FFFD and hide the error.
     *
     * @param protocolLevel the level of the connection's CONNECT (of this packet, if it is the CONNECT); 0 if unknown
     */
    record MalformedUtf8(int packetType, int protocolLevel) {
    }

    /** Passed on instead of a PUBLISH whose topic name contains a wildcard [MQTT-3.3.2-2]: Topic Name invalid. */
    record WildcardInTopicName() {
    }

    private final int maxPacketSize;
    private boolean discarding;
    /** Protocol level from CONNECT (5 = MQTT 5: packets carry properties). */
    private int protocolLevel;

    MqttFramer(int maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!discarding && in.readableBytes() >= 2) {
            int start = in.readerIndex();
            long remaining = 0;
            int multiplier = 1;
            int lengthBytes = 0;
            boolean complete = false;
            while (lengthBytes < 4 && start + 1 + lengthBytes < in.writerIndex()) {
                int digit = in.getUnsignedByte(start + 1 + lengthBytes);
                lengthBytes++;
                remaining += (long) (digit & 0x7F) * multiplier;
                multiplier *= 128;
                if ((digit & 0x80) == 0) {
                    complete = true;
                    break;
                }
            }
            if (!complete) {
                if (lengthBytes == 4) {
                    discard(in, out, new MalformedLength()); // a fifth length byte is malformed [MQTT-1.5.5]
                }
                return; // the length is not all here yet
            }
            long size = 1 + lengthBytes + remaining;
            if (size > maxPacketSize) {
                discard(in, out, new PacketTooLarge(size));
                return;
            }
            if (in.readableBytes() < size) {
                return; // wait for the rest of the packet
            }
            int headerSize = 1 + lengthBytes;
            int firstByte = in.getUnsignedByte(start);
            int type = firstByte >> 4;
            if (type == 1 && protocolLevel == 0) {
                rememberProtocolLevel(in, start + headerSize); // the first CONNECT settles it
            }
            PacketStrings.Verdict verdict = PacketStrings.check(in, type, firstByte & 0x0F, protocolLevel,
                    start + headerSize, start + (int) size);
            if (verdict == PacketStrings.Verdict.ILL_FORMED_UTF8) {
                discard(in, out, new MalformedUtf8(type, protocolLevel));
                return;
            }
            if (verdict == PacketStrings.Verdict.WILDCARD_IN_TOPIC_NAME) {
                discard(in, out, new WildcardInTopicName());
                return;
            }
            out.add(in.readRetainedSlice((int) size));
        }
        if (discarding) {
            in.skipBytes(in.readableBytes());
        }
    }

    private void rememberProtocolLevel(ByteBuf in, int at) {
        if (at + 2 <= in.writerIndex()) {
            int nameLength = in.getUnsignedShort(at);
            int levelAt = at + 2 + nameLength;
            if (levelAt < in.writerIndex()) {
                protocolLevel = in.getUnsignedByte(levelAt);
            }
        }
    }

    private void discard(ByteBuf in, List<Object> out, Object marker) {
        discarding = true;
        in.skipBytes(in.readableBytes());
        out.add(marker);
    }
}
