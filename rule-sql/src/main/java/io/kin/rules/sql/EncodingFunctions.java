package io.kin.rules.sql;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** Hashes, Base64 and JSON. Text is UTF-8; hashes are lowercase hex. */
final class EncodingFunctions {

    private EncodingFunctions() {
    }

    static Object md5(Object s) {
        return digest("MD5", s);
    }

    static Object sha256(Object s) {
        return digest("SHA-256", s);
    }

    private static String digest(String algorithm, Object s) {
        try {
            // MessageDigest is not thread-safe; getInstance is cheap next to hashing
            byte[] hash = MessageDigest.getInstance(algorithm).digest(Values.toText(s).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every JVM", e);
        }
    }

    static Object base64Encode(Object s) {
        return Base64.getEncoder().encodeToString(Values.toText(s).getBytes(StandardCharsets.UTF_8));
    }

    /** Standard Base64 (RFC 4648) to UTF-8 text; anything else fails the evaluation. */
    static Object base64Decode(Object s) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(Values.toText(s).strip());
        } catch (IllegalArgumentException e) {
            throw new RuleEvaluationException("base64_decode: input is not valid Base64: " + e.getMessage());
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RuleEvaluationException("base64_decode: the decoded bytes are not UTF-8 text");
        }
    }

    /** Any value as JSON text; null gives 'null'. */
    static Object jsonEncode(Object value) {
        return Json.encode(value);
    }

    /** JSON text to a value; a value that is not text (already decoded) is returned as it is. */
    static Object jsonDecode(Object value) {
        return value instanceof String s ? Json.decode(s) : value;
    }
}
