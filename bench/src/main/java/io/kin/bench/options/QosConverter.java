package io.kin.bench.options;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** MQTT quality of service: 0, 1 or 2, rejected at parse time otherwise. */
public final class QosConverter implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String text) {
        return switch (text.trim()) {
            case "0" -> 0;
            case "1" -> 1;
            case "2" -> 2;
            default -> throw new TypeConversionException("QoS must be 0, 1 or 2, not '" + text + "'");
        };
    }
}
