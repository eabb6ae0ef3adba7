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

    private final int maxPacketSize;
    private boolean discarding;

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
            out.add(in.readRetainedSlice((int) size));
        }
        if (discarding) {
            in.skipBytes(in.readableBytes());
        }
    }

    private void discard(ByteBuf in, List<Object> out, Object marker) {
        discarding = true;
        in.skipBytes(in.readableBytes());
        out.add(marker);
    }
}
