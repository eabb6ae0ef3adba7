package io.kin.bench.options;

import io.kin.bench.client.MqttVersion;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

public final class MqttVersionConverter implements ITypeConverter<MqttVersion> {

    @Override
    public MqttVersion convert(String text) {
        try {
            return MqttVersion.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
