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
     * Passed on instead of a packet whose topic name or filters are not well-formed UTF-8 [MQTT-1.5.4-1]: Netty's
     * decoder would turn the bad bytes into U+FFFD and hide the error.
     */
    record MalformedUtf8(int packetType) {
    }

    private final int maxPacketSize;
    private boolean discarding;
    /** Protocol level from CONNECT (5 = MQTT 5: SUBSCRIBE and UNSUBSCRIBE carry properties). */
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
            int type = in.getUnsignedByte(start) >> 4;
            if (type == 1) {
                rememberProtocolLevel(in, start + headerSize);
            } else if (!stringsAreUtf8(in, type, start + headerSize, start + (int) size)) {
                discard(in, out, new MalformedUtf8(type));
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

    /** Checks the strings Kin routes on: the PUBLISH topic name, SUBSCRIBE and UNSUBSCRIBE filters. */
    private boolean stringsAreUtf8(ByteBuf in, int type, int at, int end) {
        switch (type) {
            case 3: // PUBLISH: topic name first
                return utf8(in, at, end) >= 0;
            case 8: // SUBSCRIBE: packet id, [properties], then (filter, options)*
            case 10: { // UNSUBSCRIBE: packet id, [properties], then filter*
                int p = at + 2;
                if (protocolLevel == 5) {
                    p = skipProperties(in, p, end);
                    if (p < 0) {
                        return true; // malformed in other ways: the decoder reports it
                    }
                }
                while (p < end) {
                    int next = utf8(in, p, end);
                    if (next < 0) {
                        return false;
                    }
                    p = type == 8 ? next + 1 : next;
                }
                return true;
            }
            default:
                return true;
        }
    }

    /** Validates the length-prefixed UTF-8 string at {@code at}; returns the index after it, or -1 if ill-formed. */
    private static int utf8(ByteBuf in, int at, int end) {
        if (at + 2 > end) {
            return end; // too short: the decoder reports it
        }
        int length = in.getUnsignedShort(at);
        int from = at + 2;
        if (from + length > end) {
            return end;
        }
        java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        try {
            CharSequence text = decoder.decode(in.nioBuffer(from, length));
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\u0000') {
                    return -1; // U+0000 is not allowed in MQTT strings [MQTT-1.5.4-2]
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            return -1;
        }
        return from + length;
    }

    private static int skipProperties(ByteBuf in, int at, int end) {
        int length = 0;
        int multiplier = 1;
        int p = at;
        for (int i = 0; i < 4; i++) {
            if (p >= end) {
                return -1;
            }
            int digit = in.getUnsignedByte(p++);
            length += (digit & 0x7F) * multiplier;
            multiplier *= 128;
            if ((digit & 0x80) == 0) {
                return p + length <= end ? p + length : -1;
            }
        }
        return -1;
    }

    private void discard(ByteBuf in, List<Object> out, Object marker) {
        discarding = true;
        in.skipBytes(in.readableBytes());
        out.add(marker);
    }
}
