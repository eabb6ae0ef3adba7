package io.kin.broker.mqtt;

import io.netty.buffer.ByteBuf;

/**
 * Checks the UTF-8 strings of one whole packet on its raw bytes: client identifier, will topic, user name, topic
 * names and filters, and every string property (Content Type, Response Topic, Reason String, user properties,
 * Authentication Method...). Ill-formed UTF-8 or U+0000 is a Malformed Packet [MQTT-1.5.4-1] [MQTT-1.5.4-2]
 * (MQTT 3.1.1: [MQTT-1.5.3-1/2], close). Why on raw bytes: Netty's decoder turns bad bytes into U+FFFD and
 * hides the error.
 *
 * <p>Only strings are judged here. When the packet is broken in another way (a length running past its end, an
 * unknown property) the check gives up and answers {@link Verdict#OK}: Netty's decoder then reports that packet as
 * malformed.
 *
 * <p>The PUBLISH path stays cheap: the topic is one byte loop, and properties are only looked at when the packet
 * has some.
 */
final class PacketStrings {

    enum Verdict { OK, ILL_FORMED_UTF8, WILDCARD_IN_TOPIC_NAME }

    /** A string was ill-formed. */
    private static final int BAD = -1;
    /** The packet's structure is broken (not a string problem): the decoder reports it. */
    private static final int GIVE_UP = -2;

    private static final int CONNECT = 1;
    private static final int PUBLISH = 3;
    private static final int PUBACK = 4;
    private static final int PUBCOMP = 7;
    private static final int SUBSCRIBE = 8;
    private static final int UNSUBSCRIBE = 10;
    private static final int DISCONNECT = 14;
    private static final int AUTH = 15;

    private PacketStrings() {
    }

    /**
     * @param flags         the low four bits of the fixed header (QoS of a PUBLISH)
     * @param protocolLevel the level of the connection's CONNECT (5 = properties present), 0 before CONNECT
     * @param at            first byte after the fixed header
     * @param end           index after the packet
     */
    static Verdict check(ByteBuf in, int type, int flags, int protocolLevel, int at, int end) {
        boolean v5 = protocolLevel == 5;
        int result;
        switch (type) {
            case CONNECT:
                result = connect(in, at, end);
                break;
            case PUBLISH:
                return publish(in, (flags >> 1) & 3, v5, at, end);
            case SUBSCRIBE:
            case UNSUBSCRIBE:
                result = subscribe(in, type == SUBSCRIBE, v5, at + 2, end);
                break;
            case DISCONNECT:
            case AUTH: // reason code, then properties when the packet is longer than one byte
                result = v5 && end - at > 1 ? properties(in, at + 1, end) : 0;
                break;
            default:
                // PUBACK, PUBREC, PUBREL, PUBCOMP: packet id, reason code, then properties if longer than 3 bytes
                result = v5 && type >= PUBACK && type <= PUBCOMP && end - at > 3 ? properties(in, at + 3, end) : 0;
        }
        return result == BAD ? Verdict.ILL_FORMED_UTF8 : Verdict.OK;
    }

    /** The topic name, then (MQTT 5, only when the property length is not 0) the properties. */
    private static Verdict publish(ByteBuf in, int qos, boolean v5, int at, int end) {
        if (at + 2 > end) {
            return Verdict.OK;
        }
        int length = in.getUnsignedShort(at);
        int from = at + 2;
        if (from + length > end) {
            return Verdict.OK;
        }
        if (!wellFormed(in, from, from + length)) {
            return Verdict.ILL_FORMED_UTF8;
        }
        // '+' and '#' are ASCII: they never occur inside a multi-byte sequence
        if (in.indexOf(from, from + length, (byte) '+') >= 0 || in.indexOf(from, from + length, (byte) '#') >= 0) {
            return Verdict.WILDCARD_IN_TOPIC_NAME; // [MQTT-3.3.2-2]
        }
        if (!v5) {
            return Verdict.OK;
        }
        int p = from + length + (qos > 0 ? 2 : 0);
        if (p >= end || in.getByte(p) == 0) {
            return Verdict.OK; // no properties: nothing more to read
        }
        return properties(in, p, end) == BAD ? Verdict.ILL_FORMED_UTF8 : Verdict.OK;
    }

    /** Protocol name, level, flags, keep alive, [properties], client id, [will properties, topic, payload], [user name]. */
    private static int connect(ByteBuf in, int at, int end) {
        if (at + 2 > end) {
            return GIVE_UP;
        }
        int p = at + 2 + in.getUnsignedShort(at); // the protocol name is compared byte for byte by the decoder
        if (p + 4 > end) {
            return GIVE_UP;
        }
        int level = in.getUnsignedByte(p);
        int flags = in.getUnsignedByte(p + 1);
        if (level < 3 || level > 5) {
            return GIVE_UP; // an unknown level is refused as such
        }
        p += 4;
        if (level == 5) {
            p = properties(in, p, end);
        }
        p = string(in, p, end); // client identifier
        if ((flags & 0x04) != 0) { // will flag
            if (level == 5) {
                p = properties(in, p, end);
            }
            p = string(in, p, end); // will topic
            p = binary(in, p, end); // will payload
        }
        if ((flags & 0x80) != 0) {
            p = string(in, p, end); // user name (the password is binary data)
        }
        return p;
    }

    /** Packet id (already skipped), [properties], then filters (each followed by an options byte on SUBSCRIBE). */
    private static int subscribe(ByteBuf in, boolean withOptions, boolean v5, int at, int end) {
        int p = v5 ? properties(in, at, end) : at;
        while (p >= 0 && p < end) {
            p = string(in, p, end);
            if (p >= 0 && withOptions) {
                p++;
            }
        }
        return p;
    }

    /**
     * Checks the string properties of a property block; returns the index after it, {@link #BAD} or
     * {@link #GIVE_UP}. Identifiers and their types are those of MQTT 5 section 2.2.2.2.
     */
    static int properties(ByteBuf in, int at, int end) {
        if (at < 0) {
            return at;
        }
        long lengthAndSize = varInt(in, at, end);
        if (lengthAndSize < 0) {
            return GIVE_UP;
        }
        int p = at + (int) (lengthAndSize & 0xF);
        int stop = p + (int) (lengthAndSize >>> 4);
        if (stop > end) {
            return GIVE_UP;
        }
        while (p >= 0 && p < stop) {
            int id = in.getUnsignedByte(p++);
            switch (id) {
                case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> p += 1; // byte
                case 0x13, 0x21, 0x22, 0x23 -> p += 2; // two byte integer
                case 0x02, 0x11, 0x18, 0x27 -> p += 4; // four byte integer
                case 0x0B -> { // subscription identifier: variable byte integer
                    long v = varInt(in, p, stop);
                    p = v < 0 ? GIVE_UP : p + (int) (v & 0xF);
                }
                case 0x09, 0x16 -> p = binary(in, p, stop); // correlation data, authentication data
                // content type, response topic, assigned client id, authentication method, response information,
                // server reference, reason string
                case 0x03, 0x08, 0x12, 0x15, 0x1A, 0x1C, 0x1F -> p = string(in, p, stop);
                case 0x26 -> p = string(in, string(in, p, stop), stop); // user property: name, value
                default -> p = GIVE_UP; // unknown: the decoder refuses the packet
            }
        }
        return p < 0 ? p : p > stop ? GIVE_UP : stop;
    }

    /** Checks the length-prefixed UTF-8 string at {@code at}; returns the index after it, BAD or GIVE_UP. */
    private static int string(ByteBuf in, int at, int end) {
        if (at < 0) {
            return at;
        }
        if (at + 2 > end) {
            return GIVE_UP;
        }
        int from = at + 2;
        int to = from + in.getUnsignedShort(at);
        if (to > end) {
            return GIVE_UP;
        }
        return wellFormed(in, from, to) ? to : BAD;
    }

    private static int binary(ByteBuf in, int at, int end) {
        if (at < 0) {
            return at;
        }
        if (at + 2 > end) {
            return GIVE_UP;
        }
        int to = at + 2 + in.getUnsignedShort(at);
        return to > end ? GIVE_UP : to;
    }

    /** A variable byte integer: its value shifted left by 4, plus its size in bytes; -1 if malformed. */
    private static long varInt(ByteBuf in, int at, int end) {
        long value = 0;
        int multiplier = 1;
        for (int i = 0; i < 4 && at + i < end; i++) {
            int digit = in.getUnsignedByte(at + i);
            value += (long) (digit & 0x7F) * multiplier;
            if ((digit & 0x80) == 0) {
                return value << 4 | (i + 1);
            }
            multiplier *= 128;
        }
        return -1;
    }

    /**
     * Whether the bytes are well-formed UTF-8 (Unicode table 3-7: no overlong forms, no surrogates, nothing above
     * U+10FFFF) without U+0000.
     */
    static boolean wellFormed(ByteBuf in, int from, int to) {
        int i = from;
        while (i < to) {
            int b = in.getUnsignedByte(i++);
            if (b < 0x80) {
                if (b == 0) {
                    return false; // [MQTT-1.5.4-2]
                }
                continue;
            }
            int more;
            int low = 0x80;
            int high = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                more = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                more = 2;
                if (b == 0xE0) {
                    low = 0xA0; // overlong
                } else if (b == 0xED) {
                    high = 0x9F; // U+D800..U+DFFF, surrogates [MQTT-1.5.4-1]
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                more = 3;
                if (b == 0xF0) {
                    low = 0x90; // overlong
                } else if (b == 0xF4) {
                    high = 0x8F; // above U+10FFFF
                }
            } else {
                return false; // a continuation byte first, an overlong C0/C1 lead, or F5..FF
            }
            if (i + more > to) {
                return false;
            }
            int second = in.getUnsignedByte(i);
            if (second < low || second > high) {
                return false;
            }
            for (int k = 1; k < more; k++) {
                if ((in.getUnsignedByte(i + k) & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += more;
        }
        return true;
    }
}
