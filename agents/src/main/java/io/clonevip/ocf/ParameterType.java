package io.clonevip.ocf;

/**
 * The type of an agent parameter. ra-api-1.dtd knows {@code string}, {@code integer},
 * {@code boolean} and {@code time}; {@link #SELECT} is a string restricted to a list of
 * choices: the XML says {@code string} and names the choices in the long description,
 * {@link OcfEnv#choice} enforces them.
 */
public enum ParameterType {
    STRING("string"),
    INTEGER("integer"),
    BOOLEAN("boolean"),
    TIME("time"),
    SELECT("string");

    private final String dtdType;

    ParameterType(String dtdType) {
        this.dtdType = dtdType;
    }

    /** The {@code content type} written into the meta-data XML. */
    public String dtdType() {
        return dtdType;
    }
}
